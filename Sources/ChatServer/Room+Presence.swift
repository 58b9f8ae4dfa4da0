import ChatProtocol

/// Who knows whose name: joins, leaves and rosters, in small rooms and in big ones.
///
/// Up to `rosterLimit` members every member knows every name: welcomes carry the whole roster and every join and
/// leave is announced by name (gathered every 250 ms from `batchAnnouncementsFrom` members). Beyond that, telling
/// everyone about everyone costs the square of the room's size (10,000 joins would be 50 M names), so a big room
/// lists only the members a client can meet: those who spoke lately in welcomes and `/who`, and anyone who speaks
/// from then on. Newcomers are announced as a count; a member's leave is announced by name only if the member is
/// listed (its name went out). Every presence frame carries `online`, the real count. When the room is down to half
/// of `rosterLimit`, everyone gets the whole roster again and the room is small once more.
extension Room {
    /// Whether joins and leaves are gathered rather than announced one by one.
    var batchesAnnouncements: Bool { self.isLarge || self.roster.count >= self.configuration.batchAnnouncementsFrom }

    /// Whether gathered joins or leaves wait for `flushAnnouncements`.
    public var hasPendingAnnouncements: Bool {
        !self.pendingJoins.isEmpty || !self.pendingLeaves.isEmpty || self.pendingUnlistedJoins > 0
            || self.pendingUnlistedLeaves > 0
    }

    /// Announces the gathered leaves, then the gathered joins: one frame each from the server, listing the names
    /// clients may know in `users` (clients update their lists from it) and saying how many in `data` and `online`.
    /// Leaves go first, so that a name that left and was taken again in the same interval ends up online. Called by
    /// the shell's timer, and before any announcement that goes out at once, so that clients always see them in the
    /// order they happened.
    public func flushAnnouncements(at time: RoomTime, effects: inout [RoomEffect]) {
        self.announce(
            .leave, "left", names: &self.pendingLeaves, others: &self.pendingUnlistedLeaves, at: time, effects: &effects
        )
        self.announce(
            .join, "joined", names: &self.pendingJoins, others: &self.pendingUnlistedJoins, at: time, effects: &effects)
    }

    /// One gathered announcement, if anything is gathered; empties what it announced.
    private func announce(
        _ type: MessageType, _ verb: String, names: inout [String], others: inout Int, at time: RoomTime,
        effects: inout [RoomEffect]
    ) {
        guard !names.isEmpty || others > 0 else { return }
        let online = self.roster.count
        let text = Self.summary(verb, names: names, others: others, online: online)
        let message = Message(
            type: type, dataSource: Message.serverSource, data: text, ts: self.ts(time), users: names, online: online)
        names.removeAll()
        others = 0
        effects.append(.broadcast(Frame(message), except: nil))
    }

    /// "12 joined (1204 online): a, b, c and 9 more": at most 10 names, then how many more, named or not.
    static func summary(_ verb: String, names: [String], others: Int, online: Int) -> String {
        let text = "\(names.count + others) \(verb) (\(online) online)"
        guard !names.isEmpty else { return text }
        let more = names.count - min(names.count, 10) + others
        return text + ": " + names.prefix(10).joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }

    /// A member joined: the room may have become big. - Returns: whether the member is listed.
    func admitToPresence() -> Bool {
        if !self.isLarge && self.roster.count > self.configuration.rosterLimit {
            // Everyone already here was announced by name: they stay listed.
            self.isLarge = true
        }
        return !self.isLarge
    }

    /// The names a welcome or `/who` gives `name`: everyone in a small room; in a big one, who spoke lately and
    /// `name` itself. Sorted like the roster.
    func presenceList(for name: String) -> [String] {
        guard self.isLarge else { return self.roster.names }
        var names = self.recent.names
        if !names.contains(name) { names.append(name) }
        // Keys made once per name, not twice per comparison: this runs for every newcomer to a big room.
        return names.map { (key: NameRules.key($0), name: $0) }.sorted { NameRules.precedes($0.key, $1.key) }.map(
            \.name)
    }

    /// A name about to be taken whose previous owner's leave is still gathered: announce that leave now, or it
    /// would go out after the newcomer's name and take it off every list.
    func announceLeaveFirst(of name: String, at time: RoomTime, effects: inout [RoomEffect]) {
        if self.pendingLeaves.contains(name) { self.flushAnnouncements(at: time, effects: &effects) }
    }

    /// `id` said something everyone sees: its name is out, and it is among those who spoke lately.
    func markSpoke(_ id: MemberID, name: String) {
        self.members[id]?.listed = true
        self.recent.touch(name)
    }

    /// After a leave: a big room down to half of `rosterLimit` becomes small again, and everyone gets the whole roster
    /// (a `users` frame) so that every list is complete.
    func shrinkIfSmall(at time: RoomTime, effects: inout [RoomEffect]) {
        guard self.isLarge, self.roster.count <= self.configuration.rosterLimit / 2 else { return }
        self.flushAnnouncements(at: time, effects: &effects)
        self.isLarge = false
        for id in Array(self.members.keys) { self.members[id]?.listed = true }
        let names = self.roster.names
        let users = Message(
            type: .users, dataSource: Message.serverSource, data: "the room is down to \(names.count) online",
            ts: self.ts(time), users: names, online: names.count)
        effects.append(.broadcast(Frame(users), except: nil))
    }
}
