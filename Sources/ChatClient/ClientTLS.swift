import ChatTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// How a session's connection is encrypted (`join --tls`).
public enum ClientTLS: Sendable, Equatable {
    /// The certificate must verify against the system's trust store and name the host (NIOSSL's default).
    case verified
    /// Only the certificate with this fingerprint is accepted, whoever signed it: a self-signed server trusted on
    /// first use. Every reconnect checks it again.
    case pinned(CertificateFingerprint)

    /// The TLS handler of one connection to `host`.
    /// - Parameter presented: receives the fingerprint of the certificate the server presented (pinned only).
    func makeHandler(host: String, presented: NIOLockedValueBox<CertificateFingerprint?>) throws -> NIOSSLClientHandler
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: configuration)
        // SNI takes names only; with an IP address NIOSSL checks the certificate against the peer's address.
        let hostname = Self.isIPAddress(host) ? nil : host
        switch self {
        case .verified:
            return try NIOSSLClientHandler(context: context, serverHostname: hostname)
        case .pinned(let pin):
            return try NIOSSLClientHandler(context: context, serverHostname: hostname) { certificates, promise in
                let leaf = certificates.first.flatMap { try? CertificateFingerprint(der: $0.toDERBytes()) }
                presented.withLockedValue { $0 = leaf }
                promise.succeed(leaf == pin ? .certificateVerified : .failed)
            }
        }
    }

    /// Whether `host` is an IPv4 or IPv6 literal rather than a name.
    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
