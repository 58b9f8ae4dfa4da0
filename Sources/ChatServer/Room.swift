import ChatProtocol

/// The chat room's state and rules: members, names, history, rate limits. Pure: no sockets, no clocks.
///
/// Every input returns the effects (frames to send, connections to close) through an `inout` buffer that the
/// caller reuses, so a broadcast costs one frame however many members receive it. Owned by one event loop.
public final class Room {
    /// One connection as the room sees it.
    struct Member {
        /// nil until the member has joined (a JSON client before its hello).
        var name: String?
        var bucket: TokenBucket?
        /// Lines dropped by the flood limit draw on this: a connection that empties it too is cut off (excess flood).
        var excess: TokenBucket?
        /// Whether a line came yet: a JSON client's first (the handshake) does not count against the flood limit.
        var heard = false
        /// Set once a flood error was sent, so a flood gets one error, not one per dropped line; cleared when the
        /// bucket is full again.
        var floodWarned = false
        /// Whether every member may know this name (it was announced, or it spoke): its leave is then announced by
        /// name. In a big room newcomers are not listed until they speak. See `Room+Presence`.
        var listed = false
    }

    let configuration: RoomConfiguration
    var members: [MemberID: Member] = [:]
    /// Joined members by name key.
    var byName: [String: MemberID] = [:]
    var roster = Roster()
    var history: HistoryRing<Frame>
    /// The last message id handed out.
    var lastID: UInt64 = 0
    var guestCounter = 0
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

    public init(configuration: RoomConfiguration) {
        self.configuration = configuration
        self.history = HistoryRing(capacity: configuration.historyLimit)
        self.recent = RecentNames(capacity: configuration.activeNamesListed)
    }

    /// How many members have joined (have a name).
    public var onlineCount: Int { self.roster.count }

    /// The sorted names of everyone online.
    public var names: [String] { self.roster.names }

    /// The current name of a member, if it has joined.
    public func name(of id: MemberID) -> String? { self.members[id]?.name }

    // MARK: - Connections

    /// A connection whose kind is known. Text clients join at once as a guest; JSON clients wait for hello.
    public func connect(_ id: MemberID, kind: ClientKind, at time: RoomTime, effects: inout [RoomEffect]) {
        var member = Member()
        if let limit = self.configuration.floodLimit {
            member.bucket = TokenBucket(limit: limit, now: time.monotonicNanoseconds)
            member.excess = TokenBucket(limit: Self.excessLimit(for: limit), now: time.monotonicNanoseconds)
        }
        self.members[id] = member
        if kind == .text {
            self.join(id, wanted: nil, at: time, effects: &effects)
        }
    }

    /// The connection is gone (closed, timed out, too slow, ...): tell the others if it had joined.
    public func disconnect(_ id: MemberID, reason: LeaveReason, at time: RoomTime, effects: inout [RoomEffect]) {
        guard let member = self.members.removeValue(forKey: id) else { return }
        guard let name = member.name else { return }
        self.byName[NameRules.key(name)] = nil
        self.roster.remove(name)
        self.recent.remove(name)
        if !member.listed {
            self.pendingUnlistedLeaves += 1
        } else if let pending = self.pendingJoins.firstIndex(of: name) {
            // Its join was never announced, but newcomers since have it in their welcome roster: announce the leave
            // (clients that never heard of it ignore the name).
            self.pendingJoins.remove(at: pending)
            self.pendingLeaves.append(name)
        } else if self.batchesAnnouncements {
            self.pendingLeaves.append(name)
        } else {
            self.flushAnnouncements(at: time, effects: &effects)
            let leave = Message(
                type: .leave, dataSource: name, data: reason.description, ts: self.ts(time), online: self.roster.count)
            effects.append(.broadcast(Frame(leave), except: id))
        }
        self.shrinkIfSmall(at: time, effects: &effects)
    }

    /// The server is stopping: one notice to everyone. The shell closes the connections.
    public func shutdown(at time: RoomTime, effects: inout [RoomEffect]) {
        let notice = Message(
            type: .system, dataSource: Message.serverSource,
            data: "server shutting down; goodbye", ts: self.ts(time))
        effects.append(.broadcast(Frame(notice), except: nil))
        for id in self.members.keys where self.members[id]?.name == nil {
            effects.append(.send(Frame(notice), to: id))
        }
    }

    // MARK: - Input

    /// Counts one line from a member against its flood limit, before anything else is done with it: invalid lines,
    /// blank ones and over-long ones count too, so a flood costs the server a counter, not a parse and an answer.
    /// A JSON client's first line (the handshake) is free. A connection that goes on far beyond its limit (more than
    /// `excessFactor` times its burst dropped within a second) is disconnected with "excess flood", as IRC servers do.
    /// - Returns: whether the line may be handled; a dropped one gets nothing (a flood gets one error).
    /// - Parameter mayBeHandshake: the connection was taken for a text client only because it was silent, so its first
    ///   line may yet be a JSON client's hello (free, as for any JSON client).
    public func admitLine(
        from id: MemberID, mayBeHandshake: Bool = false, at time: RoomTime, effects: inout [RoomEffect]
    ) -> Bool {
        guard var member = self.members[id] else { return false }
        if (member.name == nil || mayBeHandshake) && !member.heard {
            self.members[id]?.heard = true
            return true
        }
        guard var bucket = member.bucket, let limit = self.configuration.floodLimit else { return true }
        // One flood, one error: the warning is spent until the sender has calmed down for a whole burst's refill,
        // so a steady sender just over the rate is told once, not at every line it loses.
        if bucket.isFull(now: time.monotonicNanoseconds) { member.floodWarned = false }
        let allowed = bucket.take(now: time.monotonicNanoseconds)
        member.bucket = bucket
        let warn = !allowed && !member.floodWarned
        if !allowed { member.floodWarned = true }
        var excessive = false
        if !allowed, var excess = member.excess {
            excessive = !excess.take(now: time.monotonicNanoseconds)
            member.excess = excess
        }
        self.members[id] = member
        if excessive {
            self.error("excess flood: disconnected", to: id, at: time, effects: &effects)
            effects.append(.close(id, .excessFlood))
            self.disconnect(id, reason: .excessFlood, at: time, effects: &effects)
        } else if warn {
            let text =
                "flood limit: at most \(limit.burst) lines at once, then \(limit.perSecond.plainText) per second; "
                + "lines over it are dropped"
            self.error(text, to: id, at: time, effects: &effects)
        }
        return allowed
    }

    /// The server's loop was held up for `seconds` (the process stopped, or starved) until `time`: what clients sent
    /// meanwhile arrives all at once, and must not count as a flood. Every member's allowance is full again, plus what
    /// its rate allowed during the stall.
    public func forgiveStall(seconds: Double, at time: RoomTime) {
        for id in Array(self.members.keys) {
            self.members[id]?.bucket?.credit(seconds: seconds, now: time.monotonicNanoseconds)
            self.members[id]?.excess?.credit(seconds: seconds, now: time.monotonicNanoseconds)
            self.members[id]?.floodWarned = false
        }
    }

    /// How many times its burst a connection may send beyond its limit within a second before it is cut off.
    public static let excessFactor = 10

    /// The allowance for lines dropped by `limit`: `excessFactor` bursts at once, refilled at as many per second.
    static func excessLimit(for limit: FloodLimit) -> FloodLimit {
        let lines = limit.burst * self.excessFactor
        return FloodLimit(burst: lines, perSecond: Double(lines))
    }

    /// A decoded JSON frame from a member (already admitted by `admitLine`).
    public func receive(_ message: Message, from id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        guard let member = self.members[id] else { return }
        guard message.type.isClientType else {
            self.error(ProtocolError.serverOnlyType(message.type).description, to: id, at: time, effects: &effects)
            return
        }
        if member.name == nil {
            if message.type == .hello {
                self.join(id, wanted: message.data, at: time, effects: &effects)
                return
            }
            // A JSON client that skipped hello is welcomed as a guest, and its frame handled as usual.
            self.join(id, wanted: nil, at: time, effects: &effects)
        }
        switch message.type {
        case .hello:
            let current = self.members[id]?.name ?? ""
            self.error(
                "you have already joined as \(current); use /nick NAME to rename", to: id, at: time, effects: &effects)
        case .ping:
            // Cleaned like any text: the client may print it.
            let pong = Message(
                type: .pong, dataSource: Message.serverSource, data: TextSanitizer.clean(message.data),
                ts: self.ts(time))
            effects.append(.send(Frame(pong), to: id))
        case .me:
            self.run(.me(message.data), from: id, at: time, effects: &effects)
        case .private:
            guard let to = message.to, !to.isEmpty else {
                self.error(
                    "a 'private' frame needs a 'to' field naming the addressee", to: id, at: time, effects: &effects)
                return
            }
            self.run(.msg(to: to, text: message.data), from: id, at: time, effects: &effects)
        default:
            if TextSanitizer.isBlank(message.data) {
                self.error("empty message; nothing sent", to: id, at: time, effects: &effects)
            } else {
                // The seeds' bare spellings (quit, who) are commands for text clients only: in a JSON client
                // (`swchat join`) they are words someone typed, and /quit, /who are the commands.
                self.run(CommandParser.parse(message.data, seedSpellings: false), from: id, at: time, effects: &effects)
            }
        }
    }

    /// One line from a text client (already valid UTF-8, already admitted by `admitLine`).
    public func receiveText(_ line: String, from id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        // Blank lines (Enter pressed on an empty line) are ignored.
        guard self.members[id] != nil, !TextSanitizer.isBlank(line) else { return }
        self.run(CommandParser.parse(line, seedSpellings: true), from: id, at: time, effects: &effects)
    }

    /// A frame that could not be decoded: the sender gets an error, the connection carries on.
    public func reject(_ problem: ProtocolError, from id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        guard self.members[id] != nil else { return }
        self.error(problem.description, to: id, at: time, effects: &effects)
    }

    // MARK: - Helpers used by the command handlers

    func error(_ text: String, to id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        let message = Message(type: .error, dataSource: Message.serverSource, data: text, ts: self.ts(time))
        effects.append(.send(Frame(message), to: id))
    }

    func system(_ text: String, to id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        let message = Message(type: .system, dataSource: Message.serverSource, data: text, ts: self.ts(time))
        effects.append(.send(Frame(message), to: id))
    }

    func ts(_ time: RoomTime) -> String {
        Timestamp.format(millisecondsSince1970: time.wallMilliseconds)
    }

    func nextID() -> UInt64 {
        self.lastID += 1
        return self.lastID
    }
}

@available(*, unavailable)
extension Room: Sendable {}
