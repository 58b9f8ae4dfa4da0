/// The client's trusted self-signed servers (`known_servers`), as SSH keeps `known_hosts`: one line per server,
/// `host:port SHA256:...`, blank lines and `#` comments allowed. Pure: parsed from text, updated as text, so that
/// what a person wrote (comments, order) stays as it was.
public struct KnownServers: Equatable, Sendable {
    /// One server's line.
    public struct Entry: Equatable, Sendable {
        /// `host:port` as the client names the server (`KnownServers.key`).
        public let server: String
        public let fingerprint: CertificateFingerprint
        /// Its line number, from 1, for messages that tell the user which line to edit.
        public let line: Int

        public init(server: String, fingerprint: CertificateFingerprint, line: Int) {
            self.server = server
            self.fingerprint = fingerprint
            self.line = line
        }
    }

    public private(set) var entries: [Entry] = []
    /// The text as read, kept so that an update only appends.
    public private(set) var text: String

    /// An empty file's.
    public init() {
        self.text = ""
    }

    /// Parses the file's text. - Parameter file: its path, for the error messages.
    /// - Throws: `TLSSetupError` naming the file and line of the first malformed line, or of a second line for the
    ///   same server with another fingerprint (which of the two to believe is for the user to say).
    public init(parsing text: String, file: String) throws(TLSSetupError) {
        self.text = text
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") || line.allSatisfy({ $0.isWhitespace }) { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard fields.count == 2 else {
                throw TLSSetupError("\(file):\(number): expected 'host:port SHA256:...', not '\(line)'")
            }
            let server = String(fields[0])
            guard Self.isServer(server) else {
                throw TLSSetupError("\(file):\(number): '\(server)' is not host:port")
            }
            guard let fingerprint = CertificateFingerprint(parsing: fields[1]) else {
                throw TLSSetupError("\(file):\(number): '\(fields[1])' is not a SHA256:... fingerprint")
            }
            let key = server.lowercased()
            if let earlier = self.entries.first(where: { $0.server == key }) {
                guard earlier.fingerprint == fingerprint else {
                    throw TLSSetupError(
                        "\(file):\(number): \(server) is listed again with another fingerprint than on line "
                            + "\(earlier.line); delete the wrong line")
                }
                continue
            }
            self.entries.append(Entry(server: key, fingerprint: fingerprint, line: number))
        }
    }

    /// The entry for a server (`key(host:port:)`), if any.
    public func entry(for server: String) -> Entry? {
        let key = server.lowercased()
        return self.entries.first { $0.server == key }
    }

    /// Remembers a server's fingerprint: a line appended (an existing entry is left alone: a changed certificate
    /// is never replaced silently).
    public mutating func add(_ server: String, _ fingerprint: CertificateFingerprint) {
        let key = server.lowercased()
        guard self.entry(for: key) == nil else { return }
        if !self.text.isEmpty && !self.text.hasSuffix("\n") { self.text += "\n" }
        if self.text.isEmpty { self.text = Self.header }
        let line = self.text.split(separator: "\n", omittingEmptySubsequences: false).count
        self.text += "\(key) \(fingerprint)\n"
        self.entries.append(Entry(server: key, fingerprint: fingerprint, line: line))
    }

    /// How a server is named in the file: `host:port`, an IPv6 host in brackets, lower case.
    public static func key(host: String, port: Int) -> String {
        let host = host.lowercased()
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The comment a new file starts with.
    static let header = "# swchat: servers whose self-signed certificate you trusted (host:port SHA256:fingerprint)\n"

    /// `host:port` with a port of 1 to 65535 (`[v6]:port` too).
    static func isServer(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return false }
        let host = text[..<colon]
        guard !host.isEmpty else { return false }
        if host.contains(":") { return host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2 }
        return true
    }
}
