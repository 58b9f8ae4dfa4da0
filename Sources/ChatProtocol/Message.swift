/// One frame of the swchat wire protocol: a JSON object on one line.
///
/// `data_source` and `data` are the two fields of the Go seeds' `Message`; everything else is optional
/// and omitted from the JSON when nil. See Resources/protocol.md for the meaning of each field.
public struct Message: Sendable, Equatable {
    /// Who the frame is from: a user's current name, or `"server"`.
    public var dataSource: String
    /// The text.
    public var data: String
    /// The kind of frame; `chat` when absent on the wire.
    public var type: MessageType
    /// Server-assigned, unique across the server and kept across restarts, on every chat/me/private frame.
    public var id: UInt64?
    /// Server time, RFC 3339 UTC with milliseconds, on every frame the server sends.
    public var ts: String?
    /// A roster of names (on `welcome` and `users`).
    public var users: [String]?
    /// The addressee of a private message or, on `welcome`, the name the newcomer got.
    public var to: String?
    /// True on history frames replayed to a newcomer.
    public var replay: Bool?
    /// How many members are online, on the server's presence frames (`welcome`, `join`, `leave`, `users`). In a big
    /// room it is more than `users` lists: the list then holds only the names a client needs.
    public var online: Int?
    /// On `welcome`: the flood limit's burst, lines a client may send at once (absent: no limit). A client that
    /// sends more (a paste) paces them within `floodBurst` and `floodRate` instead of losing them.
    public var floodBurst: Int?
    /// On `welcome`: the flood limit's steady rate, lines per second after the burst.
    public var floodRate: Double?
    /// On `welcome`: how many history frames (`replay`) follow it, so a client can tell where history ends.
    public var history: Int?
    /// The room the frame belongs to (its name without `#`); from a client, the room it is meant for. Absent on
    /// frames of no room (private messages, most notices) and, from a client, meaning its current room.
    public var room: String?
    /// On `hello`, the rooms to join; on `welcome`, the rooms joined (bare names); on `rooms`, the room list.
    public var rooms: [RoomInfo]?
    /// The message's number in its room: strictly increasing per room, never reused, kept across restarts (on chat
    /// and me frames of a room, live and replayed). On a join's `users` frame and on `replay_end`: the room's latest.
    public var seq: UInt64?
    /// On `welcome`: the server's identity, the same across restarts (a client tells "this server, restarted" from
    /// "another server" by it). On `hello`: the identity the client's `since` and `session` refer to.
    public var server: String?
    /// On `welcome`: this connection's secret session token. On `hello`: the token of the session to resume.
    public var session: String?
    /// On `hello`: for each room, the last `seq` the client has; the server replays what came after.
    public var since: [String: UInt64]?
    /// On `welcome`: each joined room's latest `seq`.
    public var seqs: [String: UInt64]?
    /// On `hello`: the `id` of the last private message the client has (with `session`).
    public var privateSince: UInt64?
    /// On `history` (from a client): replay messages with a `seq` below this. On `gap`: the first `seq` after it.
    public var before: UInt64?
    /// On `gap`: the last `seq` before it.
    public var after: UInt64?
    /// On `history`: at most this many messages (the server caps it at 500).
    public var limit: Int?
    /// On `gap`: how many messages are not shown.
    public var missing: Int?
    /// On `replay_end` after a `history` request: whether older messages exist (false: the room's start).
    public var more: Bool?
    /// A hello's password for the account its name is (client to server only; never logged or echoed).
    public var password: String?
    /// The account a welcome's connection is logged in to.
    public var account: String?
    /// `false` on an `error` the server closes the connection after for good (a ban): a client does not reconnect.
    public var reconnect: Bool?

    /// The `data_source` of every frame the server itself originates.
    public static let serverSource = "server"

    /// Creates a frame; optional fields default to absent.
    public init(
        type: MessageType = .chat,
        dataSource: String = "",
        data: String = "",
        id: UInt64? = nil,
        ts: String? = nil,
        users: [String]? = nil,
        to: String? = nil,
        replay: Bool? = nil,
        online: Int? = nil,
        floodBurst: Int? = nil,
        floodRate: Double? = nil,
        history: Int? = nil,
        room: String? = nil,
        rooms: [RoomInfo]? = nil,
        seq: UInt64? = nil,
        server: String? = nil,
        session: String? = nil,
        since: [String: UInt64]? = nil,
        seqs: [String: UInt64]? = nil,
        privateSince: UInt64? = nil,
        before: UInt64? = nil,
        after: UInt64? = nil,
        limit: Int? = nil,
        missing: Int? = nil,
        more: Bool? = nil,
        password: String? = nil,
        account: String? = nil,
        reconnect: Bool? = nil
    ) {
        self.type = type
        self.dataSource = dataSource
        self.data = data
        self.id = id
        self.ts = ts
        self.users = users
        self.to = to
        self.replay = replay
        self.online = online
        self.floodBurst = floodBurst
        self.floodRate = floodRate
        self.history = history
        self.room = room
        self.rooms = rooms
        self.seq = seq
        self.server = server
        self.session = session
        self.since = since
        self.seqs = seqs
        self.privateSince = privateSince
        self.before = before
        self.after = after
        self.limit = limit
        self.missing = missing
        self.more = more
        self.password = password
        self.account = account
        self.reconnect = reconnect
    }
}
