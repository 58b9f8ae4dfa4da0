import NIOCore

/// How a session keeps its connection alive and comes back after losing it.
public struct SessionConfiguration: Sendable {
    /// Send a ping after this long without writing anything.
    public var pingInterval: TimeAmount = .seconds(10)
    /// Give the connection up after this long without receiving anything (pings are answered, so ~3 pings).
    public var deadAfter: TimeAmount = .seconds(30)
    /// How long a connection attempt may take.
    public var connectTimeout: TimeAmount = .seconds(10)
    /// Whether to reconnect after losing the connection.
    public var reconnect = true
    /// Reconnect delays.
    public var backoff = Backoff()
    /// TLS, and how the server's certificate is checked; nil: clear text.
    public var tls: ClientTLS?

    public init() {}
}
