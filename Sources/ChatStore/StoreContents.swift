import ChatServer
import SQLiteNIO

/// What a store reads when it opens: its counters and rooms for numbering, and the snapshot the server starts from.
struct StoreContents {
    var lastID: UInt64
    var rooms: [String: SQLiteMessageStore.Numbering]
    var snapshot: StoreSnapshot

    /// Reads it all (a few small queries; the recent history through the rooms' seq index).
    static func load(
        from connection: SQLiteConnection, configuration: SQLiteStoreConfiguration, now: Int64, path: String
    ) async throws -> StoreContents {
        let meta = try await connection.query("SELECT server_id, last_id, last_session FROM meta WHERE only = 1")
        guard let first = meta.first, let serverID = first.column("server_id")?.string else {
            throw StoreOpenError.foreign(path: path, why: "swchat's id but its meta row is missing")
        }
        let lastID = MessageRow.unsigned(first, "last_id") ?? 0
        var contents = StoreContents(
            lastID: lastID, rooms: [:],
            snapshot: StoreSnapshot(
                serverID: serverID, lastSessionNumber: MessageRow.unsigned(first, "last_session") ?? 0))

        for row in try await connection.query("SELECT id, key, name, last_seq FROM rooms") {
            guard let id = row.column("id")?.integer, let key = row.column("key")?.string,
                let name = row.column("name")?.string
            else { continue }
            let lastSeq = MessageRow.unsigned(row, "last_seq") ?? 0
            contents.rooms[key] = SQLiteMessageStore.Numbering(id: Int64(id), name: name, lastSeq: lastSeq)
            contents.snapshot.rooms[key] = StoredRoom(name: name, lastSeq: lastSeq)
        }

        let recent = """
            SELECT \(StoreSchema.messageColumns), r.key AS room_key
            FROM (SELECT id, key, name FROM rooms ORDER BY last_id DESC LIMIT ?1) r JOIN messages m ON m.room = r.id
            WHERE m.seq >= coalesce((SELECT seq FROM messages WHERE room = r.id ORDER BY seq DESC LIMIT 1 OFFSET ?2), 0)
            ORDER BY r.id, m.seq
            """
        var byRoom: [String: [StoredMessage]] = [:]
        let binds: [SQLiteData] = [
            .integer(max(0, configuration.snapshotRooms)), .integer(max(0, configuration.snapshotMessages - 1)),
        ]
        if configuration.snapshotRooms > 0, configuration.snapshotMessages > 0 {
            for row in try await connection.query(recent, binds) {
                guard let key = row.column("room_key")?.string, let message = MessageRow.message(row) else { continue }
                byRoom[key, default: []].append(message)
            }
        }
        for (key, messages) in byRoom {
            contents.snapshot.recent[key] = Self.newest(of: messages, within: configuration.snapshotBytes)
        }

        let sessions = try await connection.query(
            "SELECT number, token_hash, name, rooms, expires, account FROM sessions WHERE expires > ?1 ORDER BY number",
            [.integer(Int(now))])
        for row in sessions {
            guard let number = MessageRow.unsigned(row, "number"), let hash = row.column("token_hash")?.string,
                let name = row.column("name")?.string, let rooms = row.column("rooms")?.string,
                let expires = row.column("expires")?.integer
            else { continue }
            contents.snapshot.sessions.append(
                SessionRecord(
                    number: number, tokenHash: hash, name: name, rooms: WriteBatch.decode(rooms: rooms) ?? [],
                    expiresMilliseconds: Int64(expires), account: row.column("account")?.string))
        }

        for row in try await connection.query("SELECT kind, key, body FROM records ORDER BY kind, key") {
            let kind = row.column("kind")?.string ?? "?"
            let key = row.column("key")?.string ?? "?"
            do {
                contents.snapshot.moderation.append(
                    try RecordChange.record(kind: kind, body: row.column("body")?.string ?? ""))
            } catch {
                // A ban or an account quietly dropped would let in whom it kept out: refuse instead.
                throw StoreOpenError.failed(path: path, why: "its \(kind) record \(key) is unreadable (\(error))")
            }
        }
        return contents
    }

    /// The newest messages (given oldest first) that fit in `budget` bytes, oldest first; at least the newest one.
    static func newest(of messages: [StoredMessage], within budget: Int) -> [StoredMessage] {
        let kept = RoomHistory.newest(of: messages[...], within: budget)
        return kept.isEmpty ? Array(messages.suffix(1)) : Array(kept)
    }
}
