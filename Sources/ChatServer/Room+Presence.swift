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
    var hasPendingAnnouncements: Bool {
        !self.pendingJoins.isEmpty || !self.pendingLeaves.isEmpty || self.pendingUnlistedJoins > 0
            || self.pendingUnlistedLeaves > 0
    }

    /// Announces the gathered leaves, then the gathered joins: one frame each from the server, listing the names
    /// clients may know in `users` (clients update their lists from it) and saying how many in `data` and `online`.
    /// Leaves go first, so that a name that left and was taken again in the same interval ends up online. Called by
    /// the shell's timer, and before any announcement that goes out at once, so that clients always see them in the
    /// order they happened.
    func flushAnnouncements(effects: inout [ServerEffect]) {
        self.announce(joined: false, names: &self.pendingLeaves, others: &self.pendingUnlistedLeaves, effects: &effects)
        self.announce(joined: true, names: &self.pendingJoins, others: &self.pendingUnlistedJoins, effects: &effects)
    }

    /// One gathered announcement, if anything is gathered; empties what it announced.
    private func announce(joined: Bool, names: inout [String], others: inout Int, effects: inout [ServerEffect]) {
        guard !names.isEmpty || others > 0 else { return }
        let notice = Notice.gathered(self.ref, joined: joined, names: names, others: others, online: self.roster.count)
        names.removeAll()
        others = 0
        effects.append(.broadcast(notice, room: self.id, except: nil))
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
    func presenceList(for name: String?) -> [String] {
        guard self.isLarge else { return self.roster.names }
        var names = self.recent.names
        if let name, !names.contains(name) { names.append(name) }
        // Keys made once per name, not twice per comparison: this runs for every newcomer to a big room.
        return names.map { (key: NameRules.key($0), name: $0) }.sorted { NameRules.precedes($0.key, $1.key) }.map(
            \.name)
    }

    /// A name about to be taken whose previous owner's leave is still gathered: announce that leave now, or it
    /// would go out after the newcomer's name and take it off every list.
    func announceLeaveFirst(of name: String, effects: inout [ServerEffect]) {
        if self.pendingLeaves.contains(name) { self.flushAnnouncements(effects: &effects) }
    }

    /// `id`'s name went out (in a private message): its leave is to be announced by name.
    func markListed(_ id: MemberID) {
        if self.members[id] != nil { self.members[id] = true }
    }

    /// `id` said something everyone sees: its name is out, and it is among those who spoke lately.
    func markSpoke(_ id: MemberID, name: String) {
        self.members[id] = true
        self.recent.touch(name)
    }

    /// After a leave: a big room down to half of `rosterLimit` becomes small again, and everyone gets the whole roster
    /// (a `users` frame) so that every list is complete.
    func shrinkIfSmall(effects: inout [ServerEffect]) {
        guard self.isLarge, self.roster.count <= self.configuration.rosterLimit / 2 else { return }
        self.flushAnnouncements(effects: &effects)
        self.isLarge = false
        for id in Array(self.members.keys) { self.members[id] = true }
        let names = self.roster.names
        let roster = RoomRoster(
            room: self.ref, names: names, online: names.count, spokeLately: nil, history: nil, occasion: .shrunk)
        effects.append(.broadcast(.roster(roster), room: self.id, except: nil))
    }
}
