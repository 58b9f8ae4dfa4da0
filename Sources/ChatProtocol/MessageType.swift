/// The `type` field of a frame: what kind of event or request it carries.
///
/// Frames without a `type` are `chat`. The raw values are the strings on the wire.
public enum MessageType: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    // Client to server.
    case hello
    case ping
    // Both directions: a client may send `chat`, `me` and `private` (with `to`) frames directly.
    case chat
    case me
    case `private`
    // Server to client.
    case welcome
    case join
    case leave
    case rename
    case users
    case system
    case error
    case pong
    /// A room's topic: on joining it, on asking, and to the room when it changes.
    case topic
    /// The list of rooms (`/rooms`).
    case rooms
    /// Client to server: older messages of a room (`before`, `limit`); answered with replayed frames and `replay_end`.
    case history
    /// The end of a replay for a room (after a `hello` with `since`, or a `history` request).
    case replayEnd = "replay_end"
    /// Messages of a room not replayed: too many were missed, or retention deleted them.
    case gap

    /// Types a client may send; every other known type is reserved to the server.
    public var isClientType: Bool {
        switch self {
        case .hello, .ping, .chat, .me, .private, .history: true
        default: false
        }
    }
}
