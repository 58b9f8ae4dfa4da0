import ChatServer
import NIOCore
import SQLiteNIO

extension SQLiteMessageStore {
    public func messages(
        inRoom key: String, after: UInt64, through: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        self.eventLoop.assertInEventLoop()
        guard let room = self.rooms[key], limit > 0, after < through else { return completion(.success([])) }
        let sql = """
            SELECT \(StoreSchema.messageColumns) FROM messages m JOIN rooms r ON r.id = m.room
            WHERE m.room = ?1 AND m.seq > ?2 AND m.seq <= ?3 ORDER BY m.seq DESC LIMIT ?4
            """
        let binds: [SQLiteData] = [
            .integer(Int(room.id)), .integer(Int(clamping: after)), .integer(Int(clamping: through)),
            .integer(limit),
        ]
        self.read(sql, binds) { result in completion(result.map { Array($0.reversed()) }) }
    }

    public func messages(
        inRoom key: String, before: UInt64, limit: Int,
        completion: @escaping (Result<HistoryPage, MessageStoreError>) -> Void
    ) {
        self.eventLoop.assertInEventLoop()
        guard let room = self.rooms[key], before > 0 else {
            return completion(.success(HistoryPage(messages: [], more: false)))
        }
        let wanted = max(0, limit)
        // One more than asked: whether it comes tells whether older messages are kept.
        let sql = """
            SELECT \(StoreSchema.messageColumns) FROM messages m JOIN rooms r ON r.id = m.room
            WHERE m.room = ?1 AND m.seq < ?2 ORDER BY m.seq DESC LIMIT ?3
            """
        let binds: [SQLiteData] = [
            .integer(Int(room.id)), .integer(Int(clamping: before)), .integer(wanted == Int.max ? wanted : wanted + 1),
        ]
        self.read(sql, binds) { result in
            completion(
                result.map { newestFirst in
                    HistoryPage(
                        messages: Array(newestFirst.prefix(wanted).reversed()), more: newestFirst.count > wanted)
                })
        }
    }

    public func privates(
        ofSession number: UInt64, after: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        self.eventLoop.assertInEventLoop()
        guard limit > 0 else { return completion(.success([])) }
        let sql = """
            SELECT \(StoreSchema.messageColumns) FROM messages m LEFT JOIN rooms r ON r.id = m.room
            WHERE m.id IN (
                SELECT id FROM messages WHERE room IS NULL AND recipient_session = ?1 AND id > ?2
                UNION SELECT id FROM messages WHERE room IS NULL AND sender_session = ?1 AND id > ?2)
            ORDER BY m.id DESC LIMIT ?3
            """
        let binds: [SQLiteData] = [.integer(Int(clamping: number)), .integer(Int(clamping: after)), .integer(limit)]
        self.read(sql, binds) { result in completion(result.map { Array($0.reversed()) }) }
    }

    /// Runs a message query on the read-only connection (which sees only committed transactions); the rows as
    /// messages, on the loop. A row that does not read as a message is skipped.
    private func read(
        _ sql: String, _ binds: [SQLiteData],
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        guard self.phase != .closed else { return completion(.failure(.unavailable("the store is closed"))) }
        self.reader.query(sql, binds).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let rows):
                completion(.success(rows.compactMap(MessageRow.message)))
            case .failure(let error):
                self.logger.warning(
                    "a store read failed", metadata: ["path": "\(self.path)", "error": "\(error)"])
                completion(.failure(.unavailable(Self.reason(for: error))))
            }
        }
    }
}
