import ChatProtocol
import ChatServer
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a store file without writing to it (`swchat history`): opened read-only through SQLite (`mode=ro`),
/// it takes no lock, so it works while a server holds the file, and it never creates a missing one.
public final class StoreReader {
    public let path: String
    private let pool: NIOThreadPool
    private let connection: SQLiteConnection

    private init(path: String, pool: NIOThreadPool, connection: SQLiteConnection) {
        self.path = path
        self.pool = pool
        self.connection = connection
    }

    /// Opens `path` for reading.
    /// - Throws: `.missing` when there is no such file, the refusals of `SQLiteMessageStore.open` for a file that
    ///   is not a swchat store of a schema this binary knows (an empty file included).
    public static func open(
        path: String, logger: Logger = Logger(label: "swchat.store.reader")
    ) async throws(StoreOpenError) -> StoreReader {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .cannotOpen(path: path, why: StoreLock.reason(errno))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .cannotOpen(path: path, why: "not a regular file") }
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        var opened: SQLiteConnection?
        do {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: SQLiteURI.readOnly(path: path)), threadPool: pool, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any())
            opened = connection
            let applicationID = try await connection.query("PRAGMA application_id").first?.column("application_id")?
                .integer
            let version = try await connection.query("PRAGMA user_version").first?.column("user_version")?.integer
            let objects = try await connection.query("SELECT count(*) AS count FROM sqlite_master").first?.column(
                "count")?.integer
            switch StoreFileCheck.database(
                applicationID: Int32(truncatingIfNeeded: applicationID ?? 0), userVersion: version ?? 0,
                objects: objects ?? 0, path: path)
            {
            case .refuse(let refusal): throw refusal
            case .create: throw StoreOpenError.foreign(path: path, why: "an empty SQLite database")
            case .ready: return StoreReader(path: path, pool: pool, connection: connection)
            }
        } catch {
            try? await opened?.close()
            try? await pool.shutdownGracefully()
            if let error = error as? StoreOpenError { throw error }
            if let error = error as? SQLiteError, case .notADatabase = error.reason { throw .notSQLite(path: path) }
            throw .failed(path: path, why: "\(error)")
        }
    }

    /// The room the store knows by this name (any spelling of it, with or without `#`), nil if none.
    public func room(named name: String) async throws(StoreOpenError) -> StoredRoom? {
        let rows = try await self.rows(
            "SELECT name, last_seq FROM rooms WHERE key = ?1", [.text(RoomNameRules.key(name))])
        guard let row = rows.first, let spelled = row.column("name")?.string else { return nil }
        return StoredRoom(name: spelled, lastSeq: MessageRow.unsigned(row, "last_seq") ?? 0)
    }

    /// Every kept message of the room with a seq above `after`, oldest first, read `pageSize` at a time (a long
    /// history is never held whole, nor read in one long transaction).
    public func forEachMessage(
        inRoom name: String, after: UInt64, pageSize: Int = 1000, _ body: ([StoredMessage]) -> Void
    ) async throws(StoreOpenError) {
        var last = after
        while true {
            let rows = try await self.rows(
                """
                SELECT \(StoreSchema.messageColumns) FROM rooms r JOIN messages m ON m.room = r.id
                WHERE r.key = ?1 AND m.seq > ?2 ORDER BY m.seq LIMIT ?3
                """,
                [.text(RoomNameRules.key(name)), .integer(Int(clamping: last)), .integer(max(1, pageSize))])
            guard let next = rows.last.flatMap({ MessageRow.unsigned($0, "seq") }), next > last else { return }
            body(rows.compactMap(MessageRow.message))
            last = next
        }
    }

    /// Closes the file and stops the reader's thread.
    public func close() async {
        try? await self.connection.close()
        try? await self.pool.shutdownGracefully()
    }

    private func rows(_ sql: String, _ binds: [SQLiteData]) async throws(StoreOpenError) -> [SQLiteRow] {
        do {
            return try await self.connection.query(sql, binds)
        } catch {
            throw .failed(path: self.path, why: "\(SQLiteMessageStore.reason(for: error)): \(error)")
        }
    }
}
