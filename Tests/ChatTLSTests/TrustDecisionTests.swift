import ChatTLS
import Testing

/// Trust on first use as a table: what is known, what was presented, what the command line allows.
@Suite("Trust decision")
struct TrustDecisionTests {
    static let a = CertificateFingerprint(der: [0xA])
    static let b = CertificateFingerprint(der: [0xB])
    static let knownA = KnownServers.Entry(server: "h:1", fingerprint: a, line: 4)

    @Test("unknown server: ask on a terminal, refuse in line mode, take --trust-fingerprint if it matches")
    func unknown() {
        #expect(TrustDecision.decide(known: nil, presented: Self.a, given: nil, canAsk: true) == .ask)
        #expect(TrustDecision.decide(known: nil, presented: Self.a, given: nil, canAsk: false) == .cannotAsk)
        #expect(
            TrustDecision.decide(known: nil, presented: Self.a, given: Self.a, canAsk: false)
                == .connect(remember: true))
        #expect(
            TrustDecision.decide(known: nil, presented: Self.a, given: Self.b, canAsk: true)
                == .notTheGivenOne(given: Self.b))
    }

    @Test("known server: the same certificate connects silently; another is refused, whatever the flags")
    func known() {
        #expect(
            TrustDecision.decide(known: Self.knownA, presented: Self.a, given: nil, canAsk: false)
                == .connect(remember: false))
        #expect(
            TrustDecision.decide(known: Self.knownA, presented: Self.b, given: nil, canAsk: true)
                == .changed(known: Self.knownA))
        #expect(
            TrustDecision.decide(known: Self.knownA, presented: Self.b, given: Self.b, canAsk: true)
                == .changed(known: Self.knownA))
    }

    @Test("the warning names the file and the line to edit, and both fingerprints")
    func warning() {
        let text = TrustMessages.changed(server: "h:1", known: Self.knownA, presented: Self.b, file: "/x/known_servers")
        #expect(text.contains("SERVER IDENTIFICATION HAS CHANGED"))
        #expect(text.contains("delete line 4 of"))
        #expect(text.contains("/x/known_servers"))
        #expect(text.contains(Self.a.description) && text.contains(Self.b.description))
    }
}
