import ChatProtocol

/// Names: who gets which, renames, and the welcome that comes with a name.
extension ChatCore {
    /// Gives a connection its name, joins it to its rooms and welcomes it.
    /// - Parameter hello: what a JSON client's hello asks for (a name: none or empty picks guest-N; rooms: none is
    ///   the default room; a session and seqs to resume); empty for a text client.
    func join(_ id: MemberID, hello: Hello, at time: RoomTime, effects: inout [ServerEffect]) {
        guard let session = self.sessions[id], session.name == nil else { return }
        var resume = self.resumable(hello, kind: session.kind, at: time)
        var earlier: [String] = []
        if hello.server != nil, hello.server != self.serverID {
            earlier.append("This is not the server you were on before (or its history was reset): nothing is resumed.")
        } else if hello.session != nil, resume == nil {
            earlier.append("Your session has expired or is unknown; you have a new one.")
        }
        if let record = resume, let ghost = self.holders[record.number], ghost != id {
            // The session's old connection, not yet timed out: it makes way (its name, as renamed, is the session's).
            self.disconnect(ghost, reason: .reconnected, at: time, effects: &effects)
            effects.append(.close(ghost, .reconnected))
            resume = self.sessionBook.lookup(token: hello.session ?? "", now: time.wallMilliseconds)
        }
        // Logged in already: a hello with the password (`logIn`), whose name is the account's, whatever the
        // session it resumes was called.
        let loggedIn = self.sessions[id]?.account
        var resumedAccount = false
        if let key = resume?.account, loggedIn == nil, self.moderation.account(key) != nil {
            if let ban = self.moderation.active(.ban, address: nil, account: key, now: time.wallMilliseconds) {
                self.refuse(id, ban: ban, effects: &effects)
                return
            }
            // Logged in elsewhere meanwhile: the account stays there, and this comes back as a guest.
            if self.byName[key] == nil {
                self.sessions[id]?.account = key
                resumedAccount = true
            }
        }
        // A banned address lets in only operators (logged in by the hello's password, or by the session resumed): an
        // address is often shared, and an operator who banned one must still be able to come back.
        if !self.isOperator(id),
            let ban = self.moderation.active(
                .ban, address: session.origin.address, account: nil, now: time.wallMilliseconds)
        {
            self.sessions[id]?.account = nil
            self.refuse(id, ban: ban, effects: &effects)
            return
        }
        var (name, notes) = self.pickName(loggedIn != nil ? hello.wanted : resume?.name ?? hello.wanted, except: id)
        notes = earlier + notes
        self.sessions[id]?.name = name
        self.holdName(name, for: id)
        effects.append(.named(id, name))
        if let record = resume, let token = hello.session {
            self.sessionBook.resumed(record.number)
            self.hold(record.number, token: token, for: id)
        } else if session.kind == .json {
            self.openSession(for: id, name: name, at: time, effects: &effects)
        }
        var requested = hello.rooms ?? ((resume?.rooms.isEmpty ?? true) ? nil : resume?.rooms)
        if self.configuration.accounts.requireAccount, self.sessions[id]?.account == nil {
            // Guests read the default room only.
            requested = nil
        }
        // Seqs of this server are honoured with or without a session: a room's history is no secret to its members.
        let since = hello.server == self.serverID ? hello.since : nil
        var errors: [String] = []
        var targets = self.openRooms(requested ?? [self.configuration.defaultRoom], errors: &errors)
        if targets.isEmpty, let lobby = self.openRoom(self.configuration.defaultRoom, creating: true) {
            targets = [lobby]
            if requested?.isEmpty == false {
                notes.append("None of the rooms asked for could be joined, so you are in #\(lobby.ref.name).")
            }
        }
        self.greet(
            id, name: name, rooms: targets, notes: notes, since: since, resumed: resume != nil, effects: &effects)
        if let record = resume, record.account != loggedIn, !resumedAccount {
            // Its session is logged out (the account is in use elsewhere, or was deleted), or logged in to the
            // account the hello's password opened.
            self.sessionBook.setAccount(record.number, loggedIn).map { effects.append(.saveSession($0)) }
        }
        if resumedAccount, let key = self.sessions[id]?.account {
            self.deliverMail(to: id, account: key, at: time, effects: &effects)
        }
        if let record = resume, let after = hello.privateSince {
            let query = Fetch.Query.privates(session: record.number, after: after, limit: self.configuration.maxResume)
            effects.append(.fetch(self.fetch(for: id, query)))
        }
        for error in errors {
            effects.append(.send(.error(error), to: id))
        }
    }

    /// The session a hello resumes: its token is known and alive, and it names this server.
    private func resumable(_ hello: Hello, kind: ClientKind, at time: RoomTime) -> SessionRecord? {
        guard kind == .json, hello.server == self.serverID, let token = hello.session else { return nil }
        return self.sessionBook.lookup(token: token, now: time.wallMilliseconds)
    }

    /// Welcomes a member to `rooms`, in order, joining those it is not in yet: the first one's roster comes in its
    /// welcome; each room then sends its topic and history, the further ones their roster first.
    /// - Parameter since: per room key or name, the last seq the client has: what came after is replayed.
    private func greet(
        _ id: MemberID, name: String, rooms: [Room], notes: [String], since: [String: UInt64]? = nil,
        resumed: Bool = false, effects: inout [ServerEffect]
    ) {
        var welcome = self.welcome(name: name, rooms: rooms, notes: notes)
        welcome.server = self.serverID
        welcome.session = self.sessions[id]?.token
        welcome.resumed = resumed
        welcome.account = self.sessions[id]?.account.flatMap { self.moderation.account($0)?.name }
        welcome.seqs = Dictionary(rooms.map { ($0.ref.name, $0.lastSeq) }, uniquingKeysWith: { a, _ in a })
        if rooms.isEmpty { effects.append(.send(.welcome(welcome), to: id)) }
        var seen: [String: UInt64] = [:]
        for (room, seq) in since ?? [:] { seen[RoomNameRules.key(RoomNameRules.bare(room))] = seq }
        // One budget of history for the whole greeting, shared evenly: every room shows its newest lines. A resume
        // has a room's whole budget per room: what does not fit is a gap, not silence.
        let share = self.configuration.replayBytes / max(1, rooms.count)
        for (index, room) in rooms.enumerated() {
            let after = seen[room.key]
            let plan = self.replayPlan(
                room, for: id, since: after, budget: after == nil ? share : self.configuration.replayBytes)
            let greeting: (RoomRoster) -> Notice = { roster in
                guard index == 0 else { return .roster(roster) }
                var welcome = welcome
                welcome.roster = roster
                return .welcome(welcome)
            }
            if room.contains(id) {
                room.greet(id, name: name, greeting: greeting, replay: plan, effects: &effects)
            } else {
                self.sessions[id]?.rooms.append(room.id)
                room.add(id, name: name, greeting: greeting, replay: plan, effects: &effects)
                self.roomChanged(room)
            }
        }
    }

    private func welcome(name: String, rooms: [Room], notes: [String]) -> Welcome {
        Welcome(
            name: name, rooms: rooms.map(\.ref), roster: nil, notes: notes, motd: self.configuration.motd,
            floodLimit: self.configuration.floodLimit)
    }

    /// A connection taken for a text client (it was silent at first) turned out to speak JSON: it gets a JSON
    /// welcome and its rooms' histories again, under the name its hello asks for (announced as a rename), and in the
    /// rooms its hello asks for (it leaves the default room, joined as a text client, if they leave it out).
    /// A hello that resumes (a session or `since` of this server) is a newcomer's instead: the guest leaves and the
    /// session comes back as from any hello, so a resume that came late (after the sniffer took the connection for a
    /// text client) is not lost.
    public func upgradeToJSON(
        _ id: MemberID, wanted: String?, rooms requested: [String]? = nil, resuming hello: Message? = nil,
        at time: RoomTime, effects: inout [ServerEffect]
    ) {
        if let hello, hello.server == self.serverID, hello.session != nil || hello.since != nil {
            // Where the connection comes from (bans, mutes, the password rules) outlives the guest it was.
            let origin = self.sessions[id]?.origin ?? ConnectionOrigin()
            self.disconnect(id, reason: .left, at: time, effects: &effects)
            self.connect(id, kind: .json, origin: origin, at: time, effects: &effects)
            if let password = hello.password {
                self.login(hello.data, password: password, from: id, hello: Hello(hello), at: time, effects: &effects)
            } else {
                self.join(id, hello: Hello(hello), at: time, effects: &effects)
            }
            return
        }
        guard let old = self.sessions[id]?.name else { return }
        self.sessions[id]?.kind = .json
        let wanted = wanted?.trimmingSpaces ?? ""
        var notes: [String] = []
        var name = old
        if !wanted.isEmpty {
            if let problem = NameRules.problem(with: wanted) {
                // Keep the guest name it already has rather than renaming one guest to another.
                notes = ["The name you asked for is not valid (\(problem)), so you are \(old)."]
            } else {
                self.byName[NameRules.key(old)] = nil
                (name, notes) = self.pickName(wanted, except: id)
                self.byName[NameRules.key(old)] = id
                if name != old { self.changeName(id, from: old, to: name, tellingSelf: false, effects: &effects) }
            }
        }
        if self.sessions[id]?.sessionNumber == nil {
            // Resumable from now on.
            self.openSession(for: id, name: name, at: time, effects: &effects)
        }
        var rooms = (self.sessions[id]?.rooms ?? []).compactMap { self.rooms[$0] }
        var errors: [String] = []
        let guestOnly = self.configuration.accounts.requireAccount && self.sessions[id]?.account == nil
        if let requested, !guestOnly {
            let targets = self.openRooms(requested, errors: &errors)
            if !targets.isEmpty {
                for room in rooms where !targets.contains(where: { $0 === room }) {
                    self.sessions[id]?.rooms.removeAll { $0 == room.id }
                    room.remove(id, name: name, reason: .parted(nil), effects: &effects)
                    self.roomChanged(room)
                }
                rooms = targets
            }
        }
        self.greet(id, name: name, rooms: rooms, notes: notes, effects: &effects)
        for error in errors {
            effects.append(.send(.error(error), to: id))
        }
        if let hello, let password = hello.password {
            self.login(hello.data, password: password, from: id, at: time, effects: &effects)
        }
    }

    /// The name a newcomer gets for `wanted`, and what to tell it if that is not what it asked for.
    /// - Parameter id: who asks, if it holds a name already (its own name is no clash).
    func pickName(_ wanted: String?, except id: MemberID? = nil) -> (String, [String]) {
        let wanted = wanted?.trimmingSpaces ?? ""
        if wanted.isEmpty {
            return (self.guestName(), [])
        }
        if let problem = NameRules.problem(with: wanted) {
            let name = self.guestName()
            return (name, ["The name you asked for is not valid (\(problem)), so you are \(name)."])
        }
        let name = self.freeVariant(of: wanted, except: id)
        if name == wanted { return (name, []) }
        if self.isReserved(wanted, against: id) {
            return (name, ["The name \(wanted) is registered (/login \(wanted) PASSWORD uses it), so you are \(name)."])
        }
        if let like = self.lookalike(of: wanted, except: id) {
            return (name, ["The name \(wanted) is too like \"\(like)\", someone online, so you are \(name)."])
        }
        return (name, ["The name \(wanted) is taken, so you are \(name)."])
    }

    /// Renames a member, or explains why not. Changing only the case of one's own name is allowed.
    func rename(_ id: MemberID, to wanted: String, effects: inout [ServerEffect]) {
        guard let old = self.sessions[id]?.name else { return }
        if let problem = NameRules.problem(with: wanted) {
            effects.append(.send(.error("cannot rename to \(TextSanitizer.clean(wanted)): \(problem)"), to: id))
            return
        }
        if wanted == old {
            effects.append(.send(.system("you are already \(old)"), to: id))
            return
        }
        if let account = self.sessions[id]?.account, NameRules.key(wanted) != account {
            effects.append(.send(.error("you are logged in as \(old), your account's name: /logout first"), to: id))
            return
        }
        if self.isReserved(wanted, against: id) {
            effects.append(
                .send(.error("the name \(wanted) is registered; /login \(wanted) PASSWORD to use it"), to: id))
            return
        }
        if let owner = self.byName[NameRules.key(wanted)], owner != id {
            effects.append(.send(.error("the name \(wanted) is taken"), to: id))
            return
        }
        if let like = self.lookalike(of: wanted, except: id) {
            effects.append(.send(.error("the name \(wanted) is too like \"\(like)\", someone online"), to: id))
            return
        }
        self.changeName(id, from: old, to: wanted, tellingSelf: true, effects: &effects)
    }

    /// Moves a member to a new (free, valid) name, telling every room it is in.
    func changeName(
        _ id: MemberID, from old: String, to new: String, tellingSelf: Bool, effects: inout [ServerEffect]
    ) {
        self.releaseName(old, of: id)
        self.holdName(new, for: id)
        self.sessions[id]?.name = new
        effects.append(.named(id, new))
        let rooms = (self.sessions[id]?.rooms ?? []).compactMap { self.rooms[$0] }
        for room in rooms {
            room.rename(id, from: old, to: new, except: tellingSelf ? nil : id, effects: &effects)
        }
        if rooms.isEmpty && tellingSelf { effects.append(.send(.renamed(nil, from: old, to: new), to: id)) }
        effects.append(.publish(.renamed(from: old, to: new)))
    }

    /// The first of guest-1, guest-2, ... not in use (nor too like a name in use: guest-l).
    func guestName() -> String {
        while true {
            self.guestCounter += 1
            let name = "guest-\(self.guestCounter)"
            if self.isFree(name, for: nil) { return name }
        }
    }

    /// `wanted` if free, else the first free of wanted2, wanted3, ...
    private func freeVariant(of wanted: String, except id: MemberID?) -> String {
        if self.isFree(wanted, for: id) { return wanted }
        var number = 2
        while true {
            let name = NameRules.variant(of: wanted, number: number)
            if self.isFree(name, for: id) { return name }
            number += 1
        }
    }

    /// Whether `id` (nil: a newcomer) may have `name`: nobody else has it, or a name it can be mistaken for.
    private func isFree(_ name: String, for id: MemberID?) -> Bool {
        if let owner = self.byName[NameRules.key(name)], owner != id { return false }
        return self.confusableHolder(of: name, except: id) == nil && !self.isReserved(name, against: id)
    }

    /// Who, other than `id`, is online under a name that `name` can be mistaken for (the same skeleton:
    /// "аlice" with a Cyrillic а, "a1ice" and "ALICE" for alice). The one check for every way to a name.
    func confusableHolder(of name: String, except id: MemberID?) -> MemberID? {
        guard let holder = self.bySkeleton[NameRules.skeleton(name)], holder != id else { return nil }
        return holder
    }

    /// The name, sanitized for a message, of whoever holds a name `name` can be mistaken for, if that is not `name`
    /// itself under another case (then it is simply taken).
    private func lookalike(of name: String, except id: MemberID?) -> String? {
        guard let holder = self.confusableHolder(of: name, except: id), let held = self.sessions[holder]?.name,
            NameRules.key(held) != NameRules.key(name)
        else { return nil }
        return TextSanitizer.clean(held)
    }

    /// `name` is `id`'s now: in the indexes by key and by skeleton.
    func holdName(_ name: String, for id: MemberID) {
        self.byName[NameRules.key(name)] = id
        self.bySkeleton[NameRules.skeleton(name)] = id
    }

    /// `id` no longer has `name`.
    func releaseName(_ name: String, of id: MemberID) {
        let key = NameRules.key(name)
        if self.byName[key] == id { self.byName[key] = nil }
        let skeleton = NameRules.skeleton(name)
        if self.bySkeleton[skeleton] == id { self.bySkeleton[skeleton] = nil }
    }
}
