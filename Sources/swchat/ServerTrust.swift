import ChatClient
import ChatTLS
import Foundation

/// How `join --tls` connects, decided before the chat screen starts: verified by an authority, or pinned to the
/// fingerprint the user trusted (now, by answering y, or before: known_servers), as SSH does with host keys.
enum ServerTrust {
    /// - Parameters:
    ///   - given: `--trust-fingerprint`: accepted without asking (and remembered).
    ///   - canAsk: whether the user can be asked (a terminal); else `given` is needed for a new server.
    ///   - ask: puts the question and says whether the answer was yes.
    /// - Throws: `UsageFailure` (exit 1) when the server is not to be trusted, with what to do about it.
    static func establish(
        endpoint: HostPort, given: CertificateFingerprint?, canAsk: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        ask: (String) -> Bool = Self.askOnTerminal
    ) async throws -> ClientTLS {
        guard let file = KnownServersFile(environment: environment) else {
            throw UsageFailure("no config directory for known_servers ($XDG_CONFIG_HOME and $HOME are unset)", code: 1)
        }
        var known: KnownServers
        do {
            known = try file.read()
        } catch {
            throw UsageFailure(error.description, code: 1)
        }
        let server = KnownServers.key(host: endpoint.host, port: endpoint.port)
        let entry = known.entry(for: server)
        if let entry, given == nil || given == entry.fingerprint {
            // Trusted before: the session accepts that certificate and no other (its connect says so loudly).
            return .pinned(entry.fingerprint)
        }
        let presented: CertificateFingerprint
        let reason: String
        do {
            switch try await TLSProbe.run(endpoint: endpoint) {
            case .verified:
                return .verified
            case .unverified(let fingerprint, let why):
                (presented, reason) = (fingerprint, why)
            }
        } catch {
            throw UsageFailure(error.description, code: 1)
        }
        switch TrustDecision.decide(known: entry, presented: presented, given: given, canAsk: canAsk) {
        case .connect(let remember):
            if remember { try Self.remember(server, presented, in: &known, file: file) }
        case .ask:
            guard ask(TrustMessages.prompt(server: server, fingerprint: presented, reason: reason)) else {
                throw UsageFailure("not trusted; not connecting to \(server)", code: 1)
            }
            try Self.remember(server, presented, in: &known, file: file)
        case .changed(let known):
            throw UsageFailure(
                "\n" + TrustMessages.changed(server: server, known: known, presented: presented, file: file.path),
                code: 1)
        case .notTheGivenOne(let given):
            throw UsageFailure(
                "the certificate of \(server) has the fingerprint \(presented), not \(given) (--trust-fingerprint): "
                    + "not connecting", code: 1)
        case .cannotAsk:
            throw UsageFailure(
                "the certificate of \(server) is not signed by an authority this machine trusts (\(reason)); its "
                    + "fingerprint is \(presented). Not connecting: check it with the server's owner, then pass "
                    + "--trust-fingerprint \(presented) (or join once on a terminal and answer y)", code: 1)
        }
        return .pinned(presented)
    }

    private static func remember(
        _ server: String, _ fingerprint: CertificateFingerprint, in known: inout KnownServers, file: KnownServersFile
    ) throws {
        known.add(server, fingerprint)
        do {
            try file.write(known)
        } catch {
            throw UsageFailure(error.description, code: 1)
        }
    }

    /// Prints the question on the terminal and reads one line: y or yes (any case) is yes; anything else,
    /// or end of input, is no.
    static func askOnTerminal(_ question: String) -> Bool {
        FileHandle.standardOutput.write(Data(question.utf8))
        guard let answer = readLine() else { return false }
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return word == "y" || word == "yes"
    }
}
