/// What the reducer asks the app to do.
public enum ChatEffect: Equatable, Sendable {
    /// Send a chat line or command to the server.
    case send(String)
    /// Leave the program (after sending what is queued).
    case quit
}
