import ChatProtocol

/// What the core tells clients, as what happened rather than as a frame: the shell turns each notice into the
/// frame of each wire format (`NoticeEncoder`), once however many receive it, and an IRC listener could turn the
/// same notices into IRC lines.
public enum Notice: Sendable, Equatable {
    /// A newcomer's greeting: its name, the rooms it joined, and the first room's roster.
    case welcome(Welcome)
    /// A room's members: the answer to `/who`, the first thing a joiner of a further room gets, or everyone's
    /// whole roster again when a big room is small once more.
    case roster(RoomRoster)
    /// `name` joined the room, which now has `online` members.
    case joined(RoomRef, name: String, online: Int)
    /// `name` left the room.
    case left(RoomRef, name: String, reason: LeaveReason, online: Int)
    /// Joins or leaves gathered in a big room: the names clients may know, and how many others.
    case gathered(RoomRef, joined: Bool, names: [String], others: Int, online: Int)
    /// A rename, in one room (or, for a member in no room, to itself alone).
    case renamed(RoomRef?, from: String, to: String)
    /// A stored chat line, action or private message; `replay` when it is history.
    case message(StoredMessage, replay: Bool)
    /// A room's topic: `changed` to the room when someone set it, else the answer to asking (or to joining).
    case topic(RoomRef, Topic?, changed: Bool)
    /// The rooms with someone in them (the biggest, when there are more than listed: `total` says how many).
    case roomList([RoomSummary], total: Int)
    /// The member itself left a room.
    case parted(RoomRef)
    /// The member's current room is now this one (text clients).
    case current(RoomRef?)
    case pong(String)
    /// Messages of a room (or private ones, `room` nil) not replayed: `missing` of them between two seqs.
    case gap(RoomRef?, after: UInt64, before: UInt64, missing: Int)
    /// The end of a room's replay: after a resume (`seq`, the room's latest) or a page of history (`before`, the
    /// lowest seq sent, and `more`).
    case replayEnd(RoomRef, seq: UInt64?, before: UInt64?, more: Bool?)
    /// Something the member did was refused; `room` when it is about a room the member is in.
    case error(String, room: RoomRef? = nil)
    /// The last thing a connection is told before it is closed for good (a ban): its client should not reconnect.
    case refusal(String)
    case system(String, room: RoomRef? = nil)
}

/// A newcomer's greeting.
public struct Welcome: Sendable, Equatable {
    public var name: String
    /// Every room joined, in order; the first one's roster is `roster`.
    public var rooms: [RoomRef]
    public var roster: RoomRoster?
    /// What to tell about the name or rooms asked for ("The name bob is taken, so you are bob2.").
    public var notes: [String]
    public var motd: String?
    public var floodLimit: FloodLimit?
    /// The server's identity, the connection's session token, and each room's latest seq (by bare name).
    public var server: String?
    public var session: String?
    public var seqs: [String: UInt64]?
    /// Whether a session was resumed (the welcome says "welcome back").
    public var resumed = false
    /// The account the connection is logged in to, as registered.
    public var account: String?
}

/// Why a roster is sent.
public enum RosterOccasion: Sendable, Equatable {
    /// The member asked (`/who`).
    case asked
    /// The member joined the room: its history follows.
    case joined
    /// A big room is small again: everyone gets the whole list.
    case shrunk
}

/// A room's members as one member may be told them.
public struct RoomRoster: Sendable, Equatable {
    public var room: RoomRef
    /// Everyone in a small room; in a big one, who spoke lately and the member itself.
    public var names: [String]
    public var online: Int
    /// In a big room, the names of those who spoke lately (for the text); nil in a small one.
    public var spokeLately: [String]?
    /// How many history messages follow (when joining; nil when they are read from the store and `replay_end` says
    /// where they end).
    public var history: Int?
    /// The room's latest seq (when joining).
    public var seq: UInt64?
    public var occasion: RosterOccasion
}

/// One line of `/rooms`.
public struct RoomSummary: Sendable, Equatable {
    public var name: String
    public var online: Int
    public var topic: String?
}
