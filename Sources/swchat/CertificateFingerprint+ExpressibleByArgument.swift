import ArgumentParser
import ChatTLS

extension CertificateFingerprint: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
