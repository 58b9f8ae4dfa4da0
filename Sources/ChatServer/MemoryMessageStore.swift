import ChatProtocol

/// Keeps messages for the life of the process only (`serve --store memory`): ids and seqs from counters, answered
/// at once, and each room's newest messages (at most `perRoom` of them and `roomBytes` bytes, `totalBytes` across
/// the rooms, the longest quiet room's dropped first) for resumes and scrollback. Its server identity is new in
/// every process, so a client that reconnects after a restart knows it is talking to another server.
public final class MemoryMessageStore: MessageStore {
    public let snapshot: StoreSnapshot
    /// The last id given out.
    public private(set) var lastID: UInt64 = 0
    private var lastSeqs: [String: UInt64] = [:]
    private var logs: [String: RoomHistory] = [:]
    /// When each room's log was last written (a count of appends): over `totalBytes`, the quietest room's goes.
    private var written: [String: UInt64] = [:]
    private var bytes = 0
    private var privates: RoomHistory
    private let perRoom: Int
    private let roomBytes: Int
    private let totalBytes: Int

    public init(perRoom: Int = 1000, roomBytes: Int = 256 * 1024, totalBytes: Int = 32 * 1024 * 1024) {
        self.perRoom = perRoom
        self.roomBytes = roomBytes
        self.totalBytes = totalBytes
        self.privates = RoomHistory(capacity: 10_000, byteLimit: 4 * 1024 * 1024)
        self.snapshot = StoreSnapshot(serverID: Self.randomIdentity())
    }

    /// 128 random bits as hex.
    public static func randomIdentity() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in generator.next() as UInt64 }.map { Self.hex($0) }.joined()
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void) {
        self.lastID += 1
        guard case .room(let room) = post.destination else {
            let stored = StoredMessage(id: self.lastID, seq: 0, post: post)
            self.privates.append(stored)
            completion(.success(stored))
            return
        }
        let key = room.key
        let seq = (self.lastSeqs[key] ?? 0) + 1
        self.lastSeqs[key] = seq
        let stored = StoredMessage(id: self.lastID, seq: seq, post: post)
        self.keep(stored, key: key)
        completion(.success(stored))
    }

    /// Per message: two dictionary updates in place; only going over `totalBytes` (rare) looks at every room.
    private func keep(_ stored: StoredMessage, key: String) {
        let empty = RoomHistory(capacity: self.perRoom, byteLimit: self.roomBytes)
        let before = self.logs[key]?.bytes ?? 0
        self.logs[key, default: empty].append(stored)
        self.bytes += (self.logs[key]?.bytes ?? 0) - before
        self.written[key] = self.lastID
        while self.bytes > self.totalBytes, self.logs.count > 1,
            let quietest = self.written.filter({ $0.key != key }).min(by: { $0.value < $1.value })?.key
        {
            self.written[quietest] = nil
            self.bytes -= self.logs.removeValue(forKey: quietest)?.bytes ?? 0
        }
    }

    public func messages(
        inRoom key: String, after: UInt64, through: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        let found = self.logs[key]?.elements.filter { $0.seq > after && $0.seq <= through } ?? []
        completion(.success(Array(found.suffix(max(0, limit)))))
    }

    public func messages(
        inRoom key: String, before: UInt64, limit: Int,
        completion: @escaping (Result<HistoryPage, MessageStoreError>) -> Void
    ) {
        let older = self.logs[key]?.elements.filter { $0.seq < before } ?? []
        let page = Array(older.suffix(max(0, limit)))
        completion(.success(HistoryPage(messages: page, more: older.count > page.count)))
    }

    public func privates(
        ofSession number: UInt64, after: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        let found = self.privates.elements.filter { stored in
            guard stored.id > after, case .person(_, _, let session) = stored.post.destination else { return false }
            return session == number || stored.post.senderSession == number
        }
        completion(.success(Array(found.suffix(max(0, limit)))))
    }

    public func save(_ session: SessionRecord) {}

    public func forget(session number: UInt64) {}

    /// Accounts and bans live in the core for as long as the process: nothing to keep here.
    public func save(_ record: ModerationRecord) {}

    public func forget(_ kind: ModerationRecord.Kind, key: String) {}

    public func close(completion: @escaping () -> Void) { completion() }
}

@available(*, unavailable)
extension MemoryMessageStore: Sendable {}
