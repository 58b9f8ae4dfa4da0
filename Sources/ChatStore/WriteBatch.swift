import ChatServer
import Foundation
import SQLiteNIO

/// What one write transaction carries (a tick's appends, or those that came while the last transaction was in
/// flight, and the session changes queued with them), as the few statements that write it. Pure: the SQL and its
/// values, tested without a database.
struct WriteBatch {
    /// A message to insert, with the row id of its room (nil: private).
    struct Row {
        var message: StoredMessage
        var room: Int64?
        /// Its room's key and name, for the `rooms` row.
        var key: String
        var name: String
    }

    var rows: [Row] = []
    var sessions: [SessionChange] = []
    var records: [RecordChange] = []

    var isEmpty: Bool { self.rows.isEmpty && self.sessions.isEmpty && self.records.isEmpty }

    /// The statements between BEGIN and COMMIT: the messages in INSERTs of at most `rowsPerStatement` rows, each
    /// room's new numbering, the sessions (the last change of each number wins), then the counters.
    func statements(rowsPerStatement: Int) -> [StoreStatement] {
        var statements: [StoreStatement] = []
        let perStatement = max(1, rowsPerStatement)
        var start = 0
        while start < self.rows.count {
            let chunk = self.rows[start..<min(start + perStatement, self.rows.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * 10)
            for row in chunk { MessageRow.binds(row.message, room: row.room, into: &binds) }
            statements.append(
                StoreStatement(
                    "INSERT INTO messages (\(StoreSchema.insertColumns)) VALUES "
                        + StoreStatement.placeholders(rows: chunk.count, columns: 10), binds))
            start += chunk.count
        }
        statements += self.roomStatements(perStatement: perStatement)
        statements += self.sessionStatements(perStatement: perStatement)
        statements += self.records.compactMap(\.statement)
        let lastID = self.rows.map(\.message.id).max() ?? 0
        let lastSession =
            self.sessions.compactMap { change -> UInt64? in
                if case .save(let record) = change { return record.number }
                return nil
            }.max() ?? 0
        statements.append(
            StoreStatement(
                "UPDATE meta SET last_id = max(last_id, ?), last_session = max(last_session, ?)",
                [.integer(Int(clamping: lastID)), .integer(Int(clamping: lastSession))]))
        return statements
    }

    /// One upsert for every room written to: its last seq and last id (numbering only ever goes up).
    private func roomStatements(perStatement: Int) -> [StoreStatement] {
        var order: [Int64] = []
        var heads: [Int64: Row] = [:]
        for row in self.rows {
            guard let room = row.room else { continue }
            if heads[room] == nil { order.append(room) }
            heads[room] = row
        }
        var statements: [StoreStatement] = []
        var start = 0
        while start < order.count {
            let chunk = order[start..<min(start + perStatement, order.count)]
            var binds: [SQLiteData] = []
            for room in chunk {
                guard let head = heads[room] else { continue }
                binds += [
                    .integer(Int(room)), .text(head.key), .text(head.name),
                    .integer(Int(clamping: head.message.seq)), .integer(Int(clamping: head.message.id)),
                ]
            }
            statements.append(
                StoreStatement(
                    "INSERT INTO rooms (id, key, name, last_seq, last_id) VALUES "
                        + StoreStatement.placeholders(rows: chunk.count, columns: 5)
                        + " ON CONFLICT (id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq),"
                        + " last_id = max(last_id, excluded.last_id)", binds))
            start += chunk.count
        }
        return statements
    }

    /// Saves as one upsert, forgets as one DELETE (per `perStatement` sessions), each session's last change only.
    private func sessionStatements(perStatement: Int) -> [StoreStatement] {
        var last: [UInt64: SessionChange] = [:]
        var order: [UInt64] = []
        for change in self.sessions {
            if last[change.number] == nil { order.append(change.number) }
            last[change.number] = change
        }
        var saves: [SessionRecord] = []
        var forgets: [UInt64] = []
        for number in order {
            switch last[number] {
            case .save(let record): saves.append(record)
            case .forget(let number): forgets.append(number)
            case nil: break
            }
        }
        var statements: [StoreStatement] = []
        for start in stride(from: 0, to: saves.count, by: perStatement) {
            let chunk = saves[start..<min(start + perStatement, saves.count)]
            var binds: [SQLiteData] = []
            for record in chunk {
                binds += [
                    .integer(Int(clamping: record.number)), .text(record.tokenHash), .text(record.name),
                    .text(Self.encode(rooms: record.rooms)), .integer(Int(record.expiresMilliseconds)),
                    record.account.map { .text($0) } ?? .null,
                ]
            }
            statements.append(
                StoreStatement(
                    "INSERT INTO sessions (number, token_hash, name, rooms, expires, account) VALUES "
                        + StoreStatement.placeholders(rows: chunk.count, columns: 6)
                        + " ON CONFLICT (number) DO UPDATE SET token_hash = excluded.token_hash,"
                        + " name = excluded.name, rooms = excluded.rooms, expires = excluded.expires,"
                        + " account = excluded.account", binds))
        }
        for start in stride(from: 0, to: forgets.count, by: perStatement) {
            let chunk = forgets[start..<min(start + perStatement, forgets.count)]
            statements.append(
                StoreStatement(
                    "DELETE FROM sessions WHERE number IN ("
                        + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")",
                    chunk.map { .integer(Int(clamping: $0)) }))
        }
        return statements
    }

    /// A session's rooms as a JSON array of strings.
    static func encode(rooms: [String]) -> String {
        guard let data = try? JSONEncoder().encode(rooms) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The rooms of a session row; nil when the column is not such an array.
    static func decode(rooms: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(rooms.utf8))
    }
}
