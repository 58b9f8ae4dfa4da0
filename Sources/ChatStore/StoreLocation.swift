#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a server keeps its store unless told: `$XDG_DATA_HOME/swchat/swchat.sqlite3`, else
/// `~/.local/share/swchat/swchat.sqlite3` (the XDG base directory rules), and making the folder for a store file.
public enum StoreLocation {
    /// The default store file for this environment, nil when it names neither `XDG_DATA_HOME` nor `HOME`.
    /// A relative `XDG_DATA_HOME` is ignored, as the XDG rules say.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return Self.joined(data, "swchat/swchat.sqlite3")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return Self.joined(home, ".local/share/swchat/swchat.sqlite3")
        }
        return nil
    }

    /// The folder a path is in ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Makes the folder `path` is in, and any missing folder above it, mode 0700 (only the server's user reads
    /// the store: it holds private messages).
    /// - Throws: `.cannotCreateDirectory` naming the folder that could not be made.
    public static func createDirectory(forDatabaseAt path: String) throws(StoreOpenError) {
        try Self.makeDirectory(Self.directory(of: path), for: path)
    }

    private static func makeDirectory(_ folder: String, for path: String) throws(StoreOpenError) {
        var status = stat()
        if stat(folder, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw .cannotCreateDirectory(path: path, directory: folder, why: "a file of that name is in the way")
            }
            return
        }
        let parent = Self.directory(of: folder)
        if parent != folder { try Self.makeDirectory(parent, for: path) }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw .cannotCreateDirectory(path: path, directory: folder, why: StoreLock.reason(errno))
        }
    }

    private static func joined(_ folder: String, _ rest: String) -> String {
        folder.hasSuffix("/") ? folder + rest : folder + "/" + rest
    }
}
