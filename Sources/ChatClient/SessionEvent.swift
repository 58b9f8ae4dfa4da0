import ChatProtocol

/// What the session reports to its owner (the UI or line mode), from any thread.
public enum SessionEvent: Sendable {
    /// A connection attempt started.
    case connecting(attempt: Int)
    /// Connected; the hello has been sent.
    case connected
    /// A frame from the server.
    case received(Message)
    /// A line from the server that was not a valid frame (shown to the user, not fatal).
    case undecodable(String)
    /// The connection ended (or an attempt failed), and why.
    case disconnected(reason: String)
    /// The next attempt starts in `seconds`.
    case retrying(inSeconds: Double)
    /// A line could not be sent because no connection is up; it was not lost silently.
    case notSent(String)
}
