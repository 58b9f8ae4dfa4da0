import ArgumentParser
import ChatTLS
import Foundation
import Testing

@testable import swchat

/// The TLS options' files: unreadable, invalid or mismatched ones are one clear line, exit 1 (the options that make no
/// sense together are among CommandLineTests.badValues).
@Suite("TLS command line")
struct TLSCommandLineTests {
    @Test("serve with an unreadable, invalid or mismatched certificate: one line naming the file, exit 1")
    func badFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try SelfSignedCertificate.make()
        let second = try SelfSignedCertificate.make()
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let junk = folder.appendingPathComponent("junk.pem").path
        try first.certificatePEM.write(toFile: cert, atomically: true, encoding: .utf8)
        try second.keyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        try "not pem".write(toFile: junk, atomically: true, encoding: .utf8)
        let cases = [
            (cert, key, "does not match"),
            (junk, key, "\(junk) is not a PEM certificate"),
            (cert, junk, "\(junk) is not a PEM private key"),
            (folder.path + "/missing.pem", key, "cannot read the TLS certificate file"),
        ]
        for (certificate, privateKey, expected) in cases {
            let serve = try #require(
                try SwChat.parseAsRoot(["serve", "--tls-cert", certificate, "--tls-key", privateKey]) as? Serve)
            do {
                _ = try serve.options.tlsIdentity()
                Issue.record("\(certificate) and \(privateKey) were taken")
            } catch let failure as UsageFailure {
                #expect(failure.code == 1)
                #expect(failure.description.contains(expected), "\(failure.description)")
                #expect(!failure.description.contains("\n"))
            }
        }
    }
}
