import ChatProtocol
import ChatServer
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Keeps messages and sessions in an SQLite file (`serve --store PATH`): numbered in memory at append time,
/// written a tick's worth per transaction (group commit), read back for resumes and scrollback.
///
/// Confined to `eventLoop`: every method is called there and every completion comes there. It is `Sendable` only so
/// that it can be handed to that loop (`@unchecked`: its state is touched on the loop alone, as `NIOLoopBound`
/// would check). Writes run on the store's own thread, in the order submitted, on one connection (one
/// transaction in flight at a time); reads on a second thread and a second, read-only connection, which sees only
/// what is committed (WAL lets it read while the writer writes). The file is locked (`StoreLock`) for the store's whole life.
public final class SQLiteMessageStore: MessageStore, @unchecked Sendable {
    /// Where the store stands: open, writing what is pending before it closes, or closed.
    enum Phase {
        case open
        case closing
        case closed
    }

    /// A room's numbering: its row id in `rooms`, its name as first spelled, its last seq.
    struct Numbering {
        var id: Int64
        var name: String
        var lastSeq: UInt64
    }

    public let eventLoop: any EventLoop
    public let path: String
    let configuration: SQLiteStoreConfiguration
    let logger: Logger
    let pool: NIOThreadPool
    /// The reader's thread.
    let readPool: NIOThreadPool
    let writer: SQLiteConnection
    let reader: SQLiteConnection
    let lock: StoreLock

    /// The last id given out (continuing from the database's counter at open).
    var lastID: UInt64
    /// Every room's numbering, by key.
    var rooms: [String: Numbering]
    var nextRoomID: Int64

    /// Appends and session changes waiting for the next transaction, with the appends' completions.
    var pendingRows: [WriteBatch.Row] = []
    var pendingCompletions: [(Result<StoredMessage, MessageStoreError>) -> Void] = []
    var pendingSessions: [SessionChange] = []
    /// Accounts, bans and the like waiting for the next transaction, in order.
    var pendingRecords: [RecordChange] = []
    /// Whether `pump` is due at the end of this tick.
    var pumpScheduled = false
    /// Whether a transaction or a pruning statement is in flight on the writer.
    var writing = false
    /// Whether the last write failed (the failure is logged once per streak).
    var failing = false
    var phase = Phase.open
    var closeWaiters: [() -> Void] = []

    /// The retention pass under way, if any, and the rooms written to since the last one was planned.
    var retention: RetentionPass?
    var dirtyRooms: Set<Int64>
    var pruneTask: RepeatedTask?

    /// Write transactions committed (a test can see that a tick's appends took one).
    public internal(set) var transactions = 0
    /// Write transactions that failed (their appends were refused).
    public internal(set) var failedTransactions = 0
    /// Rows retention deleted.
    public internal(set) var pruned = 0

    init(
        path: String, configuration: SQLiteStoreConfiguration, eventLoop: any EventLoop, logger: Logger,
        pool: NIOThreadPool, readPool: NIOThreadPool, writer: SQLiteConnection, reader: SQLiteConnection,
        lock: StoreLock,
        loaded: StoreContents
    ) {
        self.path = path
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.pool = pool
        self.readPool = readPool
        self.writer = writer
        self.reader = reader
        self.lock = lock
        self.lastID = loaded.lastID
        self.rooms = loaded.rooms
        self.nextRoomID = (loaded.rooms.values.map(\.id).max() ?? 0) + 1
        self.dirtyRooms = Set(loaded.rooms.values.map(\.id))
    }

    public func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else {
            completion(.failure(.unavailable("the store is closed")))
            return
        }
        self.lastID += 1
        let row: WriteBatch.Row
        switch post.destination {
        case .room(let room):
            let key = room.key
            var numbering = self.rooms[key] ?? self.newRoom(named: room.name)
            numbering.lastSeq += 1
            self.rooms[key] = numbering
            self.dirtyRooms.insert(numbering.id)
            let stored = StoredMessage(id: self.lastID, seq: numbering.lastSeq, post: post)
            row = WriteBatch.Row(message: stored, room: numbering.id, key: key, name: numbering.name)
        case .person:
            let stored = StoredMessage(id: self.lastID, seq: 0, post: post)
            row = WriteBatch.Row(message: stored, room: nil, key: "", name: "")
        }
        self.pendingRows.append(row)
        self.pendingCompletions.append(completion)
        self.schedulePump()
    }

    private func newRoom(named name: String) -> Numbering {
        defer { self.nextRoomID += 1 }
        return Numbering(id: self.nextRoomID, name: name, lastSeq: 0)
    }

    public func save(_ session: SessionRecord) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else { return }
        self.pendingSessions.append(.save(session))
        self.schedulePump()
    }

    public func forget(session number: UInt64) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else { return }
        self.pendingSessions.append(.forget(number))
        self.schedulePump()
    }

    public func save(_ record: ModerationRecord) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else { return }
        self.pendingRecords.append(.save(record))
        self.schedulePump()
    }

    public func forget(_ kind: ModerationRecord.Kind, key: String) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else { return }
        self.pendingRecords.append(.forget(kind, key: key))
        self.schedulePump()
    }
}
