/// What the reducer asks the app to do.
public enum ChatEffect: Equatable, Sendable {
    /// Send a chat line or command to the server, for `room` (its name without `#`; nil: no room named, as for a
    /// server without rooms, or a private message).
    case send(String, room: String? = nil)
    /// Ask the server for a room's messages older than `before`, at most `limit` of them (a `history` frame).
    case history(room: String, before: UInt64, limit: Int)
    /// Ring the terminal bell (a mention or a private message came; see `BellPolicy`).
    case bell
    /// Leave the program (after sending what is queued).
    case quit
}
