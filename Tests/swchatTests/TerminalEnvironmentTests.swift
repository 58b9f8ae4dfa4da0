import Foundation
import Testing

/// What the environment and the options say about the terminal (COLUMNS/LINES, TERM, NO_COLOR, --no-mouse), in tmux
/// with the real client.
@Suite("Terminal client and its environment", .serialized)
struct TerminalEnvironmentTests {
    func join(_ tmux: Tmux, _ session: String, port: Int, name: String, environment: String = "") throws {
        try tmux.type(
            session, "\(environment) '\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name \(name); echo exit=$?")
    }

    @Test("exported COLUMNS and LINES are ignored: the layout follows the real size at start and on resize")
    func realSizeWins() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("a", width: 100, height: 24)
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.type("a", "export COLUMNS=80 LINES=20")
        try self.join(tmux, "a", port: server.port, name: "sized")
        // 100 columns: the bar at 100 - 18 - 1 = 81 on every log row (80 columns would put it at 61); 24 rows: the
        // input line is the last one.
        try await tmux.waitFor("a", "the layout for 100x24") { screen in
            screen.count >= 24 && screen[23].hasPrefix(">") && screen.prefix(22).allSatisfy { Tmux.barColumn($0) == 81 }
        }
        try tmux.run("resize-window", "-t", "a", "-x", "70", "-y", "15")
        try await tmux.waitFor("a", "the layout for 70x15") { screen in
            screen.count >= 15 && screen[14].hasPrefix(">") && screen.prefix(13).allSatisfy { Tmux.barColumn($0) == 51 }
        }
        try tmux.type("a", "/quit")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        await server.shutdown()
    }

    @Test("TERM=dumb cannot move the cursor: one line says so, line mode runs, and the terminal is as it was")
    func dumbTerminal() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("a", width: 100, height: 12)
        let server = try await TerminalEndToEndTests.startServer()
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("stty-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try tmux.type("a", "stty -g > '\(saved)'; clear")
        try self.join(tmux, "a", port: server.port, name: "dumb", environment: "TERM=dumb")
        var screen = try await tmux.waitFor("a", "the welcome in line mode") {
            $0.contains { $0.contains("Welcome to swchat, dumb") }
        }
        #expect(screen.contains { $0.hasPrefix("swchat: terminal 'dumb' cannot move the cursor") }, "\(screen)")
        try tmux.type("a", "hello from a dumb terminal")
        try await tmux.waitFor("a", "the line sent and echoed") {
            $0.contains { $0.contains("dumb: hello from a dumb terminal") }
        }
        try tmux.press("a", "C-d")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        try tmux.type("a", "stty -g | cmp -s - '\(saved)' && echo tty-$((1+1))-unchanged")
        screen = try await tmux.waitFor("a", "the terminal modes compared") { $0.contains("tty-2-unchanged") }
        #expect(!screen.joined().contains("\u{1B}"), "no escape sequences drawn as text")
        await server.shutdown()
    }

    @Test("NO_COLOR: no colour anywhere on the screen (without it, names are coloured)")
    func noColor() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("plain", width: 80, height: 12)
        try tmux.newSession("colour", width: 80, height: 12)
        let server = try await TerminalEndToEndTests.startServer()
        try self.join(tmux, "plain", port: server.port, name: "plain", environment: "NO_COLOR=1")
        // The test runner may export NO_COLOR itself (panes inherit it): the control client runs without it.
        try self.join(tmux, "colour", port: server.port, name: "colour", environment: "env -u NO_COLOR")
        for session in ["plain", "colour"] {
            try await tmux.waitFor(session, "both in the sidebar") { screen in
                screen.contains { $0.hasSuffix("plain") } && screen.contains { $0.hasSuffix("colour") }
            }
        }
        try tmux.type("colour", "hello plain")
        try await tmux.waitFor("plain", "the mention") { $0.contains { $0.contains("<colour> hello plain") } }
        let coloured = try Self.colourSequences(tmux.run("capture-pane", "-e", "-p", "-t", "colour"))
        #expect(!coloured.isEmpty, "the control client draws colours, so the check can see them")
        let plain = try Self.colourSequences(tmux.run("capture-pane", "-e", "-p", "-t", "plain"))
        #expect(plain.isEmpty, "NO_COLOR=1 draws no colour: \(plain)")
        for session in ["plain", "colour"] {
            try tmux.type(session, "/quit")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        await server.shutdown()
    }

    @Test("the mouse: wheel and buttons only (no motion tracking), and --no-mouse leaves it alone")
    func mouseModes() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let server = try await TerminalEndToEndTests.startServer()
        let flags = "#{mouse_standard_flag}#{mouse_button_flag}#{mouse_all_flag}"
        for (session, option, expected) in [("m", "", "100"), ("n", " --no-mouse", "000")] {
            try tmux.newSession(session, width: 80, height: 12)
            try tmux.type(
                session, "'\(Tmux.swchatPath)' join 127.0.0.1:\(server.port) --name \(session)\(option); echo exit=$?")
            try await tmux.waitFor(session, "the welcome") {
                $0.contains { $0.contains("Welcome to swchat, \(session)") }
            }
            let modes = try tmux.run("display-message", "-p", "-t", session, flags).trimmingCharacters(
                in: .whitespacesAndNewlines)
            #expect(modes == expected, "mouse modes standard/button/all for '\(option)'")
            try tmux.type(session, "/quit")
            try await tmux.waitFor(session, "exit=0") { $0.contains("exit=0") }
        }
        await server.shutdown()
    }

    /// The SGR sequences in `text` that set a foreground or background colour (30–49 and 90–107, but not the defaults 39/49).
    static func colourSequences(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            let body = rest[start.upperBound...].prefix { $0.isNumber || $0 == ";" }
            let end = rest.index(start.upperBound, offsetBy: body.count)
            if end < rest.endIndex, rest[end] == "m" {
                let codes = body.split(separator: ";").compactMap { Int($0) }
                if codes.contains(where: { ((30...49).contains($0) && $0 != 39 && $0 != 49) || (90...107).contains($0) }
                ) {
                    found.append(String(body))
                }
            }
            rest = rest[end...]
        }
        return found
    }
}
