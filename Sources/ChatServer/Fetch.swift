/// A read from the store on behalf of one connection: the answer takes the place in its output that the request
/// had, so what the room said meanwhile comes after it.
public struct Fetch: Sendable, Equatable {
    public enum Query: Sendable, Equatable {
        /// A resume or a join's replay: the room's messages after `after`, up to `through` (its latest when asked),
        /// the newest `limit`, in at most `budget` bytes. `resume`: ends with `replay_end`, and says what is missing.
        case room(RoomRef, after: UInt64, through: UInt64, limit: Int, budget: Int, resume: Bool)
        /// A page of scrollback: the newest `limit` below `before`.
        case older(RoomRef, before: UInt64, limit: Int)
        /// A session's private messages after `after`.
        case privates(session: UInt64, after: UInt64, limit: Int)
    }

    public var member: MemberID
    /// The place in the member's output, unique across the server.
    public var slot: UInt64
    public var query: Query
}
