import Crypto
import Foundation

/// A certificate's identity as people compare it: `SHA256:` and the unpadded base64 of the SHA-256 of its DER
/// bytes, as OpenSSH prints host keys. One format everywhere: the server's log, the client's prompt, known_servers,
/// `--trust-fingerprint`.
public struct CertificateFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let digest: [UInt8]

    /// The fingerprint of a certificate given as DER bytes.
    public init(der: some Sequence<UInt8>) {
        self.digest = Array(SHA256.hash(data: Array(der)))
    }

    /// Parses `SHA256:<base64>` (padding optional). Nil for anything else, a digest of the wrong length included.
    public init?(parsing text: some StringProtocol) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        var encoded = String(text.dropFirst(Self.prefix.count))
        guard !encoded.isEmpty, !encoded.contains("=") || encoded.hasSuffix("=") else { return nil }
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), data.count == 32 else { return nil }
        self.digest = Array(data)
    }

    public var description: String {
        var encoded = Data(self.digest).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        return Self.prefix + encoded
    }

    static let prefix = "SHA256:"
}
