import Crypto
import Foundation
import SwiftASN1
import X509

/// Makes the self-signed certificate of `serve --tls-self-signed`: an ECDSA P-256 key and a certificate for the
/// names a client may dial (localhost, 127.0.0.1, ::1 and this machine's host name), valid for ten years.
public enum SelfSignedCertificate {
    /// The PEM texts of a new certificate and its key.
    /// - Parameters:
    ///   - hostnames: DNS names besides `localhost` (the machine's name); IP literals are recognised and added as IPs.
    ///   - now: the start of its validity (an hour earlier, for clocks a little behind).
    public static func make(
        hostnames: [String] = [], now: Date = Date(), years: Int = 10
    ) throws(TLSSetupError) -> (certificatePEM: String, keyPEM: String) {
        let key = P256.Signing.PrivateKey()
        do {
            let name = try DistinguishedName {
                CommonName("swchat")
                OrganizationName("swchat self-signed")
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(Self.names(hostnames))
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(Double(years) * 365.25 * 86400),
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(key))
            return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
        } catch {
            throw TLSSetupError("cannot make a self-signed certificate: \(error)")
        }
    }

    /// localhost, 127.0.0.1 and ::1, then the names given, each once.
    static func names(_ hostnames: [String]) -> [GeneralName] {
        var seen: Set<String> = []
        var names: [GeneralName] = []
        for host in ["localhost", "127.0.0.1", "::1"] + hostnames where !host.isEmpty {
            guard seen.insert(host.lowercased()).inserted else { continue }
            if let bytes = Self.ipBytes(host) {
                names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
            } else {
                names.append(.dnsName(host))
            }
        }
        return names
    }

    /// The bytes of an IPv4 or IPv6 literal, nil for a name.
    static func ipBytes(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
