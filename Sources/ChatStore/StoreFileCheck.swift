/// What a file's first bytes and an SQLite database's header fields say about it: a new store, swchat's store, or
/// something to refuse. Pure, so every refusal is tested without files.
enum StoreFileCheck {
    /// What to do with the file.
    enum Verdict: Equatable {
        /// Empty (or an SQLite database with nothing in it): make the schema.
        case create
        /// A swchat store this binary reads.
        case ready
        case refuse(StoreOpenError)
    }

    /// The 16 bytes every SQLite 3 database starts with.
    static let magic = Array("SQLite format 3\0".utf8)

    /// Before SQLite sees the file: an empty file is a new store; anything else must start like SQLite.
    /// - Parameter header: the file's first bytes (up to 100); empty for an empty file.
    static func header(_ header: [UInt8], path: String) -> Verdict? {
        if header.isEmpty { return .create }
        guard header.count >= Self.magic.count, Array(header.prefix(Self.magic.count)) == Self.magic else {
            return .refuse(.notSQLite(path: path))
        }
        return nil
    }

    /// Once SQLite has read it: whose database it is and which schema it has.
    /// - Parameters:
    ///   - applicationID: `PRAGMA application_id`.
    ///   - userVersion: `PRAGMA user_version`.
    ///   - objects: how many tables, indexes, views and triggers it has (`sqlite_master`).
    static func database(applicationID: Int32, userVersion: Int, objects: Int, path: String) -> Verdict {
        switch applicationID {
        case StoreSchema.applicationID:
            if userVersion > StoreSchema.version {
                return .refuse(.newerSchema(path: path, version: userVersion, known: StoreSchema.version))
            }
            if userVersion < 1 { return .refuse(.foreign(path: path, why: "swchat's id but no schema version")) }
            return .ready
        case 0 where objects == 0:
            return .create
        case 0:
            return .refuse(.foreign(path: path, why: "an SQLite database with tables but no swchat schema"))
        default:
            let hex = String(UInt32(bitPattern: applicationID), radix: 16)
            return .refuse(.foreign(path: path, why: "an SQLite database of another application, id 0x\(hex)"))
        }
    }
}
