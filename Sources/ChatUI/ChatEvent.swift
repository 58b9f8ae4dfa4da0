import ChatProtocol

/// Everything that can happen to the client screen: from the server, the keyboard, the terminal, the clock.
public enum ChatEvent: Sendable {
    case frame(Message)
    case key(Key)
    case resized(Size)
    case connecting
    case connected
    case disconnected(reason: String)
    /// Reconnecting after `seconds`.
    case retrying(inSeconds: Double)
    /// A line typed while no connection was up.
    case notSent(String)
    /// A line from the server that was not a valid frame.
    case undecodable(String)
    /// A local notice (a log message, a hint).
    case info(String)
    /// Time passes (the status line counts down).
    case tick
}
