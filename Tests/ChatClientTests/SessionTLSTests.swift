import ChatClient
import ChatProtocol
import ChatServer
import ChatTLS
import Logging
import NIOCore
import Testing

/// The client's side of TLS against the real server on 127.0.0.1: the probe, pinning, and reconnects that stay
/// pinned.
@Suite("Session over TLS")
struct SessionTLSTests {
    static func identity() throws -> TLSIdentity {
        let (certificate, key) = try SelfSignedCertificate.make()
        return try TLSIdentity(certificatePEM: certificate, keyPEM: key)
    }

    static func startServer(_ identity: TLSIdentity, port: Int = 0) async throws -> ChatServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.tls = try identity.serverContext()
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return try await ChatServer.start(configuration: configuration, logger: logger)
    }

    static func configuration(_ tls: ClientTLS) -> SessionConfiguration {
        var configuration = SessionConfiguration()
        configuration.tls = tls
        configuration.backoff = Backoff(initial: 0.05, maximum: 0.2)
        return configuration
    }

    @Test("the probe learns a self-signed certificate's fingerprint; only the pinned one connects")
    func probeAndPin() async throws {
        let identity = try Self.identity()
        let server = try await Self.startServer(identity)
        do {
            try await Self.probeAndPin(identity, endpoint: HostPort(host: "127.0.0.1", port: server.port))
        } catch {
            await server.shutdown(grace: .milliseconds(100))
            throw error
        }
        await server.shutdown(grace: .milliseconds(100))
    }

    static func probeAndPin(_ identity: TLSIdentity, endpoint: HostPort) async throws {
        let outcome = try await TLSProbe.run(endpoint: endpoint)
        guard case .unverified(let learnt, _) = outcome else {
            Issue.record("a self-signed certificate verified: \(outcome)")
            return
        }
        #expect(learnt == identity.fingerprint)

        let verified = ChatSession(
            endpoint: endpoint, name: "v", configuration: Self.configuration(.verified), events: { _ in })
        await #expect(throws: ChatSession.ConnectFailure.self) { try await verified.connect() }

        let other = try Self.identity().fingerprint
        let wrong = ChatSession(
            endpoint: endpoint, name: "w", configuration: Self.configuration(.pinned(other)), events: { _ in })
        do {
            try await wrong.connect()
            Issue.record("connected with another pin")
        } catch {
            #expect(error.presented == identity.fingerprint)
            #expect(error.description.contains("has changed"))
        }

        let recorder = SessionTests.Recorder()
        let pinned = ChatSession(
            endpoint: endpoint, name: "alice", configuration: Self.configuration(.pinned(identity.fingerprint))
        ) { recorder.record($0) }
        try await pinned.connect()
        #expect(pinned.isEncrypted)
        try await recorder.wait(for: "the welcome") {
            if case .received(let message) = $0 { return message.type == .welcome }
            return false
        }
        await pinned.stop()
    }

    @Test("a reconnect checks the pin again: a server back with another certificate is refused, not retried")
    func reconnectStaysPinned() async throws {
        let identity = try Self.identity()
        let first = try await Self.startServer(identity)
        let port = first.port
        let recorder = SessionTests.Recorder()
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "alice",
            configuration: Self.configuration(.pinned(identity.fingerprint))
        ) { recorder.record($0) }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "the welcome") {
            if case .received(let message) = $0 { return message.type == .welcome }
            return false
        }
        await first.shutdown(grace: .milliseconds(100))
        let second = try await Self.startServer(try Self.identity(), port: port)
        // Generous: on a loaded machine (the whole suite on 2 cores) the old server's shutdown alone took 11 s.
        try await recorder.wait(for: "the refusal", timeout: .seconds(30)) {
            if case .disconnected(let reason) = $0 { return reason.contains("not reconnecting") }
            return false
        }
        try await SessionTests.finish(runner, timeout: .seconds(15))
        await session.stop()
        await second.shutdown(grace: .milliseconds(100))
    }
}
