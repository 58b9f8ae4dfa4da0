import ChatProtocol

/// What a `hello` asks for: a name, rooms, and what to resume.
struct Hello {
    var wanted: String?
    var rooms: [String]?
    /// The server identity `session`, `since` and `privateSince` refer to.
    var server: String?
    var session: String?
    var since: [String: UInt64]?
    var privateSince: UInt64?

    init(
        wanted: String? = nil, rooms: [String]? = nil, server: String? = nil, session: String? = nil,
        since: [String: UInt64]? = nil, privateSince: UInt64? = nil
    ) {
        self.wanted = wanted
        self.rooms = rooms
        self.server = server
        self.session = session
        self.since = since
        self.privateSince = privateSince
    }

    init(_ message: Message) {
        self.init(
            wanted: message.data, rooms: message.rooms?.map(\.name), server: message.server, session: message.session,
            since: message.since, privateSince: message.privateSince)
    }
}
