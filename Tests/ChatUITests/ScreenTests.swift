import ChatProtocol
import Testing

@testable import ChatUI

/// Whole screens rendered on a text canvas: what a person would see, asserted row by row.
@Suite("Screen")
struct ScreenTests {
    static let t0: Int64 = 1_700_000_000_000  // 22:13 UTC

    static func frame(
        _ type: MessageType, _ source: String, _ data: String, id: UInt64? = nil, to: String? = nil,
        users: [String]? = nil
    ) -> Message {
        Message(
            type: type, dataSource: source, data: data, id: id, ts: Timestamp.format(millisecondsSince1970: t0),
            users: users, to: to)
    }

    static func state(width: Int = 60, height: Int = 12) -> ChatState {
        var state = ChatState(
            serverAddress: "127.0.0.1:8080", myName: "alice", size: Size(width: width, height: height))
        _ = state.apply(.connected, now: t0)
        _ = state.apply(
            .frame(
                frame(.welcome, "server", "Welcome to swchat, alice! 2 online.", to: "alice", users: ["bob", "alice"])),
            now: t0)
        return state
    }

    static func render(_ state: ChatState) -> TextCanvas {
        var canvas = TextCanvas(size: state.size)
        Renderer.draw(state, on: &canvas)
        return canvas
    }

    /// Display column of the first "│" in a row (CJK counts 2), or nil.
    static func barColumn(_ line: String) -> Int? {
        var column = 0
        for character in line {
            if character == "│" { return column }
            column += TextWidth.columns(of: character)
        }
        return nil
    }

    @Test("a TLS link is marked on the status line, a clear one is not")
    func tlsMark() {
        var state = Self.state()
        #expect(Self.render(state).lines[10].hasPrefix(" [connected] 127.0.0.1:8080 as alice"))
        state.encrypted = true
        #expect(Self.render(state).lines[10].hasPrefix(" [connected] TLS 127.0.0.1:8080 as alice"))
    }

    @Test("log, sidebar with count and own name marked, status line, input line")
    func layout() {
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.chat, "bob", "hi alice", id: 1)), now: Self.t0)
        let lines = Self.render(state).lines
        #expect(lines[0].hasPrefix("22:13 -- connected to 127.0.0.1:8080"))
        #expect(lines[0].hasSuffix("│ Online 2"))
        #expect(lines[1].hasSuffix("│ *alice"))
        #expect(lines[2].hasSuffix("│  bob"))
        #expect(lines[1].hasPrefix("22:13 -- Welcome to swchat"))
        #expect(lines[2].hasPrefix("         online."), "continuation rows are indented under the text")
        #expect(lines[3].hasPrefix("22:13 <bob> hi alice"))
        #expect(lines[10].hasPrefix(" [connected] 127.0.0.1:8080 as alice"))
        #expect(lines[11] == ">")
        for line in lines.prefix(10) {
            #expect(Self.barColumn(line) == 41, "bar must stay at column 41: \(line)")
        }
    }

    @Test("Chinese text wraps by columns under the text, and the sidebar line stays straight")
    func chineseWrapping() {
        var state = Self.state(width: 60, height: 12)
        let text = "你好，世界！这是一条很长的中文消息，用来测试换行是否按照终端的列宽正确处理，而不会把侧栏挤歪。"
        _ = state.apply(.frame(Self.frame(.chat, "张三", text, id: 1)), now: Self.t0)
        let canvas = Self.render(state)
        let lines = canvas.lines
        let start = try! #require(lines.firstIndex { $0.contains("<张三>") })
        #expect(lines[start].hasPrefix("22:13 <张三> 你好"))
        let indent = TextWidth.columns(of: "22:13 <张三> ")
        #expect(lines[start + 1].hasPrefix(String(repeating: " ", count: indent)))
        var rebuilt = ""
        for line in lines[start...start + 3] {
            let logPart = String(line.prefix { $0 != "│" })
            #expect(TextWidth.columns(of: logPart) <= 41)
            rebuilt += logPart.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "22:13<张三>", with: "")
        }
        #expect(rebuilt.hasPrefix(text.replacingOccurrences(of: " ", with: "").prefix(20)))
        for line in lines.prefix(10) {
            #expect(Self.barColumn(line) == 41, "bar must stay at column 41: \(line)")
        }
    }

    @Test("resizing re-wraps the log; a narrow terminal drops the sidebar and says so; a tiny one says it is too small")
    func resize() {
        var state = Self.state(width: 100, height: 12)
        _ = state.apply(.frame(Self.frame(.chat, "bob", String(repeating: "word ", count: 30), id: 1)), now: Self.t0)
        let wide = Self.render(state).lines.filter { $0.contains("word") }.count
        _ = state.apply(.resized(Size(width: 50, height: 12)), now: Self.t0)
        let narrowLines = Self.render(state).lines
        #expect(narrowLines.filter { $0.contains("word") }.count > wide)
        #expect(narrowLines.allSatisfy { !$0.contains("│") })
        #expect(narrowLines[10].contains("sidebar hidden"))
        _ = state.apply(.resized(Size(width: 15, height: 3)), now: Self.t0)
        let tiny = Self.render(state).lines
        #expect(tiny[0].hasPrefix("Terminal too"), "\(tiny)")
    }

    @Test("escape sequences and control characters from others are shown as text, never sent to the terminal")
    func hostileText() {
        var state = Self.state()
        _ = state.apply(
            .frame(Self.frame(.chat, "eve\u{1B}[31m", "\u{1B}[2J\u{1B}]0;pwned\u{07}boo\u{9B}1m", id: 1)), now: Self.t0)
        let lines = Self.render(state).lines
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line)")
        }
        #expect(lines.contains { $0.contains("boo") })
    }

    @Test("/me, private, errors, joins and leaves are formatted and styled as such")
    func kinds() {
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.me, "bob", "waves", id: 1)), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.private, "bob", "psst", id: 2, to: "alice")), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.error, "server", "the name carol is taken")), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.join, "carol", "carol joined (3 online)")), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.leave, "carol", "quit: bye")), now: Self.t0)
        let canvas = Self.render(state)
        let lines = canvas.lines
        #expect(lines.contains { $0.hasPrefix("22:13 * bob waves") })
        // A private message has a conversation of its own (RoomBufferTests), shown with Alt-2.
        #expect(!lines.contains { $0.contains("psst") })
        var conversation = state
        _ = conversation.apply(.key(.alt(.character("2"))), now: Self.t0)
        #expect(Self.render(conversation).lines.contains { $0.hasPrefix("22:13 [private] bob → alice: psst") })
        #expect(lines.contains { $0.hasPrefix("22:13 !! the name carol is taken") })
        #expect(lines.contains { $0.hasPrefix("22:13 -- carol joined (3 online)") })
        #expect(lines.contains { $0.hasPrefix("22:13 -- carol left (quit: bye)") })
        let joinRow = try! #require(lines.firstIndex { $0.contains("carol joined") })
        #expect(canvas.style(at: Point(x: 9, y: joinRow)).dim)
        #expect(state.users == ["alice", "bob"])
    }

    @Test("scrolling up shows 'more below', keeps the view still as lines arrive, and End returns to the bottom")
    func scrolling() {
        var state = Self.state(width: 60, height: 8)
        for index in 1...40 {
            _ = state.apply(.frame(Self.frame(.chat, "bob", "line \(index)", id: UInt64(index))), now: Self.t0)
        }
        _ = state.apply(.key(.pageUp), now: Self.t0)
        var lines = Self.render(state).lines
        #expect(lines[6].contains("-- more below ("))
        let top = lines[0]
        _ = state.apply(.frame(Self.frame(.chat, "bob", "line 41", id: 41)), now: Self.t0)
        lines = Self.render(state).lines
        #expect(lines[0] == top, "new lines must not move a scrolled view")
        for _ in 0..<50 { _ = state.apply(.key(.pageUp), now: Self.t0) }
        lines = Self.render(state).lines
        #expect(lines[0].contains("connected to"), "scrolling stops at the oldest line: \(lines)")
        _ = state.apply(.key(.end), now: Self.t0)
        lines = Self.render(state).lines
        #expect(lines[5].contains("line 41"))
        #expect(!lines[6].contains("more below"))
    }

    @Test("typing, editing and sending; lines typed while disconnected are kept, not lost")
    func input() {
        var state = Self.state()
        for character in "你好 bob" { _ = state.apply(.key(.character(character)), now: Self.t0) }
        _ = state.apply(.key(.backspace), now: Self.t0)
        _ = state.apply(.key(.character("b")), now: Self.t0)
        #expect(state.editor.text == "你好 bob")
        let canvas = Self.render(state)
        #expect(canvas.lines[11] == "> 你好 bob")
        #expect(canvas.cursor == Point(x: 2 + 8, y: 11))
        #expect(state.apply(.key(.enter), now: Self.t0) == [.send("你好 bob")])
        #expect(state.editor.isEmpty)

        _ = state.apply(.disconnected(reason: "the server closed the connection"), now: Self.t0)
        for character in "lost?" { _ = state.apply(.key(.character(character)), now: Self.t0) }
        #expect(state.apply(.key(.enter), now: Self.t0) == [])
        #expect(state.entries.last?.text.contains("was not sent") == true)
        _ = state.apply(.key(.up), now: Self.t0)
        #expect(state.editor.text == "lost?")
        _ = state.apply(.retrying(inSeconds: 4), now: Self.t0)
        #expect(Self.render(state).lines[10].contains("reconnecting in 4 s"))
        _ = state.apply(.tick, now: Self.t0 + 1500)
        #expect(Self.render(state).lines[10].contains("reconnecting in 3 s"))
    }

    @Test("a reconnect's welcome rebuilds the sidebar and its replay adds no duplicates")
    func reconnect() {
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.chat, "bob", "before", id: 7)), now: Self.t0)
        _ = state.apply(.disconnected(reason: "gone"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        _ = state.apply(
            .frame(Self.frame(.welcome, "server", "Welcome back", to: "alice", users: ["alice", "dave"])), now: Self.t0)
        var replay = Self.frame(.chat, "bob", "before", id: 7)
        replay.replay = true
        _ = state.apply(.frame(replay), now: Self.t0)
        #expect(state.entries.filter { $0.text == "before" }.count == 1)
        #expect(state.users == ["alice", "dave"])
    }

    @Test(
        "Ctrl-C, Ctrl-D on an empty line and /quit leave; /clear empties the log; Tab completes recent speakers first")
    func quitClearComplete() {
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.join, "bart", "bart joined")), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.chat, "bob", "hey", id: 1)), now: Self.t0)
        _ = state.apply(.key(.character("b")), now: Self.t0)
        _ = state.apply(.key(.tab), now: Self.t0)
        #expect(state.editor.text == "bob: ")
        _ = state.apply(.key(.tab), now: Self.t0)
        #expect(state.editor.text == "bart: ")
        _ = state.apply(.key(.control("u")), now: Self.t0)
        for character in "/cl" { _ = state.apply(.key(.character(character)), now: Self.t0) }
        _ = state.apply(.key(.tab), now: Self.t0)
        #expect(state.editor.text == "/clear ")
        _ = state.apply(.key(.enter), now: Self.t0)
        #expect(state.entries.isEmpty)
        #expect(state.apply(.key(.control("d")), now: Self.t0) == [.quit])
        #expect(state.apply(.key(.control("c")), now: Self.t0) == [.quit])
        for character in "/quit bye" { _ = state.apply(.key(.character(character)), now: Self.t0) }
        #expect(state.apply(.key(.enter), now: Self.t0) == [.send("/quit bye"), .quit])
    }

    @Test("mentions stand out; own lines are bold; CJK names are mentioned without spaces")
    func mentions() {
        #expect(ChatState.mentions("hey alice!", name: "alice"))
        #expect(!ChatState.mentions("malice", name: "alice"))
        #expect(ChatState.mentions("张三你好", name: "张三"))
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.chat, "bob", "ping alice", id: 1)), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.chat, "alice", "pong", id: 2)), now: Self.t0)
        #expect(state.entries[state.entries.count - 2].mentionsMe)
        #expect(state.entries.last?.isOwn == true)
        let canvas = Self.render(state)
        let row = try! #require(canvas.lines.firstIndex { $0.contains("ping alice") })
        #expect(canvas.style(at: Point(x: 12, y: row)).role == .mention)
    }

    @Test("a burst of 10,000 messages keeps the scrollback bounded and the screen drawable")
    func burst() {
        var state = ChatState(
            serverAddress: "x", myName: "alice", size: Size(width: 80, height: 24), scrollbackLimit: 1000)
        for index in 1...10_000 {
            _ = state.apply(.frame(Self.frame(.chat, "bob", "message \(index)", id: UInt64(index))), now: Self.t0)
        }
        #expect(state.entries.count <= 1100)
        #expect(Self.render(state).lines[21].contains("message 10000"))
    }
}

extension ScreenTests {
    @Test("a big room's gathered joins and leaves update the sidebar from their name lists")
    func batchedAnnouncements() {
        var state = Self.state()
        _ = state.apply(
            .frame(Self.frame(.join, "server", "3 joined (5 online): c, d, e", users: ["c", "d", "e"])), now: Self.t0)
        #expect(state.users == ["alice", "bob", "c", "d", "e"])
        _ = state.apply(
            .frame(Self.frame(.leave, "server", "2 left (3 online): bob, d", users: ["bob", "d"])), now: Self.t0)
        #expect(state.users == ["alice", "c", "e"])
        #expect(Self.render(state).lines.contains { $0.contains("-- 2 left (3 online): bob, d") })
    }
}
