import ArgumentParser
import ChatServer
import ChatStore
import ChatTLS
import Foundation
import Logging

extension ServerOptions {
    /// --tls-cert and --tls-key go together, --tls-self-signed goes alone, --tls-only needs one of them.
    func validateTLS() throws {
        if self.tlsSelfSigned, self.tlsCert != nil || self.tlsKey != nil {
            throw ValidationError("--tls-self-signed makes its own certificate: give it, or --tls-cert and --tls-key")
        }
        if (self.tlsCert == nil) != (self.tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: the certificate and its private key")
        }
        if self.tlsOnly, !self.tlsSelfSigned, self.tlsCert == nil {
            throw ValidationError("--tls-only needs a certificate: --tls-cert and --tls-key, or --tls-self-signed")
        }
    }

    /// Sets up TLS in `configuration` when asked to, logging the certificate's fingerprint (and where a self-signed
    /// one was just made). - Throws: `UsageFailure` as `tlsIdentity()`.
    func applyTLS(to configuration: inout ServerConfiguration, logger: Logger) throws {
        guard let (identity, madeIn) = try self.tlsIdentity() else { return }
        do {
            configuration.tls = try identity.serverContext()
        } catch {
            throw UsageFailure(error.description, code: 1)
        }
        configuration.tlsOnly = self.tlsOnly
        if let madeIn {
            logger.info("made a self-signed TLS certificate", metadata: ["directory": "\(madeIn)"])
        }
        logger.info("tls fingerprint=\(identity.fingerprint)")
    }

    /// The server's TLS identity, if it serves TLS: loaded from --tls-cert/--tls-key, or the self-signed one kept in
    /// the data directory (made on the first start). - Returns: the identity and, when it was just made, where.
    /// - Throws: `UsageFailure` (one line, exit 1) for an unreadable or invalid file, or a key not the certificate's.
    func tlsIdentity() throws -> (identity: TLSIdentity, madeIn: String?)? {
        do {
            if let certificate = self.tlsCert, let key = self.tlsKey {
                return (try TLSIdentity.load(certificatePath: certificate, keyPath: key), nil)
            }
            guard self.tlsSelfSigned else { return nil }
            let environment = ProcessInfo.processInfo.environment
            guard let storePath = StoreLocation.defaultPath(environment: environment),
                let slash = storePath.lastIndex(of: "/")
            else {
                throw UsageFailure(
                    "no data directory for --tls-self-signed ($XDG_DATA_HOME and $HOME are unset)", code: 1)
            }
            let directory = String(storePath[..<slash])
            let names = SelfSignedStore.machineHostname().map { [$0] } ?? []
            let (identity, created) = try SelfSignedStore.loadOrCreate(directory: directory, hostnames: names)
            return (identity, created ? directory : nil)
        } catch let error as TLSSetupError {
            throw UsageFailure(error.description, code: 1)
        }
    }
}
