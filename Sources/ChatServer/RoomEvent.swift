/// Something that happened in a room, as other server processes sharing the rooms need to hear of it.
public enum RoomEvent: Sendable, Equatable {
    /// A message was stored and delivered here.
    case posted(StoredMessage)
    /// `name` joined the room.
    case joined(RoomRef, name: String)
    /// `name` left the room.
    case left(RoomRef, name: String, reason: LeaveReason)
    /// `from` is now called `to` (in every room it is in).
    case renamed(from: String, to: String)
    /// The room's topic changed (nil: cleared).
    case topicChanged(RoomRef, Topic?)
}
