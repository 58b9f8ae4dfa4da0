import ChatProtocol

/// What operators may do to others: make operators, kick, ban, mute, lock topics. Everything here is refused with an
/// error to anyone else, and logged (`ServerEffect.audit`) with who did it.
extension ChatCore {
    func moderate(
        _ command: ChatCommand, from id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard self.isOperator(id) else {
            effects.append(.send(.error("only operators may do that (/\(command.verb))"), to: id))
            effects.append(.audit("refused /\(command.verb) from \(name): not an operator"))
            return
        }
        let now = time.wallMilliseconds
        switch command {
        case .op(let target), .deop(let target):
            let making = if case .op = command { true } else { false }
            self.setOperator(target, making, by: name, from: id, effects: &effects)
        case .kick(let target, let reason):
            guard let (victim, victimName) = self.online(target, from: id, verb: "kick", effects: &effects) else {
                return
            }
            let why = "kicked by \(name)" + (reason.map(Self.cleanReason).map { ": \($0)" } ?? "")
            self.remove(victim, name: victimName, why: why, final: false, at: time, effects: &effects)
            effects.append(.audit("\(name) kicked \(victimName)\(reason.map { ": \(Self.cleanReason($0))" } ?? "")"))
        case .ban(let target, let milliseconds, let reason):
            self.restrict(
                .ban, target, milliseconds: milliseconds, reason: reason, by: name, from: id, at: time,
                effects: &effects)
        case .mute(let target, let milliseconds, let reason):
            self.restrict(
                .mute, target, milliseconds: milliseconds, reason: reason, by: name, from: id, at: time,
                effects: &effects)
        case .unban(let target):
            self.lift([.ban], target, by: name, from: id, now: now, effects: &effects)
        case .unmute(let target):
            self.lift([.mute], target, by: name, from: id, now: now, effects: &effects)
        case .bans:
            let listed = self.moderation.list([.ban, .mute], now: now)
            let lines = listed.map { "  " + Self.summary($0) }
            effects.append(
                .send(
                    .system(lines.isEmpty ? "no bans or mutes" : (["Bans and mutes:"] + lines).joined(separator: "\n")),
                    to: id))
        default:
            break
        }
    }

    /// `/topic -lock` and `/topic -unlock`: only operators may change a locked topic. - Returns: whether `text`
    /// was one of them (handled here).
    func lockTopic(
        _ text: String, in room: Room, from id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect]
    ) -> Bool {
        guard text == "-lock" || text == "-unlock" else { return false }
        guard self.isOperator(id) else {
            effects.append(.send(.error("only operators may lock or unlock a topic", room: room.ref), to: id))
            effects.append(.audit("refused /topic \(text) in #\(room.ref.name) from \(name): not an operator"))
            return true
        }
        let existing = self.moderation.topicLock(room: room.key)
        if text == "-lock" {
            guard existing == nil else {
                effects.append(
                    .send(.system("the topic of #\(room.ref.name) is already locked", room: room.ref), to: id))
                return true
            }
            let lock = Restriction(
                id: self.moderation.nextID(), kind: .topicLock, room: room.key, name: room.ref.name, by: name,
                createdMilliseconds: time.wallMilliseconds)
            self.moderation.add(lock)
            effects.append(.keep(.restriction(lock)))
        } else {
            guard let existing, self.moderation.remove(existing.id) != nil else {
                effects.append(.send(.system("the topic of #\(room.ref.name) is not locked", room: room.ref), to: id))
                return true
            }
            effects.append(.discard(.restriction, key: String(existing.id)))
        }
        let verb = text == "-lock" ? "locked" : "unlocked"
        effects.append(
            .broadcast(
                .system("\(name) \(verb) the topic of #\(room.ref.name)", room: room.ref), room: room.id, except: nil))
        effects.append(.audit("\(name) \(verb) the topic of #\(room.ref.name)"))
        return true
    }

    /// Whether a locked topic keeps `id` from changing it (told so).
    func topicLocked(_ room: Room, for id: MemberID, effects: inout [ServerEffect]) -> Bool {
        guard self.moderation.topicLock(room: room.key) != nil, !self.isOperator(id) else { return false }
        effects.append(
            .send(.error("the topic of #\(room.ref.name) is locked by the operators", room: room.ref), to: id))
        return true
    }

    /// Forgets the bans and mutes that ran out (with the sessions' expiry sweep).
    func expireRestrictions(at time: RoomTime, effects: inout [ServerEffect]) {
        for id in self.moderation.expired(now: time.wallMilliseconds) where self.moderation.remove(id) != nil {
            effects.append(.discard(.restriction, key: String(id)))
        }
    }

    // MARK: - Parts

    private func setOperator(
        _ target: String, _ making: Bool, by name: String, from id: MemberID, effects: inout [ServerEffect]
    ) {
        let key = NameRules.key(target)
        guard var account = self.moderation.account(key) else {
            effects.append(.send(.error("\(Self.cleanName(target)) is not a registered account"), to: id))
            return
        }
        if !making, self.configuration.accounts.operators.contains(key) {
            effects.append(.send(.error("\(account.name) is an operator by the server's --op: it stays one"), to: id))
            return
        }
        guard account.isOperator != making else {
            effects.append(.send(.system("\(account.name) is \(making ? "already" : "not") an operator"), to: id))
            return
        }
        account.isOperator = making
        self.moderation.put(account)
        effects.append(.keep(.account(account)))
        let said =
            making
            ? "\(account.name) is now an operator (by \(name))"
            : "\(account.name) is no longer an operator (by \(name))"
        effects.append(.send(.system(said), to: id))
        for (other, session) in self.sessions where other != id && session.account == key {
            effects.append(.send(.system(said), to: other))
        }
        effects.append(.audit(said))
    }

    /// A ban or mute on a name online (their address and account together), `ip=ADDR` or `account=NAME`.
    private func restrict(
        _ kind: Restriction.Kind, _ target: String, milliseconds: Int64?, reason: String?, by name: String,
        from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        let now = time.wallMilliseconds
        let verb = kind == .ban ? "ban" : "mute"
        let past = kind == .ban ? "banned" : "muted"
        var restriction = Restriction(
            id: 0, kind: kind, reason: reason.map(Self.cleanReason), by: name, createdMilliseconds: now,
            expiresMilliseconds: milliseconds.map { now + $0 })
        var notes: [String] = []
        if let address = Self.value(target, "ip=") {
            guard Self.isAddress(address) else {
                effects.append(.send(.error("\(Self.cleanName(address)) is not an IP address"), to: id))
                return
            }
            if self.configuration.accounts.trustLoopback, ConnectionThrottle.isLoopback(address) {
                effects.append(
                    .send(
                        .error(
                            "this machine's address is trusted (--trust-loopback): it is never \(past); "
                                + "\(verb) the account instead"), to: id))
                return
            }
            restriction.address = ConnectionThrottle.key(address)
            restriction.name = restriction.address
        } else if let account = Self.value(target, "account=") {
            guard let record = self.moderation.account(NameRules.key(account)) else {
                effects.append(.send(.error("\(Self.cleanName(account)) is not a registered account"), to: id))
                return
            }
            restriction.account = record.key
            restriction.name = record.name
        } else if let member = self.byName[NameRules.key(target)], let session = self.sessions[member] {
            if member == id {
                effects.append(.send(.error("you cannot \(verb) yourself"), to: id))
                return
            }
            restriction.account = session.account
            restriction.name = session.name
            if let address = session.origin.address {
                if session.origin.isLoopback && self.configuration.accounts.trustLoopback {
                    notes.append("this machine's address is trusted (--trust-loopback), so it is not \(past)")
                } else {
                    restriction.address = ConnectionThrottle.key(address)
                }
            }
        } else if let record = self.moderation.account(NameRules.key(target)) {
            restriction.account = record.key
            restriction.name = record.name
        } else {
            effects.append(.send(.error("no such user or account: \(Self.cleanName(target))"), to: id))
            return
        }
        guard restriction.address != nil || restriction.account != nil else {
            effects.append(
                .send(.error("\(restriction.name ?? "that user") has no address or account to \(verb)"), to: id))
            return
        }
        if let account = restriction.account, self.isOperator(account: account) {
            effects.append(.send(.error("\(restriction.name ?? account) is an operator: /deop first"), to: id))
            return
        }
        restriction.id = self.moderation.nextID()
        self.moderation.add(restriction)
        effects.append(.keep(.restriction(restriction)))
        let what = Self.summary(restriction)
        effects.append(
            .send(.system(([(kind == .ban ? "banned: " : "muted: ") + what] + notes).joined(separator: "; ")), to: id))
        effects.append(.audit("\(name) \(past) \(what)"))
        // Everyone it covers now: banned ones leave, muted ones are told. Operators stay (an address is shared).
        for (member, session) in self.sessions where member != id {
            guard let memberName = session.name, !self.isOperator(member),
                restriction.covers(address: session.origin.address, account: session.account)
            else { continue }
            let by = "\(past) by \(name)" + (restriction.reason.map { ": \($0)" } ?? "")
            if kind == .ban {
                self.remove(member, name: memberName, why: by, final: true, at: time, effects: &effects)
            } else {
                effects.append(
                    .send(.error("you are muted\(Self.describe(restriction)): you can read, not speak"), to: member))
                for roomID in session.rooms {
                    guard let room = self.rooms[roomID] else { continue }
                    effects.append(
                        .broadcast(.system("\(memberName) was \(by)", room: room.ref), room: room.id, except: member))
                }
            }
        }
    }

    /// Lifts the bans (or mutes) that `target` names: an id, `ip=ADDR`, `account=NAME`, or a name they were set on.
    private func lift(
        _ kinds: Set<Restriction.Kind>, _ target: String, by name: String, from id: MemberID, now: Int64,
        effects: inout [ServerEffect]
    ) {
        let verb = kinds.contains(.ban) ? "unban" : "unmute"
        let address = Self.value(target, "ip=").map(ConnectionThrottle.key)
        let account = Self.value(target, "account=").map(NameRules.key)
        let number = UInt64(target)
        let key = NameRules.key(target)
        let online = self.byName[key].flatMap { self.sessions[$0] }
        let matching = self.moderation.list(kinds, now: now).filter { restriction in
            if let number { return restriction.id == number }
            if let address { return restriction.address == address }
            if let account { return restriction.account == account }
            if restriction.name.map(NameRules.key) == key || restriction.account == key { return true }
            if let online { return restriction.covers(address: online.origin.address, account: online.account) }
            return false
        }
        guard !matching.isEmpty else {
            effects.append(.send(.error("nothing to \(verb) for \(Self.cleanName(target)) (see /bans)"), to: id))
            return
        }
        for restriction in matching where self.moderation.remove(restriction.id) != nil {
            effects.append(.discard(.restriction, key: String(restriction.id)))
            effects.append(.send(.system("lifted: \(Self.summary(restriction))"), to: id))
            effects.append(.audit("\(name) lifted \(Self.summary(restriction))"))
        }
    }

    /// The member `target` names, online; else an error to `id`.
    private func online(
        _ target: String, from id: MemberID, verb: String, effects: inout [ServerEffect]
    ) -> (MemberID, String)? {
        guard let member = self.byName[NameRules.key(target)], let name = self.sessions[member]?.name else {
            effects.append(.send(.error("no such user: \(Self.cleanName(target))"), to: id))
            return nil
        }
        if member == id {
            effects.append(.send(.error("you cannot \(verb) yourself"), to: id))
            return nil
        }
        // As for bans: operators do not remove each other (one who went rogue is /deop'ed first, by an --op one).
        if self.isOperator(member) {
            effects.append(.send(.error("\(name) is an operator: /deop first"), to: id))
            return nil
        }
        return (member, name)
    }

    /// Takes a member off the server: each of its rooms is told why ("alice was kicked by bob: spam"), it is told,
    /// and its session is forgotten (its client's reconnect comes back as a newcomer, not as it); `final`: told
    /// not to reconnect at all (a ban).
    private func remove(
        _ member: MemberID, name: String, why: String, final: Bool, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[member] else { return }
        for roomID in session.rooms {
            guard let room = self.rooms[roomID] else { continue }
            effects.append(.broadcast(.system("\(name) was \(why)", room: room.ref), room: room.id, except: member))
        }
        effects.append(.send(final ? .refusal("you were \(why)") : .error("you were \(why)"), to: member))
        if let number = session.sessionNumber {
            self.sessionBook.forget(number)
            self.holders[number] = nil
            session.sessionNumber = nil
            effects.append(.forgetSession(number))
        }
        effects.append(.close(member, .removed(why)))
        self.disconnect(member, reason: .removed(why), at: time, effects: &effects)
    }

    /// "7: 192.0.2.1 and account spammer (spammer), until …, by alice: spam"
    static func summary(_ restriction: Restriction) -> String {
        var targets: [String] = []
        if let address = restriction.address { targets.append(address) }
        if let account = restriction.account { targets.append("account \(account)") }
        var text =
            "\(restriction.id) \(restriction.kind == .mute ? "mute" : "ban"): " + targets.joined(separator: " and ")
        if let name = restriction.name, name != restriction.address, NameRules.key(name) != restriction.account {
            text += " (\(name))"
        }
        return text + Self.describe(restriction)
    }

    private static func value(_ target: String, _ prefix: String) -> String? {
        guard target.lowercased().hasPrefix(prefix) else { return nil }
        let value = String(target.dropFirst(prefix.count))
        return value.isEmpty ? nil : value
    }

    private static func isAddress(_ text: String) -> Bool {
        text.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } && (text.contains(".") || text.contains(":"))
    }

    static func cleanReason(_ text: String) -> String {
        String(TextSanitizer.clean(text).trimmingSpaces.prefix(200))
    }

    static func cleanName(_ text: String) -> String {
        TextSanitizer.clean(String(text.prefix(64)))
    }
}

extension ChatCommand {
    /// The command's name, for errors and the log.
    var verb: String {
        switch self {
        case .op: "op"
        case .deop: "deop"
        case .kick: "kick"
        case .ban: "ban"
        case .unban: "unban"
        case .bans: "bans"
        case .mute: "mute"
        case .unmute: "unmute"
        default: "command"
        }
    }
}
