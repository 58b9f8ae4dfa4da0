/// The store's tables, version 1. Numbers are SQLite integers (ids and seqs fit in 63 bits for any real server).
///
/// - `meta`: one row: the server's identity and the last message id and session number given out. The counters
///   are updated in the same transaction as the messages, so they never fall behind them, and retention never
///   touches them.
/// - `rooms`: every room that has had a message: its key (`RoomNameRules.key`), its name as first spelled, its last
///   `seq` and the id of its last message (what "most recently active" means at open). Kept when retention deletes
///   every message of a room, so numbering continues.
/// - `messages`: room messages (`room` set, `seq` per room) and private ones (`room` NULL, both parties' names and
///   sessions).
/// - `sessions`: resumable sessions by number, and the account each is logged in to.
/// - `records` (version 2): accounts, bans, mutes, topic locks and mail for offline users, one JSON body per kind
///   and key: few, written rarely and all read at open, so one table serves them all and a new kind needs no
///   migration.
enum StoreSchema {
    /// `PRAGMA application_id` of a swchat store: "SWCH".
    static let applicationID: Int32 = 0x5357_4348
    /// `PRAGMA user_version`: the schema this binary writes and reads.
    static let version = 2

    /// Everything a new store is made of, run in one transaction.
    static let create: [String] = [
        """
        CREATE TABLE meta (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            server_id TEXT NOT NULL,
            last_id INTEGER NOT NULL,
            last_session INTEGER NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE rooms (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            last_id INTEGER NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            room INTEGER,
            seq INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            sender TEXT NOT NULL,
            sender_session INTEGER NOT NULL,
            recipient TEXT,
            recipient_session INTEGER,
            text TEXT NOT NULL,
            wall INTEGER NOT NULL
        ) STRICT
        """,
        "CREATE UNIQUE INDEX messages_by_room ON messages (room, seq) WHERE room IS NOT NULL",
        "CREATE INDEX messages_by_wall ON messages (wall)",
        "CREATE INDEX privates_to ON messages (recipient_session, id) WHERE room IS NULL",
        "CREATE INDEX privates_from ON messages (sender_session, id) WHERE room IS NULL",
        """
        CREATE TABLE sessions (
            number INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL,
            name TEXT NOT NULL,
            rooms TEXT NOT NULL,
            expires INTEGER NOT NULL,
            account TEXT
        ) STRICT
        """,
        "CREATE INDEX sessions_by_expiry ON sessions (expires)",
        Self.createRecords,
    ]

    static let createRecords = """
        CREATE TABLE records (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) STRICT
        """

    /// What takes a store of each older version to the next, by the version it starts from.
    static let migrations: [Int: [String]] = [
        1: ["ALTER TABLE sessions ADD COLUMN account TEXT", Self.createRecords]
    ]

    /// The columns every message query selects, in `MessageRow`'s order; `room_name` from a join with `rooms`.
    static let messageColumns = """
        m.id, m.room, m.seq, m.kind, m.sender, m.sender_session, m.recipient, m.recipient_session, m.text, m.wall, \
        r.name AS room_name
        """

    /// The columns of an INSERT into `messages`, in `MessageRow.binds`'s order.
    static let insertColumns =
        "id, room, seq, kind, sender, sender_session, recipient, recipient_session, text, wall"
}
