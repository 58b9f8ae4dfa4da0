/// Why a TLS identity or the known_servers file could not be used, as one line a person can act on.
public struct TLSSetupError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
