import ChatProtocol

extension Room {
    /// Gives a connection its name, welcomes it, replays history and tells the others.
    /// - Parameter wanted: the name asked for; nil or empty picks guest-N.
    func join(_ id: MemberID, wanted: String?, at time: RoomTime, effects: inout [RoomEffect]) {
        guard self.members[id] != nil else { return }
        let (name, notes) = self.pickName(wanted)
        self.announceLeaveFirst(of: name, at: time, effects: &effects)
        self.members[id]?.name = name
        self.byName[NameRules.key(name)] = id
        self.roster.insert(name)
        let listed = self.admitToPresence()
        self.members[id]?.listed = listed
        self.welcome(id, name: name, notes: notes, at: time, effects: &effects)
        if !listed {
            self.pendingUnlistedJoins += 1
            return
        }
        if self.batchesAnnouncements {
            self.pendingJoins.append(name)
            return
        }
        self.flushAnnouncements(at: time, effects: &effects)
        let count = self.roster.count
        let join = Message(
            type: .join, dataSource: name, data: "\(name) joined (\(count) online)", ts: self.ts(time), online: count)
        effects.append(.broadcast(Frame(join), except: id))
    }

    /// A connection taken for a text client (it was silent at first) turned out to speak JSON: it gets a
    /// JSON welcome and the history again, under the name its hello asks for (announced as a rename).
    public func upgradeToJSON(_ id: MemberID, wanted: String?, at time: RoomTime, effects: inout [RoomEffect]) {
        guard let old = self.members[id]?.name else { return }
        self.byName[NameRules.key(old)] = nil
        self.roster.remove(old)
        let wanted = wanted?.trimmingSpaces ?? ""
        let (name, notes): (String, [String])
        if wanted.isEmpty {
            (name, notes) = (old, [])
        } else if let problem = NameRules.problem(with: wanted) {
            // Keep the guest name it already has rather than renaming one guest to another.
            (name, notes) = (old, ["The name you asked for is not valid (\(problem)), so you are \(old)."])
        } else {
            (name, notes) = self.pickName(wanted)
        }
        self.announceLeaveFirst(of: name, at: time, effects: &effects)
        self.members[id]?.name = name
        self.byName[NameRules.key(name)] = id
        self.roster.insert(name)
        if name != old {
            self.members[id]?.listed = true
            self.recent.rename(old, to: name)
            self.flushAnnouncements(at: time, effects: &effects)
            let rename = Message(type: .rename, dataSource: old, data: name, ts: self.ts(time))
            effects.append(.broadcast(Frame(rename), except: id))
        }
        self.welcome(id, name: name, notes: notes, at: time, effects: &effects)
    }

    /// The welcome (roster, notes about the name, motd) and the history replay, to one member.
    private func welcome(_ id: MemberID, name: String, notes: [String], at time: RoomTime, effects: inout [RoomEffect])
    {
        let online = self.roster.count
        var text = "Welcome to swchat, \(name)! \(online) online"
        text += self.isLarge ? " (the list shows who spoke lately). " : ". "
        text += "Type /help for commands."
        if !notes.isEmpty { text += " " + notes.joined(separator: " ") }
        if let motd = self.configuration.motd, !motd.isEmpty { text += "\n" + motd }
        let history = self.history.elements
        let flood = self.configuration.floodLimit
        let welcome = Message(
            type: .welcome, dataSource: Message.serverSource, data: text, ts: self.ts(time),
            users: self.presenceList(for: name), to: name, online: online,
            floodBurst: flood?.burst, floodRate: flood?.perSecond, history: history.count)
        effects.append(.send(Frame(welcome), to: id))
        for frame in history {
            effects.append(.send(frame, to: id))
        }
    }

    /// The name a newcomer gets for `wanted`, and what to tell it if that is not what it asked for.
    private func pickName(_ wanted: String?) -> (String, [String]) {
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
    func rename(_ id: MemberID, to wanted: String, at time: RoomTime, effects: inout [RoomEffect]) {
        guard let old = self.members[id]?.name else { return }
        if let problem = NameRules.problem(with: wanted) {
            self.error(
                "cannot rename to \(TextSanitizer.clean(wanted)): \(problem)", to: id, at: time, effects: &effects)
            return
        }
        if wanted == old {
            self.system("you are already \(old)", to: id, at: time, effects: &effects)
            return
        }
        let key = NameRules.key(wanted)
        if let owner = self.byName[key], owner != id {
            self.error("the name \(wanted) is taken", to: id, at: time, effects: &effects)
            return
        }
        self.byName[NameRules.key(old)] = nil
        self.roster.remove(old)
        self.byName[key] = id
        self.roster.insert(wanted)
        self.members[id]?.name = wanted
        self.members[id]?.listed = true
        self.recent.rename(old, to: wanted)
        // Everyone, the renamed member included: its echo is the confirmation. Gathered joins and leaves first, so
        // that nobody hears of a rename of someone they were not yet told about.
        self.flushAnnouncements(at: time, effects: &effects)
        let rename = Message(type: .rename, dataSource: old, data: wanted, ts: self.ts(time))
        effects.append(.broadcast(Frame(rename), except: nil))
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
