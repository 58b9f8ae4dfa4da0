/// What the client does with a server whose certificate no authority vouches for, SSH style: a pure function of
/// what known_servers says, what the server presented, and what the command line allows.
public enum TrustDecision: Equatable, Sendable {
    /// Connect; `remember`: add the fingerprint to known_servers first.
    case connect(remember: Bool)
    /// Show the fingerprint and ask (y/N).
    case ask
    /// The server's certificate is not the one trusted before: refuse, loudly (there is no override).
    case changed(known: KnownServers.Entry)
    /// `--trust-fingerprint` named another certificate than the server's.
    case notTheGivenOne(given: CertificateFingerprint)
    /// Nobody to ask (line mode) and no `--trust-fingerprint`.
    case cannotAsk

    /// - Parameters:
    ///   - known: the server's entry in known_servers, if any.
    ///   - presented: the fingerprint of the certificate the server presented.
    ///   - given: `--trust-fingerprint`, if given.
    ///   - canAsk: whether a person can answer a prompt (a terminal).
    public static func decide(
        known: KnownServers.Entry?, presented: CertificateFingerprint, given: CertificateFingerprint?, canAsk: Bool
    ) -> TrustDecision {
        if let known {
            guard known.fingerprint == presented else { return .changed(known: known) }
            if let given, given != presented { return .notTheGivenOne(given: given) }
            return .connect(remember: false)
        }
        if let given {
            return given == presented ? .connect(remember: true) : .notTheGivenOne(given: given)
        }
        return canAsk ? .ask : .cannotAsk
    }
}
