import ChatProtocol
import ChatTLS
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import Testing

@testable import ChatServer

/// TLS on the server's one port: sniffed by its first byte, then JSON or text inside, as in clear text.
@Suite("TLS integration")
struct TLSIntegrationTests {
    /// A self-signed identity, made once for the suite (a P-256 key is cheap, but once is enough).
    static let identity: TLSIdentity = {
        do {
            let (certificate, key) = try SelfSignedCertificate.make()
            return try TLSIdentity(certificatePEM: certificate, keyPEM: key)
        } catch {
            preconditionFailure("a self-signed test certificate: \(error)")
        }
    }()

    /// A client context that checks nothing (the client's checks are tested in swchatTests; here, the server's side).
    static func clientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    static func withTLSServer(
        _ configure: @escaping (inout ServerConfiguration) -> Void = { _ in }, _ body: (ChatServer) async throws -> Void
    ) async throws {
        let context = try Self.identity.serverContext()
        try await withServer(
            {
                $0.tls = context
                configure(&$0)
            }, body)
    }

    @Test("a TLS JSON client and a clear-text nc client share a room; the TLS one's origin is encrypted")
    func jsonOverTLSAndClearText() async throws {
        try await Self.withTLSServer { server in
            let origins = NIOLockedValueBox<[ConnectionOrigin]>([])
            try await server.observeOrigins { origin in origins.withLockedValue { $0.append(origin) } }
            let (alice, welcome) = try await TestClient.join(
                port: server.port, name: "alice", tls: Self.clientContext())
            #expect(welcome.to == "alice")
            #expect(origins.withLockedValue { $0 } == [ConnectionOrigin(address: "127.0.0.1", encrypted: true)])
            let nc = try await TestClient.connect(port: server.port)
            _ = try await nc.line { $0.hasPrefix("-!- Welcome to swchat, guest-") }
            #expect(origins.withLockedValue { $0.last } == ConnectionOrigin(address: "127.0.0.1", encrypted: false))
            try await nc.send("hello from nc")
            #expect((try await alice.frame { $0.type == .chat }).data == "hello from nc")
            try await alice.send(#"{"data":"hi over TLS"}"#)
            _ = try await nc.line { $0.hasSuffix("alice: hi over TLS") }
        }
    }

    @Test("a silent TLS client is taken for a text client 300 ms after its handshake, and can chat")
    func textOverTLS() async throws {
        try await Self.withTLSServer { server in
            let (alice, _) = try await TestClient.join(port: server.port, name: "alice")
            let secure = try await TestClient.connect(port: server.port, tls: Self.clientContext())
            _ = try await secure.line { $0.hasPrefix("-!- Welcome to swchat, guest-") }
            try await secure.send("typed over TLS")
            #expect((try await alice.frame { $0.type == .chat }).data == "typed over TLS")
            try await alice.send(#"{"data":"back to you"}"#)
            _ = try await secure.line { $0.hasSuffix("alice: back to you") }
        }
    }

    @Test("a bad handshake (garbage after 0x16) or an aborted one closes that connection only")
    func badHandshakes() async throws {
        try await Self.withTLSServer { server in
            let (alice, _) = try await TestClient.join(port: server.port, name: "alice", tls: Self.clientContext())
            let garbage = try await TestClient.connect(
                port: server.port, first: [0x16] + Array(repeating: 0xAB, count: 64))
            try await garbage.waitForClose()
            // The first bytes of a ClientHello record, then gone.
            let aborted = try await TestClient.connect(port: server.port, first: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
            await aborted.close()
            let wrongPeer = try await TestClient.connect(port: server.port, tls: Self.untrustingContext())
            try await wrongPeer.waitForClose()
            let (bob, _) = try await TestClient.join(port: server.port, name: "bob", tls: Self.clientContext())
            try await alice.send(#"{"data":"still serving"}"#)
            _ = try await bob.frame { $0.data == "still serving" }
            try await Self.waitForCount(2, server: server)
        }
    }

    @Test("a client that starts a handshake and stalls is closed after the handshake timeout")
    func stalledHandshake() async throws {
        try await Self.withTLSServer({ $0.tlsHandshakeTimeout = .milliseconds(200) }) { server in
            let stalled = try await TestClient.connect(port: server.port, first: [0x16, 0x03, 0x01])
            try await stalled.waitForClose()
            try await Self.waitForCount(0, server: server)
        }
    }

    @Test("--tls-only: a clear-text client is told in one line (JSON: an error frame) and closed")
    func tlsOnly() async throws {
        try await Self.withTLSServer({ $0.tlsOnly = true }) { server in
            let nc = try await TestClient.connect(port: server.port)
            // Refused for its first line, or for its silence (a loaded machine): the same line either way.
            try? await nc.send("hello?")
            let line = try await nc.line()
            #expect(line.hasPrefix("-!- error: this server takes TLS connections only"), "\(line)")
            try await nc.waitForClose()
            let json = try await TestClient.connect(port: server.port)
            // On a loaded machine the hello may come after the 300 ms that tell JSON from text: it is then refused
            // as a text client (a line), and may have been closed before the hello is sent.
            try? await json.send(#"{"type":"hello","data":"carol"}"#)
            let refusal = try await json.line { $0.contains("TLS connections only") }
            #expect(refusal.contains(#""type":"error""#) || refusal.hasPrefix("-!- error: "))
            try await json.waitForClose()
            let (alice, _) = try await TestClient.join(port: server.port, name: "alice", tls: Self.clientContext())
            try await alice.send(#"{"data":"only TLS here"}"#)
            _ = try await alice.frame { $0.data == "only TLS here" }
        }
    }

    /// A client that trusts nothing: it aborts the handshake when it sees the server's certificate.
    static func untrustingContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([])
        return try NIOSSLContext(configuration: configuration)
    }

    static func waitForCount(_ count: Int, server: ChatServer) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while try await server.connectionCount() != count {
            if ContinuousClock.now >= deadline {
                Issue.record("\(try await server.connectionCount()) connections, not \(count)")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
