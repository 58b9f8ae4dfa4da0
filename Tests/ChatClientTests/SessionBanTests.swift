import ChatClient
import ChatProtocol
import ChatServer
import Logging
import NIOCore
import Testing

/// A session that is banned stops: the server's last `error` says not to reconnect, and it does not.
@Suite("Session: banned")
struct SessionBanTests {
    @Test("banned by an operator: the session reports why and its run loop ends instead of reconnecting")
    func bannedStops() async throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.room.accounts.operators = ["alice"]
        configuration.room.accounts.passwordCost = PasswordHash.Cost(logN: 4)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let server = try await ChatServer.start(configuration: configuration, logger: logger)
        let recorder = SessionTests.Recorder()
        var sessionConfiguration = SessionConfiguration()
        sessionConfiguration.backoff = Backoff(initial: 0.05, maximum: 0.1, jitter: 0)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "spammer",
            configuration: sessionConfiguration
        ) { recorder.record($0) }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "welcome") { if case .received(let m) = $0 { m.type == .welcome } else { false } }

        let alice = SessionTests.Recorder()
        let op = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "alice") {
            alice.record($0)
        }
        try await op.connect()
        let opRunner = Task { await op.run() }
        try await alice.wait(for: "alice's welcome") {
            if case .received(let m) = $0 { m.type == .welcome } else { false }
        }
        op.send("/register s3cret-pass")
        try await alice.wait(for: "registered") {
            if case .received(let m) = $0 { m.data.contains("registered") } else { false }
        }
        op.send("/ban spammer 1h spam")

        try await recorder.wait(for: "the refusal") { event in
            if case .disconnected(let reason) = event {
                reason == "you were banned by alice: spam; not reconnecting"
            } else {
                false
            }
        }
        try await SessionTests.finish(runner)
        let attempts = recorder.events.withLockedValue {
            $0.filter { if case .connecting = $0 { true } else { false } }
        }
        #expect(attempts.isEmpty, "no reconnect after a ban")
        await op.stop()
        try await SessionTests.finish(opRunner)
        await server.shutdown()
    }
}
