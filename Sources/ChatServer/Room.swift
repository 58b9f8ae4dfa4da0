import ChatProtocol

/// One room's state and rules: who is in it, who knows whose name, its topic and its recent history. Pure: no
/// sockets, no clocks, no names to hand out (names belong to the server: `ChatCore`).
///
/// Every change appends effects to a buffer the caller reuses. Owned by one event loop.
final class Room {
    let ref: RoomRef
    let key: String
    let configuration: RoomConfiguration
    /// Members, and whether each is *listed*: its name went to everyone (announced while the room was small, or it
    /// spoke), so its leave is announced by name. See `Room+Presence`.
    var members: [MemberID: Bool] = [:]
    var roster = Roster()
    /// The last messages, replayed to each newcomer.
    var history: RoomHistory
    var topic: Topic?
    /// Joins and leaves waiting to be announced together (big rooms only), oldest first.
    var pendingJoins: [String] = []
    var pendingLeaves: [String] = []
    /// Joins and leaves of members nobody was told the name of (big rooms): announced as counts.
    var pendingUnlistedJoins = 0
    var pendingUnlistedLeaves = 0
    /// Whether the room is big: more than `rosterLimit` members joined since it was last down to half of it.
    var isLarge = false
    /// Who spoke lately: a big room's welcome and `/who` list these.
    var recent: RecentNames
    /// The seq of its newest message, here or in the store (0: none yet).
    var lastSeq: UInt64

    init(
        ref: RoomRef, key: String, configuration: RoomConfiguration, history: RoomHistory? = nil, lastSeq: UInt64 = 0
    ) {
        self.ref = ref
        self.lastSeq = max(lastSeq, history?.elements.last?.seq ?? 0)
        self.key = key
        self.configuration = configuration
        self.history = history ?? Self.emptyHistory(configuration)
        self.recent = RecentNames(capacity: configuration.activeNamesListed)
    }

    var id: RoomID { self.ref.id }

    /// A room's history as the configuration bounds it.
    static func emptyHistory(_ configuration: RoomConfiguration) -> RoomHistory {
        RoomHistory(capacity: configuration.historyLimit, byteLimit: configuration.historyBytes)
    }

    /// How many members are in the room.
    var onlineCount: Int { self.roster.count }

    /// The sorted names of everyone in the room.
    var names: [String] { self.roster.names }

    var isEmpty: Bool { self.members.isEmpty }

    func contains(_ id: MemberID) -> Bool { self.members[id] != nil }

    /// Adds a member: it receives the room's broadcasts from now on, gets the roster, the topic and the history,
    /// and the others are told.
    /// - Parameter greeting: what the joiner gets first, made from the roster that has it: the plain roster by
    ///   default, or (for the first room of a newcomer) its welcome.
    /// - Parameter replay: what history the joiner gets (`ChatCore.replayPlan`).
    func add(
        _ id: MemberID, name: String, greeting: (RoomRoster) -> Notice = { .roster($0) }, replay: ReplayPlan,
        effects: inout [ServerEffect]
    ) {
        guard self.members[id] == nil else { return }
        self.announceLeaveFirst(of: name, effects: &effects)
        self.roster.insert(name)
        let listed = self.admitToPresence()
        self.members[id] = listed
        effects.append(.entered(id, room: self.id))
        self.greet(id, name: name, greeting: greeting, replay: replay, effects: &effects)
        effects.append(.publish(.joined(self.ref, name: name)))
        if !listed {
            self.pendingUnlistedJoins += 1
            return
        }
        if self.batchesAnnouncements {
            self.pendingJoins.append(name)
            return
        }
        self.flushAnnouncements(effects: &effects)
        effects.append(.broadcast(.joined(self.ref, name: name, online: self.roster.count), room: self.id, except: id))
    }

    /// What a member is told of the room on joining it: its roster (as `greeting` makes it: `history` says how many
    /// replayed messages follow, when they come from memory), its topic if any, then its history as `replay` plans.
    func greet(
        _ id: MemberID, name: String, greeting: (RoomRoster) -> Notice, replay: ReplayPlan,
        effects: inout [ServerEffect]
    ) {
        var roster = self.roster(for: name, occasion: .joined)
        roster.seq = self.lastSeq
        if case .memory(_, let count) = replay { roster.history = count }
        effects.append(.send(greeting(roster), to: id))
        if let topic = self.topic { effects.append(.send(.topic(self.ref, topic, changed: false), to: id)) }
        switch replay {
        case .memory(let notices, _):
            for notice in notices { effects.append(.send(notice, to: id)) }
        case .fetch(let fetch):
            effects.append(.fetch(fetch))
        }
    }

    /// Memory holds every message of the room from this seq on (the newest first dropped when over its bounds).
    var coveredFrom: UInt64 { self.history.elements.first?.seq ?? (self.lastSeq + 1) }

    /// Removes a member, telling the others (by name if it is listed, else as a count).
    func remove(_ id: MemberID, name: String, reason: LeaveReason, effects: inout [ServerEffect]) {
        guard let listed = self.members.removeValue(forKey: id) else { return }
        effects.append(.exited(id, room: self.id))
        effects.append(.publish(.left(self.ref, name: name, reason: reason)))
        self.roster.remove(name)
        self.recent.remove(name)
        if !listed {
            self.pendingUnlistedLeaves += 1
        } else if let pending = self.pendingJoins.firstIndex(of: name) {
            // Its join was never announced, but newcomers since have it in their welcome roster: announce the leave
            // (clients that never heard of it ignore the name).
            self.pendingJoins.remove(at: pending)
            self.pendingLeaves.append(name)
        } else if self.batchesAnnouncements {
            self.pendingLeaves.append(name)
        } else {
            self.flushAnnouncements(effects: &effects)
            effects.append(
                .broadcast(
                    .left(self.ref, name: name, reason: reason, online: self.roster.count), room: self.id, except: id))
        }
        self.shrinkIfSmall(effects: &effects)
    }

    /// A member of this room is now called `new`: everyone in it is told, the renamed member included (its echo
    /// is the confirmation).
    /// - Parameter except: a member not to tell (a connection whose welcome tells it instead).
    func rename(
        _ id: MemberID, from old: String, to new: String, except: MemberID? = nil, effects: inout [ServerEffect]
    ) {
        guard self.members[id] != nil else { return }
        self.announceLeaveFirst(of: new, effects: &effects)
        self.roster.remove(old)
        self.roster.insert(new)
        self.members[id] = true
        self.recent.rename(old, to: new)
        // Gathered joins and leaves first, so that nobody hears of a rename of someone they were not yet told about.
        self.flushAnnouncements(effects: &effects)
        effects.append(.broadcast(.renamed(self.ref, from: old, to: new), room: self.id, except: except))
    }

    /// A stored message said here: to everyone in the room (the sender's copy is its receipt), and into history.
    func deliver(_ stored: StoredMessage, effects: inout [ServerEffect]) {
        if self.members[stored.post.sender] != nil { self.markSpoke(stored.post.sender, name: stored.post.senderName) }
        self.history.append(stored)
        self.lastSeq = max(self.lastSeq, stored.seq)
        effects.append(.broadcast(.message(stored, replay: false), room: self.id, except: nil))
    }

    /// Sets or clears the topic; everyone in the room is told.
    func setTopic(_ topic: Topic?, effects: inout [ServerEffect]) {
        self.topic = topic
        effects.append(.broadcast(.topic(self.ref, topic, changed: true), room: self.id, except: nil))
        effects.append(.publish(.topicChanged(self.ref, topic)))
    }

    /// The roster as `name` may be told it.
    /// - Parameter name: the member told, listed in a big room's roster too; nil for someone not in the room.
    func roster(for name: String?, occasion: RosterOccasion) -> RoomRoster {
        let names = self.presenceList(for: name)
        // In a big room the list has the asker too (for its client's list), but the text says who spoke.
        let spoke = self.isLarge ? names.filter { $0 != name || self.recent.names.contains($0) } : nil
        return RoomRoster(
            room: self.ref, names: names, online: self.roster.count, spokeLately: spoke,
            history: nil, occasion: occasion)
    }
}

@available(*, unavailable)
extension Room: Sendable {}
