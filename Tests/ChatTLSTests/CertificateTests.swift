import ChatTLS
import Foundation
import NIOSSL
import Testing
import X509

/// Self-signed certificates made, loaded, checked against their keys, and kept on disk with the right modes.
@Suite("Certificates")
struct CertificateTests {
    @Test("a made certificate loads, names the loopback names and the host, and lasts ten years")
    func made() throws {
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(hostnames: ["box.example"])
        let identity = try TLSIdentity(certificatePEM: certificatePEM, keyPEM: keyPEM)
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.dnsName("box.example")))
        #expect(names.count == 4)
        let years = certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) / (365.25 * 86400)
        #expect(years > 9.9)
        #expect(identity.fingerprint == CertificateFingerprint(der: try identity.certificateChain[0].toDERBytes()))
        _ = try identity.serverContext()
    }

    @Test("a key that is not the certificate's, and text that is not PEM, are refused clearly")
    func refused() throws {
        let first = try SelfSignedCertificate.make()
        let second = try SelfSignedCertificate.make()
        #expect(throws: TLSSetupError("the key in k does not match the certificate in c")) {
            try TLSIdentity(
                certificatePEM: first.certificatePEM, keyPEM: second.keyPEM, certificateName: "c", keyName: "k")
        }
        #expect(throws: TLSSetupError("c is not a PEM certificate")) {
            try TLSIdentity(certificatePEM: "hello", keyPEM: first.keyPEM, certificateName: "c", keyName: "k")
        }
        #expect(throws: TLSSetupError("k is not a PEM private key")) {
            try TLSIdentity(
                certificatePEM: first.certificatePEM, keyPEM: "nope", certificateName: "c", keyName: "k")
        }
        #expect(throws: TLSSetupError("cannot read the TLS certificate file /nonexistent/c.pem")) {
            try TLSIdentity.load(certificatePath: "/nonexistent/c.pem", keyPath: "/nonexistent/k.pem")
        }
    }

    @Test("the self-signed store makes its folder 0700 and key 0600 once, then reuses them")
    func store() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.path + "/data/swchat"
        let first = try SelfSignedStore.loadOrCreate(directory: directory, hostnames: [])
        #expect(first.created)
        #expect(try Self.mode(directory) == 0o700)
        #expect(try Self.mode(directory + "/tls-key.pem") == 0o600)
        #expect(try Self.mode(directory + "/tls-cert.pem") & 0o022 == 0)
        let second = try SelfSignedStore.loadOrCreate(directory: directory, hostnames: [])
        #expect(!second.created)
        #expect(second.identity.fingerprint == first.identity.fingerprint)
        try FileManager.default.removeItem(atPath: directory + "/tls-key.pem")
        #expect(throws: TLSSetupError.self) { try SelfSignedStore.loadOrCreate(directory: directory, hostnames: []) }
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
