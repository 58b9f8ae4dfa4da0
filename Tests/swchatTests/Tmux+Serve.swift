import Testing

extension Tmux {
    /// A tmux on a private socket; without tmux the test fails saying how to get it (CI installs it).
    static func required() throws -> Tmux {
        try #require(
            Self.isAvailable, "tmux is needed for the terminal tests (apt-get install tmux; .ci/run installs it)")
        return Tmux()
    }

    /// Starts `swchat serve` on 127.0.0.1 in a new session of its own. - Returns: the port it listens on.
    /// - Parameters:
    ///   - options: more `serve` options.
    ///   - exec: replace the session's shell with the server, so the pane's pid is the server's.
    func serve(_ session: String, options: String = "", port: Int = 0, exec: Bool = false) async throws -> Int {
        try self.newSession(session, width: 160, height: 10)
        let command =
            "'\(Self.swchatPath)' serve --host 127.0.0.1 --port \(port)" + (options.isEmpty ? "" : " \(options)")
        try self.type(session, (exec ? "exec " : "") + command)
        let log = try await self.waitFor(session, "the listening line") { $0.contains { $0.contains("listening") } }
        let line = try #require(log.first { $0.contains("listening") })
        return try #require(
            line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })
    }
}
