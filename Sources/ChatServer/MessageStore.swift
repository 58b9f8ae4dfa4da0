import ChatProtocol

/// Where posted messages are kept and numbered: every chat line, action and private message passes through
/// `append` before anyone sees it, so a durable store persists it first, and its `id` and `seq` are the store's.
///
/// Every answer comes through a completion, called once on the server's event loop: at once by the in-memory store,
/// when the write or read is done by a database store (a tick's appends in one transaction: group commit). The
/// appends' completions come in the order of the appends. The core delivers a message only once it is stored, so
/// nothing is shown that was not kept.
public protocol MessageStore: AnyObject {
    /// Keeps `post` and gives it its `id` (unique across the server, never reused) and, in a room, its `seq`
    /// (strictly increasing per room, never reused, continuing across restarts).
    func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void)

    /// The room's messages with `after < seq <= through`: the newest `limit` of them, oldest first.
    /// - Parameter key: the room's key (`RoomNameRules.key`).
    func messages(
        inRoom key: String, after: UInt64, through: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void)

    /// The room's messages with `seq < before`: the newest `limit` of them, oldest first, and whether older ones
    /// are kept.
    func messages(
        inRoom key: String, before: UInt64, limit: Int,
        completion: @escaping (Result<HistoryPage, MessageStoreError>) -> Void)

    /// The private messages that session `number` sent or received with `id > after`: the newest `limit`, oldest
    /// first.
    func privates(
        ofSession number: UInt64, after: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void)

    /// Keeps a session (a new one, or a change of its name, rooms or expiry). Written in the order given; a failure
    /// is the store's to log (the session still works until the server restarts).
    func save(_ session: SessionRecord)

    /// Forgets a session (expired, or replaced).
    func forget(session number: UInt64)

    /// Keeps an account, ban, mute, topic lock or mail (a new one, or a change), in the order given.
    func save(_ record: ModerationRecord)

    /// Forgets one (by its kind and key).
    func forget(_ kind: ModerationRecord.Kind, key: String)

    /// Writes what is pending and lets go of the database; `completion` on the loop once done.
    func close(completion: @escaping () -> Void)
}

/// Why a store could not do something; the client that asked is told, and nobody sees an unstored message.
public enum MessageStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unavailable(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "not stored (\(why)); try again"
        }
    }
}

/// A page of a room's older history.
public struct HistoryPage: Sendable {
    /// Oldest first.
    public var messages: [StoredMessage]
    /// Whether messages older than these are kept.
    public var more: Bool

    public init(messages: [StoredMessage], more: Bool) {
        self.messages = messages
        self.more = more
    }
}

/// What a store knows when it opens: who the server is, where each room's numbering stands, the recent history of
/// the rooms last active, and the sessions not yet expired.
public struct StoreSnapshot: Sendable {
    /// The server's identity: random once, kept with the store (a memory store's is new in every process).
    public var serverID: String
    /// Every room the store has messages or a numbering for, by key: its name and its last `seq`.
    public var rooms: [String: StoredRoom]
    /// The newest messages of the rooms active last (at most a few hundred rooms' worth), oldest first, by key.
    public var recent: [String: [StoredMessage]]
    /// Sessions not yet expired.
    public var sessions: [SessionRecord]
    /// The highest session number given out (the next is one more).
    public var lastSessionNumber: UInt64
    /// Accounts, bans, mutes, topic locks and mail.
    public var moderation: [ModerationRecord]

    public init(
        serverID: String, rooms: [String: StoredRoom] = [:], recent: [String: [StoredMessage]] = [:],
        sessions: [SessionRecord] = [], lastSessionNumber: UInt64 = 0, moderation: [ModerationRecord] = []
    ) {
        self.serverID = serverID
        self.rooms = rooms
        self.recent = recent
        self.sessions = sessions
        self.lastSessionNumber = lastSessionNumber
        self.moderation = moderation
    }
}

/// A room as the store knows it.
public struct StoredRoom: Sendable, Equatable {
    /// Its name as first spelled, without `#`.
    public var name: String
    /// The `seq` of its newest message (0: none yet).
    public var lastSeq: UInt64

    public init(name: String, lastSeq: UInt64) {
        self.name = name
        self.lastSeq = lastSeq
    }
}

/// A resumable session: what a client that reconnects with its token gets back.
public struct SessionRecord: Sendable, Equatable {
    /// Given out in order, never reused; private messages name their parties' sessions by it.
    public var number: UInt64
    /// SHA-256 of the token, lowercase hex: the token itself is never kept.
    public var tokenHash: String
    /// The name it last had.
    public var name: String
    /// The rooms it was in (bare names), in the order joined.
    public var rooms: [String]
    /// When it expires unless used again, milliseconds since 1970.
    public var expiresMilliseconds: Int64
    /// The account it is logged in to (its key): a resume logs in again without the password.
    public var account: String?

    public init(
        number: UInt64, tokenHash: String, name: String, rooms: [String], expiresMilliseconds: Int64,
        account: String? = nil
    ) {
        self.number = number
        self.tokenHash = tokenHash
        self.name = name
        self.rooms = rooms
        self.expiresMilliseconds = expiresMilliseconds
        self.account = account
    }
}

extension MessageStore {
    /// Reads what a fetch asks for.
    func answer(_ query: Fetch.Query, completion: @escaping (Result<FetchAnswer, MessageStoreError>) -> Void) {
        switch query {
        case .room(let ref, let after, let through, let limit, _, _):
            self.messages(inRoom: ref.key, after: after, through: through, limit: limit) {
                completion($0.map { .messages($0) })
            }
        case .older(let ref, let before, let limit):
            self.messages(inRoom: ref.key, before: before, limit: limit) {
                completion($0.map { .page($0) })
            }
        case .privates(let session, let after, let limit):
            self.privates(ofSession: session, after: after, limit: limit) { completion($0.map { .messages($0) }) }
        }
    }
}
