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
    /// Server-assigned, strictly increasing across the room, on every chat/me/private frame.
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
        rooms: [RoomInfo]? = nil
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
    }
}
