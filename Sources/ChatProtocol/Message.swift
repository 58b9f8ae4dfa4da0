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
        online: Int? = nil
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
    }
}
