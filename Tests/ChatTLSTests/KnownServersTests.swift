import ChatTLS
import Testing

/// known_servers as text: parsed with its comments, updated by appending, refused line by line when malformed.
@Suite("known_servers")
struct KnownServersTests {
    static let one = CertificateFingerprint(der: [1])
    static let two = CertificateFingerprint(der: [2])

    @Test("comments, blank lines and surrounding blanks are skipped; lookups ignore case")
    func parsesEntries() throws {
        let text = """
            # my servers
            example.org:9000 \(Self.one)

               [::1]:8080\t\(Self.two)   \r
            """
        let known = try KnownServers(parsing: text, file: "ks")
        #expect(known.entries.count == 2)
        #expect(known.entry(for: "Example.ORG:9000")?.fingerprint == Self.one)
        #expect(known.entry(for: "example.org:9000")?.line == 2)
        #expect(known.entry(for: "[::1]:8080")?.fingerprint == Self.two)
        #expect(known.entry(for: "[::1]:8080")?.line == 4)
        #expect(known.entry(for: "example.org:9001") == nil)
    }

    @Test("the same server twice with one fingerprint is fine; with two it names the line to delete")
    func duplicates() throws {
        let same = try KnownServers(parsing: "a:1 \(Self.one)\na:1 \(Self.one)\n", file: "ks")
        #expect(same.entries.count == 1)
        #expect(
            throws: TLSSetupError(
                "ks:3: A:1 is listed again with another fingerprint than on line 1; delete the wrong line")
        ) {
            try KnownServers(parsing: "a:1 \(Self.one)\n# x\nA:1 \(Self.two)\n", file: "ks")
        }
    }

    @Test(
        "malformed lines are refused with the file and line",
        arguments: [
            ("a:1", "ks:1: expected 'host:port SHA256:...', not 'a:1'"),
            ("a:1 \(one) extra", "ks:1: expected 'host:port SHA256:...', not 'a:1 \(one) extra'"),
            ("a \(one)", "ks:1: 'a' is not host:port"),
            ("a:99999 \(one)", "ks:1: 'a:99999' is not host:port"),
            ("::1:80 \(one)", "ks:1: '::1:80' is not host:port"),
            ("a:1 MD5:abc", "ks:1: 'MD5:abc' is not a SHA256:... fingerprint"),
            ("a:1 SHA256:AAAA", "ks:1: 'SHA256:AAAA' is not a SHA256:... fingerprint"),
        ])
    func malformed(line: String, error: String) {
        #expect(throws: TLSSetupError(error)) { try KnownServers(parsing: line, file: "ks") }
    }

    @Test("adding appends one line and keeps what was there; an existing entry is never replaced")
    func adding() throws {
        var known = try KnownServers(parsing: "# mine\nb:2 \(Self.one)", file: "ks")
        known.add("A:1", Self.two)
        #expect(known.text == "# mine\nb:2 \(Self.one)\na:1 \(Self.two)\n")
        #expect(known.entry(for: "a:1")?.line == 3)
        known.add("b:2", Self.two)
        #expect(known.entry(for: "b:2")?.fingerprint == Self.one)
        let reread = try KnownServers(parsing: known.text, file: "ks")
        #expect(reread.entries == known.entries)
        var empty = KnownServers()
        empty.add("c:3", Self.one)
        #expect(empty.text.hasPrefix("# "))
        #expect(try KnownServers(parsing: empty.text, file: "ks").entry(for: "c:3")?.line == 2)
    }

    @Test("servers are keyed host:port, lower case, IPv6 in brackets")
    func keys() {
        #expect(KnownServers.key(host: "Chat.Example", port: 443) == "chat.example:443")
        #expect(KnownServers.key(host: "::1", port: 8080) == "[::1]:8080")
    }

    @Test("fingerprints read back what they print, and refuse other digests")
    func fingerprints() {
        let printed = Self.one.description
        #expect(printed.hasPrefix("SHA256:"))
        #expect(!printed.hasSuffix("="))
        #expect(printed.count == 7 + 43)
        #expect(CertificateFingerprint(parsing: printed) == Self.one)
        #expect(CertificateFingerprint(parsing: printed + "=") == Self.one)
        #expect(CertificateFingerprint(parsing: "sha256:" + printed.dropFirst(7)) == nil)
        #expect(CertificateFingerprint(parsing: "SHA256:") == nil)
        #expect(CertificateFingerprint(parsing: "SHA256:!!!!") == nil)
    }
}
