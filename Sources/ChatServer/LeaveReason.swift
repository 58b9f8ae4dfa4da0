/// Why a member left the room; its `description` is the `data` of the `leave` frame.
public enum LeaveReason: Equatable, Sendable, CustomStringConvertible {
    /// The connection closed (the client went away without /quit).
    case left
    /// The member typed /quit, with an optional reason.
    case quit(String?)
    /// Nothing came from the client within the idle timeout.
    case timedOut
    /// The client's outbound queue overflowed: it does not read fast enough.
    case tooSlow
    /// The server is stopping.
    case shuttingDown
    /// The client went on sending far beyond its flood limit.
    case excessFlood
    /// The member left this room with /part (and stays connected), with an optional reason.
    case parted(String?)
    /// The session connected again from elsewhere: this, its old connection, is let go.
    case reconnected
    /// An operator kicked or banned it: "kicked by bob: spam".
    case removed(String)

    public var description: String {
        switch self {
        case .left: "left"
        case .quit(let reason?): "quit: \(reason)"
        case .quit(nil): "quit"
        case .timedOut: "timed out"
        case .tooSlow: "disconnected as too slow"
        case .shuttingDown: "server shutting down"
        case .excessFlood: "excess flood"
        case .parted(let reason?): "parted: \(reason)"
        case .parted(nil): "parted"
        case .reconnected: "reconnected"
        case .removed(let why): why
        }
    }
}
