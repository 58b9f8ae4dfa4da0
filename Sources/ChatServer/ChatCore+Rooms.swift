import ChatProtocol

/// Rooms: opening and closing them, joining and parting, topics, the room list.
extension ChatCore {
    /// The rooms named in `names` (a hello's list), opened if need be: at most `maxJoined`, each once; what cannot
    /// be joined is said in `errors`.
    func openRooms(_ names: [String], errors: inout [String]) -> [Room] {
        var rooms: [Room] = []
        var refused = 0
        for (index, typed) in names.enumerated() {
            let name = RoomNameRules.bare(typed)
            if let problem = RoomNameRules.problem(with: name) {
                // One frame can name thousands: a few errors, then a count, never one error per name.
                refused += 1
                if refused <= Self.errorsPerHello { errors.append("cannot join \(Self.shown(typed)): \(problem)") }
                continue
            }
            let key = RoomNameRules.key(name)
            if rooms.contains(where: { $0.key == key }) { continue }
            guard rooms.count < self.configuration.maxJoined else {
                errors.append(
                    "at most \(self.configuration.maxJoined) rooms at once: \(names.count - index) more not joined, from #\(name) on"
                )
                break
            }
            guard let room = self.openRoom(name, creating: false) else {
                refused += 1
                if refused <= Self.errorsPerHello { errors.append(self.tooManyRooms(name)) }
                continue
            }
            rooms.append(room)
        }
        if refused > Self.errorsPerHello {
            errors.append("\(refused - Self.errorsPerHello) more rooms could not be joined")
        }
        return rooms
    }

    /// The most errors one `hello` gets about its rooms, before a count of the rest.
    static let errorsPerHello = 5

    /// The room called `name` (valid, without `#`), created if it does not exist and the server has room for one
    /// more (`creating` creates it in any case: the default room is never refused). - Returns: nil when full.
    func openRoom(_ name: String, creating always: Bool) -> Room? {
        let key = RoomNameRules.key(name)
        if let id = self.roomsByKey[key], let room = self.rooms[id] { return room }
        guard always || self.rooms.count < self.configuration.maxRooms else { return nil }
        self.lastRoomID += 1
        // The default room keeps the spelling it was configured with, whoever opens it again.
        let spelling = key == self.defaultKey ? self.configuration.defaultRoom : name
        let ref = RoomRef(id: RoomID(self.lastRoomID), name: RoomNameRules.bare(spelling), key: key)
        let history = self.takeIdle(key)
        let room = Room(
            ref: ref, key: key, configuration: self.configuration, history: history, lastSeq: self.roomSeqs[key] ?? 0)
        self.rooms[ref.id] = room
        self.roomsByKey[key] = ref.id
        if key == self.defaultKey { self.defaultRoomID = ref.id }
        return room
    }

    /// A room nobody is in any more: it goes from the list with its topic; its history stays for whoever opens it
    /// again, within the bounds on idle histories (`maxRooms` of them, `idleHistoryBytes` in all).
    func close(_ room: Room) {
        self.rooms[room.id] = nil
        self.roomsByKey[room.key] = nil
        if room.id == self.defaultRoomID { self.defaultRoomID = nil }
        self.roomsWithPending.remove(room.id)
        self.roomSeqs[room.key] = max(self.roomSeqs[room.key] ?? 0, room.lastSeq)
        guard room.history.count > 0 else { return }
        self.keepIdle(room.history, key: room.key)
    }

    /// A message stored for a room that emptied meanwhile: into the history kept for it.
    func keepIdle(_ stored: StoredMessage, roomKey: String) {
        guard self.configuration.historyLimit > 0 else { return }
        var history = self.takeIdle(roomKey) ?? Room.emptyHistory(self.configuration)
        history.append(stored)
        self.keepIdle(history, key: roomKey)
    }

    /// The history kept for an idle room, taken out of the idle ones.
    func takeIdle(_ key: String) -> RoomHistory? {
        guard let history = self.idleHistory.removeValue(forKey: key) else { return nil }
        self.idleOrder.removeAll { $0 == key }
        self.idleBytes -= history.bytes
        return history
    }

    func keepIdle(_ history: RoomHistory, key: String) {
        self.idleHistory[key] = history
        self.idleOrder.append(key)
        self.idleBytes += history.bytes
        while self.idleOrder.count > max(0, self.configuration.maxRooms)
            || (self.idleBytes > self.configuration.idleHistoryBytes && !self.idleOrder.isEmpty)
        {
            let oldest = self.idleOrder.removeFirst()
            self.idleBytes -= self.idleHistory.removeValue(forKey: oldest)?.bytes ?? 0
        }
    }

    /// The room a line is about: the one its frame names, else the member's current room.
    /// - Returns: nil after telling the member why there is none.
    func context(for id: MemberID, named requested: String?, effects: inout [ServerEffect]) -> Room? {
        guard let session = self.sessions[id] else { return nil }
        if let requested {
            let name = RoomNameRules.bare(requested)
            if let problem = RoomNameRules.problem(with: name) {
                effects.append(.send(.error("not a room name: \(Self.shown(requested)): \(problem)"), to: id))
                return nil
            }
            guard let roomID = self.roomsByKey[RoomNameRules.key(name)], session.rooms.contains(roomID),
                let room = self.rooms[roomID]
            else {
                effects.append(.send(.error("you are not in #\(name); /join \(name) first"), to: id))
                return nil
            }
            return room
        }
        guard let room = self.currentRoom(of: session) else {
            effects.append(.send(.error("you are in no room; /join ROOM to talk (/rooms lists them)"), to: id))
            return nil
        }
        return room
    }

    /// Where a member's lines go when they name no room: for a text client the room it joined last; for a JSON
    /// client the default room while it is in it, else the first it joined.
    func currentRoom(of session: Session) -> Room? {
        let id: RoomID?
        switch session.kind {
        case .text:
            id = session.rooms.last
        case .json:
            if let lobby = self.defaultRoomID, session.rooms.contains(lobby) {
                id = lobby
            } else {
                id = session.rooms.first
            }
        }
        return id.flatMap { self.rooms[$0] }
    }

    /// `/join ROOM`.
    func joinRoom(_ typed: String, from id: MemberID, name: String, effects: inout [ServerEffect]) {
        let roomName = RoomNameRules.bare(typed)
        if let problem = RoomNameRules.problem(with: roomName) {
            effects.append(.send(.error("cannot join \(Self.shown(typed)): \(problem)"), to: id))
            return
        }
        guard let session = self.sessions[id] else { return }
        let key = RoomNameRules.key(roomName)
        if let roomID = self.roomsByKey[key], let room = self.rooms[roomID], session.rooms.contains(roomID) {
            guard session.kind == .text else {
                effects.append(.send(.error("you are already in #\(room.ref.name)", room: room.ref), to: id))
                return
            }
            // A text client has no other way to switch: it talks in the room it joined last.
            self.sessions[id]?.rooms.removeAll { $0 == roomID }
            self.sessions[id]?.rooms.append(roomID)
            effects.append(.send(.current(room.ref), to: id))
            return
        }
        guard session.rooms.count < self.configuration.maxJoined else {
            effects.append(
                .send(
                    .error(
                        "cannot join #\(roomName): you are in \(session.rooms.count) rooms, the most allowed; /part one first"
                    ),
                    to: id))
            return
        }
        guard let room = self.openRoom(roomName, creating: false) else {
            effects.append(.send(.error(self.tooManyRooms(roomName)), to: id))
            return
        }
        self.sessions[id]?.rooms.append(room.id)
        let plan = self.replayPlan(room, for: id, since: nil, budget: self.configuration.replayBytes)
        room.add(id, name: name, replay: plan, effects: &effects)
        self.roomChanged(room)
        if session.kind == .text { effects.append(.send(.current(room.ref), to: id)) }
    }

    /// `/part [ROOM] [REASON]`: the first word is the room when it starts with `#` or names a room the member is in.
    /// - Parameter withReason: false drops the reason the user gave (the muted: the room would read it).
    func part(
        _ arguments: String, from id: MemberID, name: String, in named: Room?, withReason: Bool = true,
        effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[id] else { return }
        let words = arguments.split(separator: " ", maxSplits: 1).map(String.init)
        var reason = arguments
        var room: Room?
        if let first = words.first {
            let candidate = RoomNameRules.bare(first)
            let joined = self.roomsByKey[RoomNameRules.key(candidate)].flatMap { id in
                session.rooms.contains(id) ? self.rooms[id] : nil
            }
            if first.hasPrefix("#") || joined != nil {
                if let problem = RoomNameRules.problem(with: candidate) {
                    effects.append(.send(.error("not a room name: \(Self.shown(first)): \(problem)"), to: id))
                    return
                }
                guard let joined else {
                    effects.append(.send(.error("you are not in #\(Self.shown(candidate))"), to: id))
                    return
                }
                room = joined
                reason = words.count > 1 ? words[1] : ""
            }
        }
        if room == nil { room = named ?? self.context(for: id, named: nil, effects: &effects) }
        guard let room else { return }
        let cleaned = withReason ? TextSanitizer.clean(reason).trimmingSpaces : ""
        self.sessions[id]?.rooms.removeAll { $0 == room.id }
        effects.append(.send(.parted(room.ref), to: id))
        room.remove(
            id, name: name, reason: .parted(cleaned.isEmpty ? nil : String(cleaned.prefix(200))), effects: &effects)
        self.roomChanged(room)
        if session.kind == .text, let updated = self.sessions[id] {
            effects.append(.send(.current(self.currentRoom(of: updated)?.ref), to: id))
        }
    }

    /// `/topic [TEXT]`: shows the room's topic, sets it, or (`-delete`) clears it.
    func topic(
        _ text: String?, from id: MemberID, name: String, in room: Room, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        guard let text else {
            if let topic = room.topic {
                effects.append(.send(.topic(room.ref, topic, changed: false), to: id))
            } else {
                effects.append(
                    .send(.system("#\(room.ref.name) has no topic; /topic TEXT sets one", room: room.ref), to: id))
            }
            return
        }
        if self.lockTopic(text, in: room, from: id, name: name, at: time, effects: &effects)
            || self.topicLocked(room, for: id, effects: &effects)
        {
            return
        }
        if text == "-delete" {
            room.setTopic(nil, effects: &effects)
            return
        }
        let cleaned = TextSanitizer.clean(text).trimmingSpaces
        guard !TextSanitizer.isBlank(cleaned) else {
            effects.append(.send(.error("usage: /topic [TEXT] (/topic -delete clears it)", room: room.ref), to: id))
            return
        }
        // Bytes too: invisible joiners make thousands of bytes one character.
        guard cleaned.count <= Topic.maximumLength, cleaned.utf8.count <= Topic.maximumBytes else {
            effects.append(
                .send(.error("a topic has at most \(Topic.maximumLength) characters", room: room.ref), to: id))
            return
        }
        room.setTopic(Topic(text: cleaned, setBy: name, wallMilliseconds: time.wallMilliseconds), effects: &effects)
    }

    /// `/rooms`: the rooms with someone in them, biggest first, at most `listedRooms` of them. The rooms' keys are
    /// kept, not made in the sort: making them per comparison made one `/rooms` of 1,000 rooms cost 120 ms.
    func roomList() -> [RoomSummary] {
        self.rooms.values
            .sorted {
                $0.onlineCount != $1.onlineCount ? $0.onlineCount > $1.onlineCount : NameRules.precedes($0.key, $1.key)
            }
            .prefix(Self.listedRooms)
            .map { RoomSummary(name: $0.ref.name, online: $0.onlineCount, topic: $0.topic?.text) }
    }

    /// The most rooms `/rooms` lists (the biggest): its answer stays a frame of at most a few hundred KB.
    static let listedRooms = 200

    /// `/who ROOM`: any room, joined or not.
    func who(_ typed: String, from id: MemberID, name: String, effects: inout [ServerEffect]) {
        let roomName = RoomNameRules.bare(typed)
        if let problem = RoomNameRules.problem(with: roomName) {
            effects.append(.send(.error("not a room name: \(Self.shown(typed)): \(problem)"), to: id))
            return
        }
        guard let roomID = self.roomsByKey[RoomNameRules.key(roomName)], let room = self.rooms[roomID] else {
            effects.append(.send(.error("no such room: #\(Self.shown(roomName)) (/rooms lists them)"), to: id))
            return
        }
        effects.append(.send(.roster(room.roster(for: room.contains(id) ? name : nil, occasion: .asked)), to: id))
    }

    private func tooManyRooms(_ name: String) -> String {
        "cannot create #\(name): the server has \(self.configuration.maxRooms) rooms, the most it allows; join one of them (/rooms)"
    }

    /// What a user typed, cleaned and cut short for an error message.
    static func shown(_ typed: String) -> String {
        TextSanitizer.clean(String(typed.prefix(40)))
    }
}
