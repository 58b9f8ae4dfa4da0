import Foundation

/// The known_servers file on disk: `$XDG_CONFIG_HOME/swchat/known_servers`, else `~/.config/swchat/known_servers`.
public struct KnownServersFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The file for this environment; nil when it names neither `XDG_CONFIG_HOME` (absolute) nor `HOME`.
    public init?(environment: [String: String]) {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            self.path = Self.joined(config, "swchat/known_servers")
        } else if let home = environment["HOME"], !home.isEmpty {
            self.path = Self.joined(home, ".config/swchat/known_servers")
        } else {
            return nil
        }
    }

    /// Reads and parses it (a missing file is an empty one).
    public func read() throws(TLSSetupError) -> KnownServers {
        guard FileManager.default.fileExists(atPath: self.path) else { return KnownServers() }
        guard let data = FileManager.default.contents(atPath: self.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw TLSSetupError("cannot read \(self.path)")
        }
        return try KnownServers(parsing: text, file: self.path)
    }

    /// Writes the updated text (atomically: a crash leaves the old file or the new one), its folder made 0700.
    public func write(_ servers: KnownServers) throws(TLSSetupError) {
        if let slash = self.path.lastIndex(of: "/"), slash != self.path.startIndex {
            try SelfSignedStore.makeDirectory(String(self.path[..<slash]))
        }
        do {
            try Data(servers.text.utf8).write(to: URL(fileURLWithPath: self.path), options: .atomic)
        } catch {
            throw TLSSetupError("cannot write \(self.path): \(error.localizedDescription)")
        }
    }

    private static func joined(_ folder: String, _ rest: String) -> String {
        folder.hasSuffix("/") ? folder + rest : folder + "/" + rest
    }
}
