import ChatProtocol

/// Names: who gets which, renames, and the welcome that comes with a name.
extension ChatCore {
    /// Gives a connection its name, joins it to its rooms and welcomes it.
    /// - Parameters:
    ///   - wanted: the name asked for; nil or empty picks guest-N.
    ///   - requested: the rooms asked for (`hello`'s `rooms`); nil: the default room.
    func join(
        _ id: MemberID, wanted: String?, rooms requested: [String]?, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[id], session.name == nil else { return }
        var (name, notes) = self.pickName(wanted)
        self.sessions[id]?.name = name
        self.byName[NameRules.key(name)] = id
        effects.append(.named(id, name))
        var errors: [String] = []
        var targets = self.openRooms(requested ?? [self.configuration.defaultRoom], errors: &errors)
        if targets.isEmpty, let lobby = self.openRoom(self.configuration.defaultRoom, creating: true) {
            targets = [lobby]
            if requested?.isEmpty == false {
                notes.append("None of the rooms asked for could be joined, so you are in #\(lobby.ref.name).")
            }
        }
        self.greet(id, name: name, rooms: targets, notes: notes, effects: &effects)
        for error in errors {
            effects.append(.send(.error(error), to: id))
        }
    }

    /// Welcomes a member to `rooms`, in order, joining those it is not in yet: the first one's roster comes in its
    /// welcome; each room then sends its topic and history, the further ones their roster first.
    private func greet(_ id: MemberID, name: String, rooms: [Room], notes: [String], effects: inout [ServerEffect]) {
        let welcome = self.welcome(name: name, rooms: rooms, notes: notes)
        if rooms.isEmpty { effects.append(.send(.welcome(welcome), to: id)) }
        // One budget of history for the whole greeting, shared evenly: every room shows its newest lines.
        let replay = self.configuration.replayBytes / max(1, rooms.count)
        for (index, room) in rooms.enumerated() {
            let greeting: (RoomRoster) -> Notice = { roster in
                guard index == 0 else { return .roster(roster) }
                var welcome = welcome
                welcome.roster = roster
                return .welcome(welcome)
            }
            if room.contains(id) {
                room.greet(id, name: name, greeting: greeting, replaying: replay, effects: &effects)
            } else {
                self.sessions[id]?.rooms.append(room.id)
                room.add(id, name: name, greeting: greeting, replay: replay, effects: &effects)
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
    public func upgradeToJSON(
        _ id: MemberID, wanted: String?, rooms requested: [String]? = nil, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
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
                (name, notes) = self.pickName(wanted)
                self.byName[NameRules.key(old)] = id
                if name != old { self.changeName(id, from: old, to: name, tellingSelf: false, effects: &effects) }
            }
        }
        var rooms = (self.sessions[id]?.rooms ?? []).compactMap { self.rooms[$0] }
        var errors: [String] = []
        if let requested {
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
    }

    /// The name a newcomer gets for `wanted`, and what to tell it if that is not what it asked for.
    func pickName(_ wanted: String?) -> (String, [String]) {
        let wanted = wanted?.trimmingSpaces ?? ""
        if wanted.isEmpty {
            return (self.guestName(), [])
        }
        if let problem = NameRules.problem(with: wanted) {
            let name = self.guestName()
            return (name, ["The name you asked for is not valid (\(problem)), so you are \(name)."])
        }
        let name = self.freeVariant(of: wanted)
        return (name, name == wanted ? [] : ["The name \(wanted) is taken, so you are \(name)."])
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
        if let owner = self.byName[NameRules.key(wanted)], owner != id {
            effects.append(.send(.error("the name \(wanted) is taken"), to: id))
            return
        }
        self.changeName(id, from: old, to: wanted, tellingSelf: true, effects: &effects)
    }

    /// Moves a member to a new (free, valid) name, telling every room it is in.
    private func changeName(
        _ id: MemberID, from old: String, to new: String, tellingSelf: Bool, effects: inout [ServerEffect]
    ) {
        self.byName[NameRules.key(old)] = nil
        self.byName[NameRules.key(new)] = id
        self.sessions[id]?.name = new
        effects.append(.named(id, new))
        let rooms = (self.sessions[id]?.rooms ?? []).compactMap { self.rooms[$0] }
        for room in rooms {
            room.rename(id, from: old, to: new, except: tellingSelf ? nil : id, effects: &effects)
        }
        if rooms.isEmpty && tellingSelf { effects.append(.send(.renamed(nil, from: old, to: new), to: id)) }
        effects.append(.publish(.renamed(from: old, to: new)))
    }

    /// The first of guest-1, guest-2, ... not in use.
    private func guestName() -> String {
        while true {
            self.guestCounter += 1
            let name = "guest-\(self.guestCounter)"
            if self.byName[NameRules.key(name)] == nil { return name }
        }
    }

    /// `wanted` if free, else the first free of wanted2, wanted3, ...
    private func freeVariant(of wanted: String) -> String {
        if self.byName[NameRules.key(wanted)] == nil { return wanted }
        var number = 2
        while true {
            let name = NameRules.variant(of: wanted, number: number)
            if self.byName[NameRules.key(name)] == nil { return name }
            number += 1
        }
    }
}
