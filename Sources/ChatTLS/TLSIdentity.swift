import Foundation
import NIOSSL
import X509

/// A server's certificate chain and private key, checked to belong together, with the leaf's fingerprint.
public struct TLSIdentity: Sendable {
    public let certificateChain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    /// The fingerprint of the leaf certificate (the one clients pin).
    public let fingerprint: CertificateFingerprint

    /// Reads PEM files. - Throws: `TLSSetupError` naming the file when it cannot be read or is not what it should be.
    public static func load(certificatePath: String, keyPath: String) throws(TLSSetupError) -> TLSIdentity {
        let certificate = try Self.read(certificatePath, what: "certificate")
        let key = try Self.read(keyPath, what: "key")
        return try Self(certificatePEM: certificate, keyPEM: key, certificateName: certificatePath, keyName: keyPath)
    }

    /// Parses PEM texts; the names are only for the error messages.
    public init(
        certificatePEM: String, keyPEM: String, certificateName: String = "certificate", keyName: String = "key"
    ) throws(TLSSetupError) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw TLSSetupError("\(certificateName) is not a PEM certificate")
        }
        guard let leaf = chain.first else { throw TLSSetupError("\(certificateName) holds no PEM certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        } catch {
            throw TLSSetupError("\(keyName) is not a PEM private key")
        }
        // The key must be the certificate's: checked here, so the error says so instead of a later handshake failure.
        do {
            let parsedLeaf = try Certificate(derEncoded: try leaf.toDERBytes())
            let parsedKey = try Certificate.PrivateKey(pemEncoded: keyPEM)
            guard parsedKey.publicKey == parsedLeaf.publicKey else {
                throw TLSSetupError("the key in \(keyName) does not match the certificate in \(certificateName)")
            }
        } catch let error as TLSSetupError {
            throw error
        } catch {
            throw TLSSetupError("cannot check \(keyName) against \(certificateName): \(error)")
        }
        let der: [UInt8]
        do {
            der = try leaf.toDERBytes()
        } catch {
            throw TLSSetupError("\(certificateName): \(error)")
        }
        self.certificateChain = chain
        self.privateKey = privateKey
        self.fingerprint = CertificateFingerprint(der: der)
    }

    /// The server side of TLS with this identity: TLS 1.2 at least, no client certificates.
    public func serverContext() throws(TLSSetupError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: self.certificateChain.map { .certificate($0) }, privateKey: .privateKey(self.privateKey))
        configuration.minimumTLSVersion = .tlsv12
        // How long a closing connection waits for the client's close_notify (NIOSSL's default, 5 s, held every
        // server shutdown that long when a client did not answer; the shutdown's own grace is 1.5 s).
        configuration.shutdownTimeout = .milliseconds(500)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError("cannot set up TLS with this certificate and key: \(error)")
        }
    }

    private static func read(_ path: String, what: String) throws(TLSSetupError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TLSSetupError("cannot read the TLS \(what) file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TLSSetupError("the TLS \(what) file \(path) is not PEM text")
        }
        return text
    }
}
