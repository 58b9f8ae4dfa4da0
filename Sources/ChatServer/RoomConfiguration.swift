import ChatProtocol

/// The rules of the rooms: how many, how much history, how fast people may talk, what newcomers read.
public struct RoomConfiguration: Sendable {
    /// The room everyone starts in (a client that knows nothing of rooms chats there).
    public var defaultRoom: String = "lobby"
    /// Most rooms with someone in them; a `/join` that would create one more is refused.
    public var maxRooms: Int = 1000
    /// Most rooms one connection may be in at once.
    public var maxJoined: Int = 50
    /// Chat messages replayed to each newcomer (0: none).
    public var historyLimit: Int
    /// Most bytes of history a room keeps, whatever the count (the oldest go first).
    public var historyBytes = 256 * 1024
    /// Most bytes of history one join replays, shared by the rooms of a hello: a reconnect into fifty full rooms
    /// would otherwise be 40 MB at once, and the slow-reader limit would drop a client that reads well.
    public var replayBytes = 512 * 1024
    /// Most bytes of history kept for rooms nobody is in, all together (the longest unused go first).
    public var idleHistoryBytes = 32 << 20
    /// Per-connection line rate limit, whatever its rooms; nil means none.
    public var floodLimit: FloodLimit?
    /// A message of the day appended to the welcome, if any.
    public var motd: String?
    /// From this many members online, joins and leaves are gathered and announced together (one frame listing the
    /// names, every `announceInterval`) instead of one notice per person to every member: in a big room each join
    /// would otherwise cost a notice to everyone, and filling it would cost the square of its size.
    public var batchAnnouncementsFrom: Int
    /// Up to this many members online every member knows every name. Beyond it the room is big: welcomes and `/who`
    /// list who spoke lately, newcomers are announced as a count, and names go out as people speak (see
    /// `Room+Presence`). It is small again at half of it.
    public var rosterLimit: Int
    /// How many of those who spoke lately a big room's welcome and `/who` list.
    public var activeNamesListed: Int
    /// Most messages of a room one resume replays; past it the newest are, after a `gap` frame.
    public var maxResume = 1000
    /// How long a session can be resumed after its connection went, in milliseconds.
    public var sessionTTLMilliseconds: Int64 = 24 * 3600 * 1000
    /// Accounts, operators and the rules for passwords.
    public var accounts = AccountConfiguration()

    public init(
        historyLimit: Int = 50, floodLimit: FloodLimit? = .standard, motd: String? = nil,
        batchAnnouncementsFrom: Int = 200,
        rosterLimit: Int = 1000, activeNamesListed: Int = 100
    ) {
        self.historyLimit = historyLimit
        self.floodLimit = floodLimit
        self.motd = motd
        self.batchAnnouncementsFrom = batchAnnouncementsFrom
        self.rosterLimit = rosterLimit
        self.activeNamesListed = activeNamesListed
    }
}
