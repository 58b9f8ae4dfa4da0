import ChatClient
import ChatProtocol
import ChatServer
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A session against a real server on 127.0.0.1: hello, name tracking, keep-alive, reconnect.
@Suite("Session")
struct SessionTests {
    /// Collects a session's events and waits for them with a deadline.
    final class Recorder: Sendable {
        let events = NIOLockedValueBox<[SessionEvent]>([])

        func record(_ event: SessionEvent) {
            self.events.withLockedValue { $0.append(event) }
        }

        func wait(
            for description: String, timeout: Duration = .seconds(10), _ predicate: (SessionEvent) -> Bool
        ) async throws {
            try await self.waitUntil(description, timeout: timeout) { $0.contains(where: predicate) }
        }

        /// Waits until `predicate` holds for all events so far (it runs under the lock: do not lock inside).
        func waitUntil(
            _ description: String, timeout: Duration = .seconds(10), _ predicate: ([SessionEvent]) -> Bool
        ) async throws {
            let deadline = ContinuousClock.now + timeout
            while !self.events.withLockedValue({ predicate($0) }) {
                guard ContinuousClock.now < deadline else {
                    Issue.record("timed out waiting for \(description)")
                    throw CancellationError()
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Waits for a session's run loop to end after stop(), failing the test (not hanging it) after `timeout`.
    static func finish(_ runner: Task<Void, Never>, timeout: Duration = .seconds(5)) async throws {
        let finished = NIOLockedValueBox(false)
        Task {
            await runner.value
            finished.withLockedValue { $0 = true }
        }
        let deadline = ContinuousClock.now + timeout
        while !finished.withLockedValue({ $0 }) {
            guard ContinuousClock.now < deadline else {
                Issue.record("the session's run loop did not end within \(timeout) of stop()")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    static func startServer(
        port: Int = 0, idle: TimeAmount? = .seconds(300), halfCloseGrace: TimeAmount = .seconds(2)
    ) async throws -> ChatServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.idleTimeout = idle
        configuration.halfCloseGrace = halfCloseGrace
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return try await ChatServer.start(configuration: configuration, logger: logger)
    }

    @Test("connects, says hello, follows its own name through a rename, and sends")
    func helloAndRename() async throws {
        let server = try await Self.startServer()
        let recorder = Recorder()
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "alice") {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "welcome") {
            if case .received(let m) = $0 { m.type == .welcome && m.to == "alice" } else { false }
        }
        session.send("/nick alicia")
        try await recorder.wait(for: "rename") { if case .received(let m) = $0 { m.type == .rename } else { false } }
        #expect(session.name == "alicia")
        session.send("hello 世界")
        try await recorder.wait(for: "echo") {
            if case .received(let m) = $0 { m.type == .chat && m.data == "hello 世界" } else { false }
        }
        await session.stop()
        try await Self.finish(runner)
        await server.shutdown()
    }

    @Test("an unreachable server is one readable line")
    func unreachable() async throws {
        let server = try await Self.startServer()
        let port = server.port
        await server.shutdown()
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: port), name: "x") { _ in }
        await #expect {
            try await session.connect()
        } throws: { error in
            "\(error)".contains("cannot connect to 127.0.0.1:\(port): connection refused")
        }
    }

    @Test(
        "a lost connection is reported, lines sent meanwhile are reported as not sent, and it reconnects under the same name"
    )
    func reconnects() async throws {
        var server = try await Self.startServer()
        let port = server.port
        let recorder = Recorder()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.1, maximum: 0.2, jitter: 0)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "bob", configuration: configuration
        ) {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "welcome") { if case .received(let m) = $0 { m.type == .welcome } else { false } }
        session.send("/nick bobby")
        try await recorder.wait(for: "rename") { if case .received(let m) = $0 { m.type == .rename } else { false } }

        await server.shutdown()
        try await recorder.wait(for: "disconnected") { if case .disconnected = $0 { true } else { false } }
        session.send("typed while down")
        try await recorder.wait(for: "not sent") { if case .notSent("typed while down") = $0 { true } else { false } }
        try await recorder.wait(for: "retrying") { if case .retrying = $0 { true } else { false } }

        server = try await Self.startServer(port: port)
        try await recorder.wait(for: "second welcome") { event in
            if case .received(let m) = event { m.type == .welcome && m.to == "bobby" } else { false }
        }
        await session.stop()
        try await Self.finish(runner)
        await server.shutdown()
    }

    @Test("a server that accepts but never answers is given up on, with the reason")
    func silentServer() async throws {
        // A listener that reads and never writes: the session's pings go unanswered.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let recorder = Recorder()
        var configuration = SessionConfiguration()
        configuration.pingInterval = .milliseconds(100)
        configuration.deadAfter = .milliseconds(400)
        configuration.reconnect = false
        let port = try #require(silent.localAddress?.port)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "x", configuration: configuration
        ) {
            recorder.record($0)
        }
        try await session.connect()
        await session.run()
        try await recorder.wait(for: "disconnected", timeout: .seconds(20)) { event in
            if case .disconnected(let reason) = event { reason == "no answer from the server for 0.4 s" } else { false }
        }
        try await silent.close()
    }

    @Test("a reader that only reads is kept alive by pings")
    func keepAlive() async throws {
        let server = try await Self.startServer(idle: .milliseconds(1500))
        let recorder = Recorder()
        var configuration = SessionConfiguration()
        configuration.pingInterval = .milliseconds(100)
        configuration.reconnect = false
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "quiet", configuration: configuration
        ) {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        // Twenty pongs at 100 ms spacing outlast the server's 1.5 s idle timeout: pings count as activity. (A wide
        // margin: a test machine busy with the other suites can hold a ping back for a few hundred milliseconds.)
        try await recorder.waitUntil("twenty pongs") { events in
            events.filter { if case .received(let m) = $0 { m.type == .pong } else { false } }.count >= 20
        }
        #expect(session.isConnected, "pings must count as activity for the server's idle timeout")
        await session.stop()
        try await Self.finish(runner)
        await server.shutdown()
    }

    @Test(
        "after its own quit command and the server's goodbye, the session ends and never reconnects",
        arguments: ["/quit", "/bye see you", "/exit"])
    func quitEndsTheSession(line: String) async throws {
        let server = try await Self.startServer()
        let recorder = Recorder()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.05, maximum: 0.1, jitter: 0)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "carol", configuration: configuration
        ) {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "welcome") { if case .received(let m) = $0 { m.type == .welcome } else { false } }
        session.send(line)
        try await recorder.wait(for: "goodbye") {
            if case .received(let m) = $0 { m.type == .system && m.data == "goodbye, carol" } else { false }
        }
        // No stop(): the run loop must end by itself, without a single reconnect attempt.
        try await Self.finish(runner, timeout: .seconds(5))
        let attempts = recorder.events.withLockedValue {
            $0.filter { if case .connecting = $0 { true } else { false } }.count
        }
        #expect(attempts == 0, "no reconnect after the goodbye")
        await session.stop()
        await runner.value
        await server.shutdown()
    }

    @Test("stop() says /quit first: the room hears the leave at once, not after the server's half-close grace")
    func stopSaysQuit() async throws {
        // A bare close would keep the leaver in the room for the whole minute.
        let server = try await Self.startServer(halfCloseGrace: .seconds(60))
        let watcher = Recorder()
        let watching = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "watcher") {
            watcher.record($0)
        }
        try await watching.connect()
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "leaver") { _ in }
        try await session.connect()
        try await watcher.wait(for: "the join") { if case .received(let m) = $0 { m.type == .join } else { false } }
        await session.stop()
        try await watcher.wait(for: "the leave", timeout: .seconds(10)) {
            if case .received(let m) = $0 {
                m.type == .leave && m.dataSource == "leaver" && m.data == "quit"
            } else {
                false
            }
        }
        await watching.stop()
        await server.shutdown()
    }
}
