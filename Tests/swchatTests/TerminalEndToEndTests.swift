import ChatServer
import ChatUI
import Foundation
import Logging
import Testing

/// The real `swchat join` in tmux against a real server: what a person sees and types.
@Suite("Terminal client end to end", .serialized)
struct TerminalEndToEndTests {
    static func startServer(port: Int = 0) async throws -> ChatServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        var logger = Logger(label: "e2e")
        logger.logLevel = .error
        return try await ChatServer.start(configuration: configuration, logger: logger)
    }

    func join(_ tmux: Tmux, _ session: String, port: Int, name: String) throws {
        try tmux.type(session, "'\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name \(name); echo exit=$?")
    }

    @Test(
        "two clients: sidebars, a Chinese message with the bar straight, resize re-wraps, reconnect, /quit and Ctrl-C restore the shell"
    )
    func twoClients() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("a", width: 100, height: 20)
        try tmux.newSession("b", width: 80, height: 16)
        var server = try await Self.startServer()
        let port = server.port
        try self.join(tmux, "a", port: port, name: "张三")
        try await tmux.waitFor("a", "welcome") { $0.contains { $0.contains("Welcome to swchat, 张三") } }
        try self.join(tmux, "b", port: port, name: "alice")

        // Both sidebars list both names, own name marked.
        try await tmux.waitFor("a", "alice in the sidebar") {
            $0.contains { $0.hasSuffix("│  alice") } && $0.contains { $0.hasSuffix("│ *张三") }
        }
        try await tmux.waitFor("b", "张三 in the sidebar") {
            $0.contains { $0.hasSuffix("│ *alice") } && $0.contains { $0.hasSuffix("│  张三") }
        }

        // A Chinese message typed by one appears in the other's log; the sidebar line stays straight.
        let message = "你好 alice，这是一条很长的中文消息，用来测试换行是否按照终端的列宽正确处理而不会把侧栏挤歪"
        try tmux.type("a", message)
        var screen = try await tmux.waitFor("b", "the Chinese message") { $0.contains { $0.contains("<张三> 你好 alice") } }
        for row in screen.prefix(14) {
            #expect(Tmux.barColumn(row) == 61, "bar at column 61 on every log row of an 80-column screen: \(row)")
        }
        let wideRows = screen.filter {
            !$0.hasPrefix("0") && $0.contains("│") && $0.first == " " && $0.contains { TextWidth.columns(of: $0) == 2 }
        }.count

        // Resizing re-wraps the log and moves the sidebar, losing nothing.
        try tmux.run("resize-window", "-t", "b", "-x", "60", "-y", "16")
        screen = try await tmux.waitFor("b", "the re-layout at 60 columns") { screen in
            screen.prefix(14).allSatisfy { Tmux.barColumn($0) == 41 }
        }
        let narrowRows = screen.filter {
            !$0.hasPrefix("0") && $0.contains("│") && $0.first == " " && $0.contains { TextWidth.columns(of: $0) == 2 }
        }.count
        #expect(narrowRows > wideRows, "the message wraps onto more rows when narrower")
        #expect(
            screen.joined().replacingOccurrences(of: " ", with: "").contains("挤歪"),
            "the end of the message is still there")

        // The server goes away and comes back: the client says so, counts down, and reconnects as itself.
        await server.shutdown()
        try await tmux.waitFor("b", "the countdown") { $0.contains { $0.contains("[reconnecting in") } }
        server = try await Self.startServer(port: port)
        try await tmux.waitFor("b", "the reconnection", timeout: .seconds(40)) { screen in
            screen.contains { $0.contains("[connected]") }
                && screen.contains { $0.contains("Welcome to swchat, alice!") }
        }
        try await tmux.waitFor("a", "the reconnection", timeout: .seconds(40)) {
            $0.contains { $0.hasSuffix("│  alice") } && $0.contains { $0.contains("[connected]") }
        }

        // /quit leaves cleanly: the other side is told, and the shell works again (echo, cooked mode).
        try tmux.type("b", "/quit 再见")
        try await tmux.waitFor("b", "exit=0") { $0.contains("exit=0") }
        try tmux.type("b", "echo restored-$((40+2))")
        try await tmux.waitFor("b", "a working shell") { $0.contains("restored-42") }
        try await tmux.waitFor("a", "the leave notice") { $0.contains { $0.contains("alice left (quit: 再见)") } }

        // Ctrl-C leaves cleanly too.
        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        try tmux.type("a", "echo restored-$((40+1))")
        try await tmux.waitFor("a", "a working shell") { $0.contains("restored-41") }
        await server.shutdown()
    }

    @Test("past serve --roster-limit the sidebar counts everyone, lists who it knows and learns speakers")
    func bigRoom() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let port = try await tmux.serve("serve", options: "--roster-limit 2")
        for (session, name) in [("a", "alice"), ("b", "bob"), ("c", "carol"), ("d", "dave")] {
            try tmux.newSession(session, width: 80, height: 12)
            try self.join(tmux, session, port: port, name: name)
            try await tmux.waitFor(session, "the welcome") { $0.contains { $0.contains("Welcome to swchat, \(name)") } }
        }
        // alice and bob came while the room was small: listed. carol and dave made it big: a count.
        try await tmux.waitFor("a", "4 online, 2 of them listed") { screen in
            screen.contains { $0.hasSuffix("│ Online 4") } && screen.contains { $0.hasSuffix("│  bob") }
                && screen.contains { $0.hasSuffix("│  … 2 more") } && !screen.contains { $0.contains("carol") }
        }
        // dave's welcome lists who spoke lately (nobody yet) and dave.
        try await tmux.waitFor("d", "dave's sidebar") {
            $0.contains { $0.hasSuffix("│ Online 4") } && $0.contains { $0.hasSuffix("│  … 3 more") }
        }
        // carol speaks: everyone learns her name.
        try tmux.type("c", "hello from carol")
        try await tmux.waitFor("a", "carol in the list") { screen in
            screen.contains { $0.hasSuffix("│  carol") } && screen.contains { $0.hasSuffix("│  … 1 more") }
        }
        try await tmux.waitFor("d", "carol in dave's list") { $0.contains { $0.hasSuffix("│  carol") } }
        // carol leaves: her name goes from every list (her leave is announced by name), and the count drops.
        try tmux.type("c", "/quit")
        try await tmux.waitFor("a", "carol gone") { screen in
            screen.contains { $0.hasSuffix("│ Online 3") } && !screen.contains { $0.hasSuffix("│  carol") }
        }
        try await tmux.waitFor("d", "carol gone for dave") { !$0.contains { $0.hasSuffix("│  carol") } }
        for session in ["a", "b", "d"] {
            try tmux.type(session, "/quit")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        try tmux.press("serve", "C-c")
    }

    @Test("an unreachable server or an unknown TERM is one clear line, exit 1, and the terminal as it was")
    func startupErrors() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("c", width: 80, height: 10)
        let server = try await Self.startServer()
        let port = server.port
        await server.shutdown()
        try tmux.type("c", "'\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name x; echo exit=$?")
        var screen = try await tmux.waitFor("c", "exit") { $0.contains { $0.hasPrefix("exit=") } }
        #expect(screen.contains("swchat: cannot connect to 127.0.0.1:\(port): connection refused"))
        #expect(screen.contains("exit=1"))

        let live = try await Self.startServer()
        // Its own marker: the first "exit=" may still be on the screen until `clear` has run.
        try tmux.type("c", "clear; TERM=bogus '\(Tmux.swchatPath)' join 127.0.0.1:\(live.port); echo second-exit=$?")
        screen = try await tmux.waitFor("c", "exit") { $0.contains { $0.hasPrefix("second-exit=") } }
        #expect(screen.contains { $0.contains("swchat: unknown terminal type 'bogus'") }, "\(screen)")
        #expect(screen.contains("second-exit=1"))
        try tmux.type("c", "echo restored-$((40+3))")
        try await tmux.waitFor("c", "a working shell") { $0.contains("restored-43") }
        await live.shutdown()
    }
}
