import ChatProtocol
import Testing

@testable import ChatUI

/// The room bar on screen: its place, entries, marks and styles, wide names, and what it does when it overflows.
/// Also the status line's room and topic, and the sidebar of the room shown.
@Suite("Room bar screen")
struct RoomBarScreenTests {
    typealias F = RoomFixture

    /// The display column where `needle` starts in `line` (wide characters count 2), or nil.
    static func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return TextWidth.columns(of: line[..<range.lowerBound])
    }

    @Test("the layout: the bar's row above the status line, the panes one row shorter; no bar below 5 rows")
    func layout() throws {
        let panes = try #require(Layout(size: Size(width: 60, height: 12), roomBar: true).panes)
        #expect(panes.roomBar == Rect(x: 0, y: 9, width: 60, height: 1))
        #expect(panes.log.height == 9 && panes.sidebar?.height == 9 && panes.status.minY == 10)
        #expect(try #require(Layout(size: Size(width: 60, height: 12)).panes).roomBar == nil)
        let low = try #require(Layout(size: Size(width: 60, height: 4), roomBar: true).panes)
        #expect(low.roomBar == nil && low.log.height == 2)
        #expect(try #require(Layout(size: Size(width: 60, height: 5), roomBar: true).panes).log.height == 2)
    }

    @Test("one room: no bar, the screen as before; two: the bar takes the row above the status line")
    func placement() {
        let one = ScreenTests.render(F.state(rooms: ["lobby"])).lines
        #expect(one[10].hasPrefix(" [connected] 127.0.0.1:8080 as alice in #lobby"))
        #expect(one[9].hasSuffix("│"), "the log still reaches the row above the status line")
        let two = ScreenTests.render(F.state()).lines
        #expect(two[9] == "[1 #lobby] [2 #dev]")
        #expect(two[10].hasPrefix(" [connected] 127.0.0.1:8080 as alice in #lobby"))
        #expect(two[11] == ">")
        for line in two.prefix(9) { #expect(ScreenTests.barColumn(line) == 41, "\(line)") }
    }

    @Test("a whole screen: unread counts, a mention and a private message marked, the current room highlighted")
    func snapshot() {
        var state = F.state(rooms: ["lobby", "dev", "中文"], width: 60, height: 8)
        F.receive(F.frame(.chat, "carol", "one", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.chat, "carol", "two", room: "dev", id: 2), into: &state)
        F.receive(F.frame(.chat, "carol", "three alice", room: "dev", id: 3), into: &state)
        F.receive(F.frame(.chat, "张三", "你好", room: "中文", id: 4), into: &state)
        F.receive(F.frame(.private, "bob", "psst", id: 5, to: "alice"), into: &state)
        F.receive(F.frame(.topic, "bob", "welcome all", room: "lobby"), into: &state)
        let canvas = ScreenTests.render(state)
        #expect(
            canvas.lines == [
                "22:13 -- connected to 127.0.0.1:8080     │ Online 2",
                "22:13 -- Welcome to swchat, alice! 2     │ *alice",
                "         online.                         │  bob",
                "22:13 -- topic: welcome all (set by bob) │",
                "                                         │",
                "[1 #lobby] [2 #dev 3!] [3 #中文 1] [4 @bob 1!]",
                " [connected] 127.0.0.1:8080 as alice in #lobby: welcome all",
                ">",
            ])
        let bar = canvas.lines[5]
        let row = 5
        #expect(canvas.style(at: Point(x: 0, y: row)).reverse, "the current room is highlighted")
        let dev = Self.column(of: "[2 #dev 3!]", in: bar) ?? -1
        #expect(canvas.style(at: Point(x: dev, y: row)).role == .mention, "a mention stands out")
        let chinese = Self.column(of: "[3 #中文 1]", in: bar) ?? -1
        #expect(canvas.style(at: Point(x: chinese, y: row)) == Style(.normal, bold: true), "unread is bold")
        #expect(Self.column(of: "[4 @bob 1!]", in: bar) == chinese + TextWidth.columns(of: "[3 #中文 1] "))
        #expect(canvas.style(at: Point(x: Self.column(of: "[4", in: bar) ?? -1, y: row)).role == .mention)
    }

    @Test("a Chinese room's screen: the bar, the sidebar line and the status line stay in their columns")
    func chineseRoom() {
        var state = F.state(rooms: ["lobby", "中文"], width: 60, height: 10)
        F.press(.alt(.character("2")), into: &state)
        F.receive(F.frame(.chat, "张三", "大家好，今天的会议改到下午三点，记得带上报告。", room: "中文", id: 1), into: &state)
        let lines = ScreenTests.render(state).lines
        #expect(lines[7] == "[1 #lobby] [2 #中文]")
        #expect(TextWidth.columns(of: lines[7]) == 20)
        #expect(lines[8].hasPrefix(" [connected] 127.0.0.1:8080 as alice in #中文"))
        for line in lines.prefix(7) { #expect(ScreenTests.barColumn(line) == 41, "\(line)") }
        #expect(lines[1].hasSuffix("│ *alice"))
        #expect(lines[2].hasSuffix("│  carol"))
    }

    @Test("an overflowing bar scrolls to keep the current room in view, with < and > where rooms are hidden")
    func overflow() {
        let rooms = (1...12).map { "room\($0)" }
        var state = F.state(rooms: rooms, width: 40, height: 8)
        var bar = ScreenTests.render(state).lines[5]
        #expect(bar.hasPrefix("[1 #room1] [2 #room2] [3 #room3]"))
        #expect(bar.hasSuffix(" >"))
        #expect(TextWidth.columns(of: bar) == 40, "the > sits in the last column")
        F.press(.alt(.character("9")), into: &state)
        bar = ScreenTests.render(state).lines[5]
        #expect(bar.hasPrefix("< "))
        #expect(bar.contains("[9 #room9]"))
        #expect(bar.hasSuffix(" >"))
        F.press(.control("p"), .control("p"), .control("p"), .control("p"), into: &state)
        F.press(.control("p"), .control("p"), .control("p"), .control("p"), .control("p"), into: &state)
        bar = ScreenTests.render(state).lines[5]
        #expect(bar.hasPrefix("< "), "Ctrl-P from room 1 wraps to room 12: \(bar)")
        #expect(bar.hasSuffix("[12 #room12]"))
        #expect(TextWidth.columns(of: bar) <= 40)
    }

    @Test("a hidden room with activity colours the mark on its side")
    func hiddenActivity() {
        let rooms = (1...12).map { "room\($0)" }
        var state = F.state(rooms: rooms, width: 40, height: 8)
        F.receive(F.frame(.chat, "carol", "alice?", room: "room11", id: 1), into: &state)
        let canvas = ScreenTests.render(state)
        #expect(canvas.style(at: Point(x: 39, y: 5)).role == .mention)
    }

    @Test(
        "entries that do not fit, one by one",
        arguments: [
            (10, 0, "[1 #a]   >"),  // all of "[1 #a] [2 #bb] [3 #ccc]" needs 23
            (23, 2, "[1 #a] [2 #bb] [3 #ccc]"),
            (16, 2, "< [3 #ccc]"),
            (16, 0, "[1 #a] [2 #bb] >"),
            (16, 1, "[1 #a] [2 #bb] >"),
            (8, 1, "< [2 … >"),
            (0, 0, ""),
        ])
    func widths(width: Int, current: Int, expected: String) {
        let items = ["[1 #a]", "[2 #bb]", "[3 #ccc]"].map { RoomBar.Item(text: $0, style: .plain, activity: 0) }
        let text = RoomBar.spans(items, current: current, width: width).map(\.text).joined()
        #expect(text.trimmingTrailingSpaces == expected.trimmingTrailingSpaces)
        #expect(TextWidth.columns(of: text) <= width)
    }

    @Test("the terminal title names the room shown and the unread total")
    func title() {
        var state = F.state()
        #expect(state.terminalTitle == "swchat #lobby")
        F.receive(F.frame(.chat, "carol", "hi", room: "dev", id: 1), into: &state)
        #expect(state.terminalTitle == "swchat #lobby (1)")
        F.press(.alt(.character("2")), into: &state)
        #expect(state.terminalTitle == "swchat #dev")
    }

    @Test("a conversation's sidebar lists its two people; the status line says with whom")
    func conversationScreen() {
        var state = F.state()
        _ = F.enter("/query bob", into: &state)
        let lines = ScreenTests.render(state).lines
        #expect(lines[0].hasSuffix("│ Private"))
        #expect(lines[1].hasSuffix("│ *alice"))
        #expect(lines[2].hasSuffix("│  bob"))
        #expect(lines[9].hasPrefix("[1 #lobby] [2 #dev] [3 @bob]"))
        #expect(lines[10].hasPrefix(" [connected] 127.0.0.1:8080 as alice with @bob"))
    }
}

extension String {
    /// The string without spaces at its end.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
