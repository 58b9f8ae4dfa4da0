import ChatServer
import ChatUI
import Foundation
import Testing

/// Rooms as a person uses them: the real `swchat join` in tmux against the real server, switching with Alt-N,
/// unread counts in the room bar, wide room names, private conversations, a reconnect, an nc user in a room.
@Suite("Rooms end to end", .serialized)
struct RoomsEndToEndTests {
    func join(_ tmux: Tmux, _ session: String, port: Int, name: String, options: String = "") throws {
        try tmux.type(
            session, "'\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name \(name) \(options); echo exit=$?")
    }

    /// The screen row holding the room bar (it starts with "[1 ").
    static func bar(_ screen: [String]) -> String? {
        screen.first { $0.hasPrefix("[1 ") }
    }

    /// The pane's title, as OSC 2 set it.
    static func title(_ tmux: Tmux, _ session: String) throws -> String {
        try tmux.run("display-message", "-p", "-t", session, "#{pane_title}").trimmingCharacters(in: .newlines)
    }

    /// Polls the pane's title until it is `expected`.
    static func waitForTitle(_ tmux: Tmux, _ session: String, _ expected: String) async throws {
        try await Self.waitForTitle(tmux, session, "\"\(expected)\"") { $0 == expected }
    }

    /// Polls the pane's title until `predicate` holds; records an issue after 10 s.
    static func waitForTitle(
        _ tmux: Tmux, _ session: String, _ what: String, _ predicate: (String) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var title = ""
        while ContinuousClock.now < deadline {
            title = try Self.title(tmux, session)
            if predicate(title) { return }
            try await Task.sleep(for: .milliseconds(40))
        }
        Issue.record("the title of \(session) stayed \"\(title)\", not \(what)")
    }

    @Test("two clients in two rooms: Alt-2 switches, unread counts appear and clear, the title follows, nc joins #dev")
    func twoRooms() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.newSession("a", width: 90, height: 16)
        try tmux.newSession("b", width: 80, height: 16)
        try self.join(tmux, "a", port: server.port, name: "alice", options: "--rooms dev")
        try self.join(tmux, "b", port: server.port, name: "bob", options: "--rooms dev")
        for session in ["a", "b"] {
            try await tmux.waitFor(session, "the room bar") { Self.bar($0) == "[1 #lobby] [2 #dev]" }
        }
        try await Self.waitForTitle(tmux, "a", "swchat #lobby")

        // bob goes to #dev (no round trip: at once) and talks there.
        try tmux.press("b", "M-2")
        try await tmux.waitFor("b", "#dev shown") { $0.contains { $0.contains("as bob in #dev") } }
        try tmux.type("b", "hello dev")
        var screen = try await tmux.waitFor("a", "an unread count on #dev") { Self.bar($0) == "[1 #lobby] [2 #dev 1]" }
        #expect(!screen.contains { $0.contains("hello dev") }, "the lobby shows only the lobby")
        try await Self.waitForTitle(tmux, "a", "swchat #lobby (1)")

        // alice goes there: the message is there, the count is gone.
        try tmux.press("a", "M-2")
        screen = try await tmux.waitFor("a", "#dev with bob's line") { screen in
            screen.contains { $0.contains("<bob> hello dev") } && Self.bar(screen) == "[1 #lobby] [2 #dev]"
        }
        #expect(screen.contains { $0.contains("as alice in #dev") })
        try await Self.waitForTitle(tmux, "a", "swchat #dev")

        // Lines go to the room shown: alice answers in #dev, bob (back in the lobby) sees the count.
        try tmux.press("b", "C-p")
        try await tmux.waitFor("b", "the lobby shown") { $0.contains { $0.contains("as bob in #lobby") } }
        try tmux.type("a", "hi bob")
        try await tmux.waitFor("b", "an unread mention on #dev") { Self.bar($0) == "[1 #lobby] [2 #dev 1!]" }

        // An nc user joins #dev and chats there; alice sees it in #dev, where she is.
        let nc = try TextSocketClient(port: server.port)
        try await nc.waitFor("the nc welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        try nc.send("/join dev")
        try await nc.waitFor("the join") { $0.contains { $0.contains("#dev") } }
        try nc.send("hello from nc")
        try await tmux.waitFor("a", "the nc line in #dev") { $0.contains { $0.contains("> hello from nc") } }
        try await nc.waitFor("alice's line in nc") { $0.contains { $0.contains("#dev alice: hi bob") } }

        // /join makes a new room and shows it when the server answers.
        try tmux.type("a", "/join ops")
        try await tmux.waitFor("a", "#ops shown") { screen in
            Self.bar(screen) == "[1 #lobby] [2 #dev] [3 #ops]" && screen.contains { $0.contains("as alice in #ops") }
        }
        for session in ["a", "b"] {
            try tmux.type(session, "/quit")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        try await Self.waitForTitle(tmux, "a", "the terminal's own title, back after exit") { !$0.hasPrefix("swchat") }
        await server.shutdown()
    }

    @Test("Chinese room names line up: the bar, the sidebar line and the status line, in every room")
    func chineseRooms() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.newSession("a", width: 80, height: 14)
        try tmux.newSession("b", width: 80, height: 14)
        try self.join(tmux, "a", port: server.port, name: "alice", options: "--rooms 中文,日本語")
        try self.join(tmux, "b", port: server.port, name: "张三", options: "--rooms 中文")
        try await tmux.waitFor("a", "the room bar") { Self.bar($0) == "[1 #lobby] [2 #中文] [3 #日本語]" }
        try await tmux.waitFor("b", "the room bar") { Self.bar($0) == "[1 #lobby] [2 #中文]" }
        try tmux.press("b", "M-2")
        try await tmux.waitFor("b", "#中文 shown") { $0.contains { $0.contains("as 张三 in #中文") } }
        try tmux.type("b", "大家好 alice，今天的会议改到下午三点")
        var screen = try await tmux.waitFor("a", "a mention in #中文") {
            Self.bar($0) == "[1 #lobby] [2 #中文 1!] [3 #日本語]"
        }
        let bar = try #require(Self.bar(screen))
        #expect(TextWidth.columns(of: bar) == 35, "wide names take two columns each: \(bar)")
        try tmux.press("a", "M-2")
        screen = try await tmux.waitFor("a", "#中文 with the message") { screen in
            screen.contains { $0.contains("<张三> 大家好 alice") } && Self.bar(screen) == "[1 #lobby] [2 #中文] [3 #日本語]"
        }
        let barRow = try #require(screen.firstIndex { $0.hasPrefix("[1 ") })
        #expect(barRow == 11, "the bar sits above the status line")
        #expect(screen[12].hasPrefix(" [connected] 127.0.0.1:\(server.port) as alice in #中文"))
        for row in screen.prefix(barRow) {
            #expect(Tmux.barColumn(row) == 61, "the sidebar line stays at column 61: \(row)")
        }
        #expect(screen.contains { $0.hasSuffix("│  张三") })
        try await Self.waitForTitle(tmux, "a", "swchat #中文")
        // The third room, wide too: still straight.
        try tmux.press("a", "M-3")
        screen = try await tmux.waitFor("a", "#日本語 shown") { $0.contains { $0.contains("as alice in #日本語") } }
        for row in screen.prefix(barRow) { #expect(Tmux.barColumn(row) == 61, "\(row)") }
        for session in ["a", "b"] {
            try tmux.press(session, "C-c")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        await server.shutdown()
    }

    @Test("a private message opens @bob and rings the bell; Alt-A goes there first; a reconnect rejoins every room")
    func privateAndReconnect() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        var server = try await TerminalEndToEndTests.startServer()
        let port = server.port
        try tmux.newSession("a", width: 80, height: 14)
        try tmux.newSession("b", width: 80, height: 14)
        try self.join(tmux, "a", port: port, name: "alice", options: "--rooms dev,ops")
        try self.join(tmux, "b", port: port, name: "bob", options: "--rooms dev")
        try await tmux.waitFor("a", "the room bar") { Self.bar($0) == "[1 #lobby] [2 #dev] [3 #ops]" }
        try await tmux.waitFor("b", "the room bar") { Self.bar($0) == "[1 #lobby] [2 #dev]" }
        try tmux.press("b", "M-2")
        try await tmux.waitFor("b", "#dev shown") { $0.contains { $0.contains("as bob in #dev") } }

        // A plain line in a room not shown rings nothing (--bell mentions); a private message does.
        try tmux.type("b", "plain words")
        try await tmux.waitFor("a", "the count") { Self.bar($0) == "[1 #lobby] [2 #dev 1] [3 #ops]" }
        #expect(try tmux.run("display-message", "-p", "-t", "a", "#{window_bell_flag}").hasPrefix("0"))
        try tmux.type("b", "/msg alice psst")
        try await tmux.waitFor("a", "the conversation") { Self.bar($0) == "[1 #lobby] [2 #dev 1] [3 #ops] [4 @bob 1!]" }
        let deadline = ContinuousClock.now + .seconds(5)
        while try !tmux.run("display-message", "-p", "-t", "a", "#{window_bell_flag}").hasPrefix("1"),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(40))
        }
        #expect(try tmux.run("display-message", "-p", "-t", "a", "#{window_bell_flag}").hasPrefix("1"), "the bell rang")

        // Alt-A: the private message first, then #dev; typing in @bob is private.
        try tmux.press("a", "M-a")
        try await tmux.waitFor("a", "@bob shown") { screen in
            screen.contains { $0.contains("[private] bob → alice: psst") }
                && screen.contains { $0.contains("with @bob") }
        }
        try tmux.type("a", "lunch?")
        try await tmux.waitFor("b", "alice's private answer") { screen in
            screen.contains { Self.bar([$0]) != nil && $0.contains("@alice 1!") }
        }
        try tmux.press("a", "M-a")
        try await tmux.waitFor("a", "#dev shown") { $0.contains { $0.contains("<bob> plain words") } }

        // The server restarts: both come back in every room they were in (the hello names them).
        await server.shutdown()
        try await tmux.waitFor("a", "the countdown") { $0.contains { $0.contains("[reconnecting in") } }
        server = try await TerminalEndToEndTests.startServer(port: port)
        // Each room shown says it: connected again, its roster back (alice looks at #dev, bob too).
        for (session, other) in [("a", "bob"), ("b", "alice")] {
            try await tmux.waitFor(session, "the reconnection", timeout: .seconds(40)) { screen in
                screen.contains { $0.contains("[connected]") } && screen.contains { $0.contains("-- connected to") }
                    && screen.contains { $0.hasSuffix("│  \(other)") } && !screen.contains { $0.contains("(offline)") }
            }
        }
        let screen = try await tmux.waitFor("a", "the rooms after the reconnection") {
            Self.bar($0) == "[1 #lobby] [2 #dev] [3 #ops] [4 @bob]"
        }
        #expect(!screen.contains { $0.contains("not back in this room") })
        // bob is back in #dev on the server: his line there reaches alice's #dev.
        try tmux.type("b", "back in dev")
        try await tmux.waitFor("a", "bob's line after the reconnection") {
            $0.contains { $0.contains("<bob> back in dev") }
        }
        for session in ["a", "b"] {
            try tmux.type(session, "/quit")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        await server.shutdown()
    }
}
