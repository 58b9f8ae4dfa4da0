import Foundation
import Testing

/// What the environment says about the terminal (COLUMNS/LINES, TERM, NO_COLOR), in tmux with the real client.
@Suite("Terminal client and its environment", .serialized)
struct TerminalEnvironmentTests {
    func join(_ tmux: Tmux, _ session: String, port: Int, name: String, environment: String = "") throws {
        try tmux.type(session, "\(environment) '\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name \(name); echo exit=$?")
    }

    @Test("exported COLUMNS and LINES are ignored: the layout follows the real size at start and on resize")
    func realSizeWins() async throws {
        try #require(Tmux.isAvailable, "tmux is needed for the terminal tests (apt-get install tmux; .ci/run installs it)")
        let tmux = Tmux()
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
}
