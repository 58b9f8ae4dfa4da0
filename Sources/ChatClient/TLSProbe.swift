import ChatTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Finds out, before a session starts, whether a TLS server's certificate verifies against the system's trust
/// store, and if not, what its fingerprint is, so the user can be asked about it (trust on first use) away from
/// the event loop. Each look is a handshake on a connection of its own, closed right after it.
public enum TLSProbe {
    public enum Outcome: Sendable, Equatable {
        /// An authority this machine trusts vouches for the certificate, for this host.
        case verified
        /// It does not (self-signed, unknown issuer, or another host's): the certificate's fingerprint and why.
        case unverified(CertificateFingerprint, reason: String)
    }

    /// - Throws: `ChatSession.ConnectFailure` when the server cannot be reached or does not complete a handshake.
    public static func run(
        endpoint: HostPort, timeout: TimeAmount = .seconds(10),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(ChatSession.ConnectFailure) -> Outcome {
        let failure: any Error
        do {
            try await Self.handshake(endpoint: endpoint, tls: .verified, timeout: timeout, group: group).get()
            return .verified
        } catch {
            failure = error
        }
        // Only a certificate that did not verify is a question for the user; anything else is a failure.
        guard failure is NIOSSLError || failure is NIOSSLExtraError else {
            throw Self.failure(endpoint, failure)
        }
        let presented = NIOLockedValueBox<CertificateFingerprint?>(nil)
        // Pinned to nothing the server can have: only to learn the fingerprint it presents.
        let learner = ClientTLS.pinned(CertificateFingerprint(der: []))
        _ = try? await Self.handshake(
            endpoint: endpoint, tls: learner, timeout: timeout, group: group, presented: presented
        ).get()
        guard let fingerprint = presented.withLockedValue({ $0 }) else { throw Self.failure(endpoint, failure) }
        let reason =
            failure is NIOSSLExtraError
            ? "it is not for the name \(endpoint.host)" : "it is self-signed or its issuer is unknown here"
        return .unverified(fingerprint, reason: reason)
    }

    private static func failure(_ endpoint: HostPort, _ error: any Error) -> ChatSession.ConnectFailure {
        ChatSession.ConnectFailure(description: "cannot connect to \(endpoint): \(ConnectError.describe(error))")
    }

    /// One connection that does the handshake and closes. - Returns: its handshake's result.
    private static func handshake(
        endpoint: HostPort, tls: ClientTLS, timeout: TimeAmount, group: any EventLoopGroup,
        presented: NIOLockedValueBox<CertificateFingerprint?> = NIOLockedValueBox(nil)
    ) async -> Result<Void, any Error> {
        let loop = group.next()
        let done = loop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    try handlers.addHandler(tls.makeHandler(host: endpoint.host, presented: presented))
                    try handlers.addHandler(TLSHandshakeWaiter(promise: done, timeout: timeout))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            done.fail(error)
            return .failure(error)
        }
        let result: Result<Void, any Error>
        do {
            try await done.futureResult.get()
            result = .success(())
        } catch {
            result = .failure(error)
        }
        try? await channel.close()
        return result
    }
}
