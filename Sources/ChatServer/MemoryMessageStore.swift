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
    /// Room keys, the least recently written first (for dropping the quietest room's log when over `totalBytes`).
    private var order: [String] = []
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
        let key = RoomNameRules.key(room.name)
        let seq = (self.lastSeqs[key] ?? 0) + 1
        self.lastSeqs[key] = seq
        let stored = StoredMessage(id: self.lastID, seq: seq, post: post)
        self.keep(stored, key: key)
        completion(.success(stored))
    }

    private func keep(_ stored: StoredMessage, key: String) {
        var log =
            self.logs.removeValue(forKey: key) ?? RoomHistory(capacity: self.perRoom, byteLimit: self.roomBytes)
        if let position = self.order.firstIndex(of: key) { self.order.remove(at: position) }
        self.bytes -= log.bytes
        log.append(stored)
        self.bytes += log.bytes
        self.logs[key] = log
        self.order.append(key)
        while self.bytes > self.totalBytes, self.order.count > 1 {
            let quietest = self.order.removeFirst()
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

    public func close(completion: @escaping () -> Void) { completion() }
}

@available(*, unavailable)
extension MemoryMessageStore: Sendable {}
