import ChatServer
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

extension SQLiteMessageStore {
    /// Opens the store at `path`, creating the file (and its folder, mode 0700) when missing, and reads the snapshot
    /// the server starts from. The store then belongs to `eventLoop`.
    ///
    /// A file that can only be read opens too (its history can be read; every append is refused, and that is
    /// logged at once).
    /// - Throws: `StoreOpenError`, one line naming the file: not SQLite, another program's database, a newer
    ///   schema, held by another server, or a folder or file that cannot be made or opened.
    public static func open(
        path: String, configuration: SQLiteStoreConfiguration = SQLiteStoreConfiguration(), eventLoop: any EventLoop,
        logger: Logger
    ) async throws(StoreOpenError) -> (SQLiteMessageStore, StoreSnapshot) {
        try StoreLocation.createDirectory(forDatabaseAt: path)
        let lock = try StoreLock.acquire(path: path)
        do throws(StoreOpenError) {
            if case .refuse(let refusal) = try StoreFileCheck.header(lock.header(), path: path) { throw refusal }
        } catch {
            lock.release()
            throw error
        }
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        // Reads on a thread of their own: a flood of scrollback requests must not hold up the commits.
        let readPool = NIOThreadPool(numberOfThreads: 1)
        readPool.start()
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: pool, logger: logger, on: eventLoop)
            opened.append(writer)
            try await Self.prepare(writer, readOnly: lock.readOnly, path: path)
            let reader = try await SQLiteConnection.open(
                storage: .file(path: SQLiteURI.readOnly(path: path)), threadPool: readPool, logger: logger,
                on: eventLoop)
            opened.append(reader)
            let contents = try await StoreContents.load(
                from: reader, configuration: configuration, now: Self.now(), path: path)
            let store = SQLiteMessageStore(
                path: path, configuration: configuration, eventLoop: eventLoop, logger: logger, pool: pool,
                readPool: readPool,
                writer: writer, reader: reader, lock: lock, loaded: contents)
            if lock.readOnly {
                logger.error(
                    "the store file can only be read: its history is served, but new messages are refused",
                    metadata: ["path": "\(path)"])
            }
            store.startRetentionTimer()
            return (store, contents.snapshot)
        } catch {
            for connection in opened.reversed() { try? await connection.close() }
            lock.release()
            try? await pool.shutdownGracefully()
            try? await readPool.shutdownGracefully()
            throw Self.openError(error, path: path)
        }
    }

    /// Checks whose database the writer opened, makes the schema in a new one, and sets the connection up.
    private static func prepare(_ writer: SQLiteConnection, readOnly: Bool, path: String) async throws {
        let applicationID = try await writer.query("PRAGMA application_id").first?.column("application_id")?.integer
        let version = try await writer.query("PRAGMA user_version").first?.column("user_version")?.integer
        let objects = try await writer.query("SELECT count(*) AS count FROM sqlite_master").first?.column("count")?
            .integer
        let verdict = StoreFileCheck.database(
            applicationID: Int32(truncatingIfNeeded: applicationID ?? 0), userVersion: version ?? 0,
            objects: objects ?? 0, path: path)
        switch verdict {
        case .refuse(let refusal):
            throw refusal
        case .create:
            guard !readOnly else { throw StoreOpenError.cannotOpen(path: path, why: "the file is read-only") }
            try await Self.create(writer)
        case .ready:
            let mode = try await writer.query("PRAGMA journal_mode").first?.column("journal_mode")?.string
            if mode?.lowercased() != "wal", !readOnly { _ = try await writer.query("PRAGMA journal_mode = WAL") }
            if let version, version < StoreSchema.version {
                guard !readOnly else {
                    throw StoreOpenError.cannotOpen(
                        path: path, why: "its schema (version \(version)) needs upgrading and the file is read-only")
                }
                try await Self.migrate(writer, from: version)
            }
        }
        // WAL with NORMAL: a commit is durable at the next checkpoint, never torn; a power cut loses at most the
        // last transactions, a crashed process none.
        _ = try await writer.query("PRAGMA synchronous = NORMAL")
    }

    /// The schema of a new store, its identity and counters, in one transaction.
    private static func create(_ writer: SQLiteConnection) async throws {
        _ = try await writer.query("PRAGMA journal_mode = WAL")
        _ = try await writer.query("BEGIN IMMEDIATE")
        do {
            for statement in StoreSchema.create { _ = try await writer.query(statement) }
            _ = try await writer.query(
                "INSERT INTO meta (only, server_id, last_id, last_session) VALUES (1, ?1, 0, 0)",
                [.text(ServerIdentity.random())])
            _ = try await writer.query("PRAGMA application_id = \(StoreSchema.applicationID)")
            _ = try await writer.query("PRAGMA user_version = \(StoreSchema.version)")
            _ = try await writer.query("COMMIT")
        } catch {
            _ = try? await writer.query("ROLLBACK")
            throw error
        }
    }

    /// Brings an older store up to this version, one step per transaction.
    private static func migrate(_ writer: SQLiteConnection, from start: Int) async throws {
        for version in start..<StoreSchema.version {
            _ = try await writer.query("BEGIN IMMEDIATE")
            do {
                for statement in StoreSchema.migrations[version] ?? [] { _ = try await writer.query(statement) }
                _ = try await writer.query("PRAGMA user_version = \(version + 1)")
                _ = try await writer.query("COMMIT")
            } catch {
                _ = try? await writer.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Any failure while opening as one line naming the file.
    private static func openError(_ error: any Error, path: String) -> StoreOpenError {
        if let error = error as? StoreOpenError { return error }
        guard let error = error as? SQLiteError else { return .failed(path: path, why: "\(error)") }
        switch error.reason {
        case .notADatabase: return .notSQLite(path: path)
        case .cantOpen: return .cannotOpen(path: path, why: "SQLite cannot open it (\(error.message))")
        default: return .failed(path: path, why: "\(Self.reason(for: error)): \(error.message)")
        }
    }
}
