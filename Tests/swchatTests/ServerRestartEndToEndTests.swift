import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `swchat join` in tmux against a `swchat serve` process that dies (kill -9) and comes back on the same port.
@Suite("Server restart end to end", .serialized)
struct ServerRestartEndToEndTests {
    /// Starts `swchat serve` as the only process of a new tmux session. - Returns: its port and pid.
    static func serve(_ tmux: Tmux, _ session: String, port: Int) async throws -> (port: Int, pid: pid_t) {
        let bound = try await tmux.serve(session, port: port, exec: true)
        let pid = try #require(
            pid_t(
                tmux.run("display-message", "-p", "-t", session, "#{pane_pid}").trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        return (bound, pid)
    }

    @Test(
        "after kill -9 and a restart on the same port, the reconnected client shows every message once, those sent while it was away too"
    )
    func messagesAfterRestart() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let first = try await Self.serve(tmux, "serve1", port: 0)
        try tmux.newSession("a", width: 100, height: 40)
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(first.port) --name alice; echo exit=$?")
        try await tmux.waitFor("a", "welcome") { $0.contains { $0.contains("Welcome to swchat, alice") } }

        try Tmux.say((1...5).map { "before-\($0)" }, port: first.port, as: "bob")
        try await tmux.waitFor("a", "the first five") { $0.contains { $0.contains("<bob> before-5") } }

        #expect(kill(first.pid, SIGKILL) == 0)
        try await tmux.waitFor("a", "the disconnection") { $0.contains { $0.contains("disconnected") } }
        _ = try await Self.serve(tmux, "serve2", port: first.port)
        // Said while alice's client is still waiting to reconnect: the resume brings them.
        try Tmux.say((1...5).map { "meanwhile-\($0)" }, port: first.port, as: "bob")
        // The same server, restarted on its database: the session is resumed.
        try await tmux.waitFor("a", "the reconnection", timeout: .seconds(40)) { screen in
            screen.contains { $0.contains("[connected]") }
                && screen.contains { $0.contains("Welcome back to swchat, alice") }
        }

        try Tmux.say((1...5).map { "after-\($0)" }, port: first.port, as: "bob")
        let screen = try await tmux.waitFor("a", "the last of the ten") { $0.contains { $0.contains("<bob> after-5") } }
        let said = ["before", "meanwhile", "after"].flatMap { word in (1...5).map { "\(word)-\($0)" } }
        for text in said {
            #expect(
                screen.count { $0.contains("<bob> \(text)") } == 1,
                "\(text) must show once:\n\(screen.joined(separator: "\n"))")
        }
        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        try tmux.press("serve2", "C-c")
    }
}
