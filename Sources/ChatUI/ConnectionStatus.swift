/// The state of the link to the server, as the status line shows it.
public enum ConnectionStatus: Equatable, Sendable {
    case connecting
    case connected
    /// Waiting to reconnect; the next attempt is at this time (milliseconds since 1970).
    case retrying(atMilliseconds: Int64)
    /// Not connected and not trying (line mode, or stopped), with the reason.
    case disconnected(String)
}
