import ChatProtocol

/// The server's rules, pure: sessions (one per connection: name, rooms, flood allowance), the names in use, and
/// the rooms. No sockets, no clocks, no store: every input takes a `RoomTime` and appends `ServerEffect`s to a
/// buffer the caller reuses. Owned by one event loop.
///
/// A posted message leaves as `.post`; the shell has the store keep it and hands it back to `deliver`, which is
/// where it reaches its room (and where messages from other server processes arrive too, through `remote`).
public final class ChatCore {
    let configuration: RoomConfiguration
    var sessions: [MemberID: Session] = [:]
    /// Joined sessions by name key.
    var byName: [String: MemberID] = [:]
    /// Joined sessions by the skeleton of their name (`NameRules.skeleton`), in step with `byName`: who holds a
    /// name that another can be mistaken for.
    var bySkeleton: [String: MemberID] = [:]
    var guestCounter = 0
    /// The rooms with someone in them.
    var rooms: [RoomID: Room] = [:]
    var roomsByKey: [String: RoomID] = [:]
    var lastRoomID: UInt64 = 0
    /// The history of rooms that emptied, kept for whoever opens them again; at most `maxRooms` of them and
    /// `idleHistoryBytes` in all, the longest unused dropped first.
    var idleHistory: [String: RoomHistory] = [:]
    var idleOrder: [String] = []
    var idleBytes = 0
    /// Rooms with joins or leaves gathered for the next announcement.
    var roomsWithPending: Set<RoomID> = []
    /// The default room's key, and its id while it exists (looked up for nearly every line of a JSON client).
    let defaultKey: String
    var defaultRoomID: RoomID?
    /// The server's identity (the store's), told in every welcome.
    public private(set) var serverID: String
    /// The last seq of every room known, open or not, by key (a room's own `lastSeq` is newer while it is open).
    var roomSeqs: [String: UInt64] = [:]
    var sessionBook = SessionBook()
    /// Makes session tokens: 128 random bits, hex.
    let makeToken: () -> String
    /// The last output place given to a fetch.
    var lastSlot: UInt64 = 0
    /// The connection that holds each live session.
    var holders: [UInt64: MemberID] = [:]
    /// Accounts, bans, mutes, topic locks and mail.
    var moderation = ModerationBook()
    /// Password guesses per address and per account.
    var loginThrottle: LoginThrottle
    /// Password jobs given to the shell and not yet done, by job id.
    var passwordJobs: [UInt64: PendingPassword] = [:]
    var lastPasswordJob: UInt64 = 0

    /// - Parameter makeToken: the tokens for new sessions (tests give predictable ones).
    public init(
        configuration: RoomConfiguration, serverID: String = MemoryMessageStore.randomIdentity(),
        makeToken: @escaping () -> String = MemoryMessageStore.randomIdentity
    ) {
        self.configuration = configuration
        self.defaultKey = RoomNameRules.key(configuration.defaultRoom)
        self.serverID = serverID
        self.makeToken = makeToken
        self.loginThrottle = LoginThrottle(perMinute: configuration.accounts.loginAttemptsPerMinute)
    }

    /// Takes up where the store left off: its identity, its rooms' numbering, the recent history of its rooms
    /// (kept for whoever opens them), and its sessions.
    public func restore(_ snapshot: StoreSnapshot, at time: RoomTime) {
        self.serverID = snapshot.serverID
        for (key, room) in snapshot.rooms { self.roomSeqs[key] = room.lastSeq }
        for (key, messages) in snapshot.recent where !messages.isEmpty {
            var history = Room.emptyHistory(self.configuration)
            for message in messages { history.append(message) }
            self.keepIdle(history, key: key)
        }
        self.sessionBook.restore(
            snapshot.sessions, lastNumber: snapshot.lastSessionNumber, now: time.wallMilliseconds)
        self.moderation.restore(snapshot.moderation)
    }

    /// The current name of a connection, if it has joined.
    public func name(of id: MemberID) -> String? { self.sessions[id]?.name }

    /// The rooms a connection is in, in the order it joined them.
    public func rooms(of id: MemberID) -> [String] {
        self.sessions[id]?.rooms.compactMap { self.rooms[$0]?.ref.name } ?? []
    }

    /// Whether gathered joins or leaves wait for `flushAnnouncements`.
    public var hasPendingAnnouncements: Bool {
        self.roomsWithPending.contains { self.rooms[$0]?.hasPendingAnnouncements == true }
    }

    // MARK: - Connections

    /// A connection whose kind is known. Text clients join at once as a guest; JSON clients wait for hello.
    public func connect(
        _ id: MemberID, kind: ClientKind, origin: ConnectionOrigin = ConnectionOrigin(), at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        let session = Session(kind: kind, origin: origin)
        if let limit = self.configuration.floodLimit {
            session.bucket = TokenBucket(limit: limit, now: time.monotonicNanoseconds)
            session.excess = TokenBucket(limit: Self.excessLimit(for: limit), now: time.monotonicNanoseconds)
        }
        self.sessions[id] = session
        // A JSON client may still log in to an operator's account in its hello (`join` decides); a text client
        // cannot before it joins.
        if kind == .text,
            let ban = self.moderation.active(.ban, address: origin.address, account: nil, now: time.wallMilliseconds)
        {
            self.refuse(id, ban: ban, effects: &effects)
            return
        }
        if kind == .text {
            self.join(id, hello: Hello(), at: time, effects: &effects)
        }
    }

    /// The connection is gone (closed, timed out, too slow, ...): every room it was in is told.
    public func disconnect(_ id: MemberID, reason: LeaveReason, at time: RoomTime, effects: inout [ServerEffect]) {
        guard let session = self.sessions.removeValue(forKey: id), let name = session.name else { return }
        self.releaseName(name, of: id)
        if let number = session.sessionNumber {
            if self.holders[number] == id { self.holders[number] = nil }
            let rooms = session.rooms.compactMap { self.rooms[$0]?.ref.name }
            if let record = self.sessionBook.released(
                number, name: name, rooms: rooms, now: time.wallMilliseconds,
                ttl: self.configuration.sessionTTLMilliseconds)
            {
                effects.append(.saveSession(record))
            }
        }
        for roomID in session.rooms {
            guard let room = self.rooms[roomID] else { continue }
            room.remove(id, name: name, reason: reason, effects: &effects)
            self.roomChanged(room)
        }
    }

    /// The server is stopping: one notice to everyone. The shell closes the connections.
    public func shutdown(at time: RoomTime, effects: inout [ServerEffect]) {
        effects.append(.everyone(.system("server shutting down; goodbye")))
        // Every session as it is now, expiring a ttl from now: the clients resume after the restart.
        self.saveLiveSessions(at: time, effects: &effects) { number, name, rooms, now, ttl in
            self.sessionBook.released(number, name: name, rooms: rooms, now: now, ttl: ttl)
        }
    }

    /// Each live session's record as `update` makes it from the session's name and rooms now, saved when it gives one.
    func saveLiveSessions(
        at time: RoomTime, effects: inout [ServerEffect],
        _ update: (UInt64, String, [String], Int64, Int64) -> SessionRecord?
    ) {
        for (number, id) in self.holders {
            guard let session = self.sessions[id], let name = session.name else { continue }
            let rooms = session.rooms.compactMap { self.rooms[$0]?.ref.name }
            if let record = update(
                number, name, rooms, time.wallMilliseconds, self.configuration.sessionTTLMilliseconds)
            {
                effects.append(.saveSession(record))
            }
        }
    }

    /// A new session for a connection, saved and given out in its welcome.
    func openSession(for id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect]) {
        let token = self.makeToken()
        let record = self.sessionBook.open(
            token: token, name: name, rooms: [], now: time.wallMilliseconds,
            ttl: self.configuration.sessionTTLMilliseconds)
        self.hold(record.number, token: token, for: id)
        effects.append(.saveSession(record))
    }

    /// Gives a connection a session (new or resumed).
    func hold(_ number: UInt64, token: String, for id: MemberID) {
        self.sessions[id]?.sessionNumber = number
        self.sessions[id]?.token = token
        self.holders[number] = id
    }

    // MARK: - Input

    /// A decoded JSON frame from a member (already admitted by `admitLine`).
    public func receive(_ message: Message, from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]) {
        guard let session = self.sessions[id] else { return }
        guard message.type.isClientType else {
            effects.append(.send(.error(ProtocolError.serverOnlyType(message.type).description), to: id))
            return
        }
        if session.name == nil {
            if message.type == .hello {
                if let password = message.password {
                    // Joined once the password is checked: under the account's name, or as a guest.
                    self.login(
                        message.data, password: password, from: id, hello: Hello(message), at: time, effects: &effects)
                } else {
                    self.join(id, hello: Hello(message), at: time, effects: &effects)
                }
                return
            }
            // A JSON client that skipped hello is welcomed as a guest, and its frame handled as usual.
            self.join(id, hello: Hello(), at: time, effects: &effects)
        }
        switch message.type {
        case .hello:
            let current = self.sessions[id]?.name ?? ""
            effects.append(.send(.error("you have already joined as \(current); use /nick NAME to rename"), to: id))
        case .ping:
            // A ping is about no room, but one naming a room the client is not in is refused like any frame.
            if message.room != nil, self.context(for: id, named: message.room, effects: &effects) == nil { return }
            // Cleaned like any text: the client may print it.
            effects.append(.send(.pong(TextSanitizer.clean(message.data)), to: id))
        case .me:
            self.run(.me(message.data), from: id, room: message.room, at: time, effects: &effects)
        case .history:
            self.history(message, from: id, effects: &effects)
        case .private:
            guard let to = message.to, !to.isEmpty else {
                effects.append(.send(.error("a 'private' frame needs a 'to' field naming the addressee"), to: id))
                return
            }
            self.run(.msg(to: to, text: message.data), from: id, room: message.room, at: time, effects: &effects)
        default:
            if TextSanitizer.isBlank(message.data) {
                effects.append(.send(.error("empty message; nothing sent"), to: id))
            } else {
                // The seeds' bare spellings (quit, who) are commands for text clients only: in a JSON client
                // (`swchat join`) they are words someone typed, and /quit, /who are the commands.
                let command = CommandParser.parse(message.data, seedSpellings: false)
                self.run(command, from: id, room: message.room, at: time, effects: &effects)
            }
        }
    }

    /// One line from a text client (already valid UTF-8, already admitted by `admitLine`).
    public func receiveText(_ line: String, from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]) {
        // Blank lines (Enter pressed on an empty line) are ignored.
        guard self.sessions[id] != nil, !TextSanitizer.isBlank(line) else { return }
        self.run(CommandParser.parse(line, seedSpellings: true), from: id, room: nil, at: time, effects: &effects)
    }

    /// A frame that could not be decoded: the sender gets an error, the connection carries on.
    public func reject(_ problem: ProtocolError, from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]) {
        guard self.sessions[id] != nil else { return }
        effects.append(.send(.error(problem.description), to: id))
    }

    // MARK: - Stored messages

    /// A message the store kept: it reaches its room's members, or its addressee and sender.
    public func deliver(_ stored: StoredMessage, effects: inout [ServerEffect]) {
        if let letter = stored.post.letter { self.delivered(letter, effects: &effects) }
        switch stored.post.destination {
        case .room(let ref):
            let key = ref.key
            self.roomSeqs[key] = max(self.roomSeqs[key] ?? 0, stored.seq)
            if let room = self.rooms[ref.id] {
                room.deliver(stored, effects: &effects)
            } else if let id = self.roomsByKey[key], let room = self.rooms[id] {
                // The room emptied and was opened again while the message was being stored: it is news there.
                room.deliver(stored.moved(to: room.ref), effects: &effects)
            } else {
                // The room emptied while the message was being stored: it is history then, not news.
                self.keepIdle(stored, roomKey: key)
            }
        case .person(let target, let name, _):
            // Stored for the two sessions; shown live to the two connections.
            // The addressee may have gone, or be someone else by now: only the connection it was sent to gets it.
            if self.sessions[target]?.name == name {
                effects.append(.send(.message(stored, replay: false), to: target))
            }
            if stored.post.sender != target, self.sessions[stored.post.sender] != nil {
                effects.append(.send(.message(stored, replay: false), to: stored.post.sender))
            }
        }
        effects.append(.publish(.posted(stored)))
    }

    /// The store could not keep a message: only its sender hears, and nobody sees it.
    public func notStored(_ post: Post, error: MessageStoreError, effects: inout [ServerEffect]) {
        if let letter = post.letter, case .person(let id, _, _) = post.destination {
            self.notDelivered(letter, to: id, effects: &effects)
            return
        }
        guard self.sessions[post.sender] != nil else { return }
        effects.append(.send(.error(error.description), to: post.sender))
    }

    /// What another server process sharing the rooms published. Messages reach the members here of the room of the
    /// same name; who is where on other processes is the cluster's to track (not yet).
    public func remote(_ event: RoomEvent, effects: inout [ServerEffect]) {
        guard case .posted(let stored) = event, let ref = stored.room,
            let id = self.roomsByKey[ref.key], let room = self.rooms[id]
        else { return }
        room.deliver(stored.moved(to: room.ref), effects: &effects)
    }

    // MARK: - Announcements

    /// Announces the joins and leaves gathered in big rooms (the shell's timer calls this).
    public func flushAnnouncements(effects: inout [ServerEffect]) {
        for id in self.roomsWithPending {
            self.rooms[id]?.flushAnnouncements(effects: &effects)
        }
        self.roomsWithPending.removeAll()
    }

    /// After a change to a room: note gathered announcements, and close it if it emptied.
    func roomChanged(_ room: Room) {
        if room.hasPendingAnnouncements { self.roomsWithPending.insert(room.id) }
        if room.isEmpty { self.close(room) }
    }
}

@available(*, unavailable)
extension ChatCore: Sendable {}
