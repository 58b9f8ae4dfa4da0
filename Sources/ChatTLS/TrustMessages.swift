/// What the client tells a person about a server's certificate: the question of a first connection and the
/// warning of a changed certificate (worded after OpenSSH's, which people have learnt to heed).
public enum TrustMessages {
    /// The question asked before the first connection to a server no authority vouches for.
    public static func prompt(server: String, fingerprint: CertificateFingerprint, reason: String) -> String {
        """
        The certificate of \(server) is not signed by an authority this machine trusts (\(reason)).
        Its fingerprint is \(fingerprint)
        Ask the server's owner for the fingerprint its log shows ('tls fingerprint=...') and compare.
        Trust it and remember it? (y/N)\u{20}
        """
    }

    /// The refusal when a server presents another certificate than the one trusted before.
    public static func changed(
        server: String, known: KnownServers.Entry, presented: CertificateFingerprint, file: String
    ) -> String {
        """
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        @    WARNING: SERVER IDENTIFICATION HAS CHANGED!          @
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
        Someone could be reading and changing this connection (a man-in-the-middle attack),
        or the server's owner has replaced its certificate.
        The certificate \(server) presented has the fingerprint
            \(presented)
        but the one you trusted before is
            \(known.fingerprint)
        Not connecting. If the owner confirms the change, delete line \(known.line) of
            \(file)
        and connect again.
        """
    }
}
