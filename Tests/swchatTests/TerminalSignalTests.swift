import Foundation
import Testing

/// `swchat join` killed by a signal gives the terminal back and says so in its exit status (128 + the signal).
@Suite("Terminal client and signals", .serialized)
struct TerminalSignalTests {
    @Test(
        "SIGTERM and SIGHUP: the terminal is restored and the exit status is 128 + the signal",
        arguments: [("TERM", 15), ("HUP", 1)])
    func killed(signal: String, number: Int) async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("a", width: 80, height: 12)
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(server.port) --name sig; echo exit=$?")
        try await tmux.waitFor("a", "the welcome") { $0.contains { $0.contains("Welcome to swchat, sig") } }
        let pid = try #require(try Self.pid(tmux))
        try Tmux.execute(["kill", "-\(signal)", "\(pid)"])
        try await tmux.waitFor("a", "exit=\(128 + number)") { $0.contains("exit=\(128 + number)") }
        try tmux.type("a", "echo restored-$((40+4))")
        try await tmux.waitFor("a", "a working shell") { $0.contains("restored-44") }
        await server.shutdown()
    }

    /// The pid of the client: the one child of the pane's shell.
    static func pid(_ tmux: Tmux) throws -> Int? {
        let panePID = try tmux.run("display-message", "-p", "-t", "a", "#{pane_pid}").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let children = try Tmux.execute(["pgrep", "-P", panePID]).output
        return children.split(separator: "\n").compactMap { Int($0) }.first
    }
}
