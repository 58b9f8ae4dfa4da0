import ChatProtocol

/// Where a client stands with one server, so that the hello of a reconnect picks up where the last connection left
/// off (Resources/protocol.md, "History and resume"): the server's identity and session token from the last
/// `welcome`, the last `seq` received in each room and the `id` of the last private message.
///
/// Pure: fed every frame received, in order, and asked for the next hello. Everything is per server identity: a
/// welcome from another server (or from the same address with its history reset) forgets what was seen.
public struct ResumeState: Sendable, Equatable {
    /// The identity of the server the state is about (the last welcome's `server`); nil before a welcome, and with a
    /// server from before resume.
    public private(set) var server: String?
    /// The last welcome's session token.
    public private(set) var session: String?
    /// The last `seq` received in each room, by the room's name as the server spells it.
    public private(set) var since: [String: UInt64] = [:]
    /// The `id` of the last private message received (sent or received by us: the server echoes ours).
    public private(set) var privateSince: UInt64?

    public init() {}

    /// Takes in one frame from the server.
    ///
    /// A `welcome` from another server identity forgets the rooms' and private positions; its token replaces the last.
    /// A room's `chat` and `me` frames move its position on, replayed or live (a `history` page's older ones do not move
    /// it back); a resume's `replay_end` moves it to the `seq` it names, since everything up to it was replayed; a room
    /// with no messages yet (`seq` 0 on the welcome's `seqs` or a join's roster) starts at 0, and a room whose roster
    /// says no history follows (`history` 0: a server that replays none, or a resume that missed nothing) starts at
    /// its latest `seq`, so that nothing sent there while we are away is missed. Private messages move
    /// `privateSince` on.
    public mutating func observe(_ message: Message) {
        switch message.type {
        case .welcome:
            if message.server != self.server {
                self.since = [:]
                self.privateSince = nil
            }
            self.server = message.server
            self.session = message.session
            for (room, seq) in message.seqs ?? [:] where seq == 0 { self.advance(room, to: 0) }
            self.rosterSaysNoHistory(message)
        case .chat, .me:
            if let room = message.room, let seq = message.seq { self.advance(room, to: seq) }
        case .private:
            if let id = message.id { self.privateSince = max(self.privateSince ?? 0, id) }
        case .replayEnd:
            // A history page's end says `more` and names no seq of ours; a resume's names the room's latest.
            if message.more == nil, let room = message.room, let seq = message.seq { self.advance(room, to: seq) }
        case .users:
            // A join's roster (a /who answer has no seq).
            if let room = message.room, message.seq == 0 { self.advance(room, to: 0) }
            self.rosterSaysNoHistory(message)
        default:
            break
        }
    }

    /// A join's roster (in a welcome, its first room's) with `history` 0: everything up to its `seq` is what the room
    /// had before we came, none of it to be replayed.
    private mutating func rosterSaysNoHistory(_ message: Message) {
        if message.history == 0, let room = message.room, let seq = message.seq { self.advance(room, to: seq) }
    }

    private mutating func advance(_ room: String, to seq: UInt64) {
        self.since[room] = max(self.since[room] ?? 0, seq)
    }

    /// The hello asking for `name` in `rooms` (none: the server's default room, or the rooms the session was in).
    ///
    /// Once a welcome named its server, the hello names it too, with the token and the positions: `since` for the
    /// rooms asked for (every room with a position when none are named) and `privateSince`. Before that (the first
    /// connection, a server from before resume) it carries none of them.
    public func hello(name: String, rooms: [String]) -> Message {
        var hello = Message(type: .hello, data: name, rooms: rooms.isEmpty ? nil : rooms.map { RoomInfo(name: $0) })
        guard let server = self.server else { return hello }
        hello.server = server
        hello.session = self.session
        let asked = Set(rooms.map { RoomNameRules.key(RoomNameRules.bare($0)) })
        let since = self.since.filter { rooms.isEmpty || asked.contains(RoomNameRules.key($0.key)) }
        hello.since = since.isEmpty ? nil : since
        hello.privateSince = self.privateSince
        return hello
    }
}
