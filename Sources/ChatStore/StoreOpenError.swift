/// Why a store file could not be opened: each is one line that names the file, for `serve` and `history` to print
/// as they are.
public enum StoreOpenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is there but is not an SQLite database at all.
    case notSQLite(path: String)
    /// An SQLite database, but another program's (`why` says how it tells).
    case foreign(path: String, why: String)
    /// A swchat database of a later schema than this binary knows.
    case newerSchema(path: String, version: Int, known: Int)
    /// Another process holds the store's lock (its pid when /proc/locks tells).
    case inUse(path: String, pid: Int32?)
    /// The folder for the file (`directory`, or one above it) could not be made.
    case cannotCreateDirectory(path: String, directory: String, why: String)
    /// The file could not be opened or created.
    case cannotOpen(path: String, why: String)
    /// There is no file (for readers, which never create one).
    case missing(path: String)
    /// SQLite itself failed while the file was opened or read.
    case failed(path: String, why: String)

    public var description: String {
        switch self {
        case .notSQLite(let path):
            "\(path) is not a swchat database (not SQLite)"
        case .foreign(let path, let why):
            "\(path) is not a swchat database (\(why))"
        case .newerSchema(let path, let version, let known):
            "\(path) was written by a newer swchat (schema \(version); this one knows \(known))"
        case .inUse(let path, let pid):
            "\(path) is in use by another swchat server" + (pid.map { " (pid \($0))" } ?? "")
        case .cannotCreateDirectory(let path, let directory, let why):
            "cannot create \(path): cannot make the directory \(directory) (\(why))"
        case .cannotOpen(let path, let why):
            "cannot open \(path): \(why)"
        case .missing(let path):
            "\(path): no such store file"
        case .failed(let path, let why):
            "\(path): \(why)"
        }
    }
}
