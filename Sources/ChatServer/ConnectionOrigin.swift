/// Where a connection comes from, as far as the core's rules care: its address (bans, login attempts) and whether
/// what it sends can be read on the way (passwords are refused over clear text from another machine).
public struct ConnectionOrigin: Sendable, Equatable {
    /// The peer's IP address without the port; nil when unknown (tests, Unix sockets).
    public var address: String?
    /// Whether the connection is TLS.
    public var encrypted: Bool

    public init(address: String? = nil, encrypted: Bool = false) {
        self.address = address
        self.encrypted = encrypted
    }

    /// 127.0.0.0/8 or ::1: nothing crosses a network.
    public var isLoopback: Bool { self.address.map(ConnectionThrottle.isLoopback) ?? false }

    /// Nobody between the client and the server can read what it sends.
    public var isPrivate: Bool { self.encrypted || self.isLoopback }
}
