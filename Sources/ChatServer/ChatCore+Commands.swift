import ChatProtocol

extension ChatCore {
    /// Carries out one command for a joined member.
    /// - Parameter requested: the room its frame names, if any (JSON clients).
    func run(
        _ command: ChatCommand, from id: MemberID, room requested: String?, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        guard let name = self.sessions[id]?.name else { return }
        // A frame naming a room its sender is not in is an error, whatever it asks for: nothing else happens.
        // Resolved once here; commands about a room use it, or the member's current room.
        var named: Room?
        if let requested {
            guard let room = self.context(for: id, named: requested, effects: &effects) else { return }
            named = room
        }
        if command.speaks, let refusal = self.silenced(id, command, at: time) {
            effects.append(.send(.error(refusal), to: id))
            return
        }
        switch command {
        case .say(let text):
            guard let room = named ?? self.context(for: id, named: nil, effects: &effects) else { return }
            self.post(.chat, text: text, from: id, name: name, in: room, at: time, effects: &effects)
        case .me(let text):
            guard let room = named ?? self.context(for: id, named: nil, effects: &effects) else { return }
            self.post(.action, text: text, from: id, name: name, in: room, at: time, effects: &effects)
        case .who(let typed?):
            self.who(typed, from: id, name: name, effects: &effects)
        case .who(nil):
            guard let room = named ?? self.context(for: id, named: nil, effects: &effects) else { return }
            effects.append(.send(.roster(room.roster(for: name, occasion: .asked)), to: id))
        case .nick(let wanted):
            self.rename(id, to: wanted, effects: &effects)
        case .msg(let to, let text):
            self.whisper(text, to: to, from: id, name: name, at: time, effects: &effects)
        case .join(let room):
            self.joinRoom(room, from: id, name: name, effects: &effects)
        case .part(let arguments):
            let muted = self.isMuted(id, at: time)
            self.part(arguments, from: id, name: name, in: named, withReason: !muted, effects: &effects)
        case .topic(let text):
            guard let room = named ?? self.context(for: id, named: nil, effects: &effects) else { return }
            self.topic(text, from: id, name: name, in: room, at: time, effects: &effects)
        case .rooms:
            effects.append(.send(.roomList(self.roomList(), total: self.rooms.count), to: id))
        case .quit(let reason):
            // The room reads a quit reason: the muted leave without one.
            let said = self.isMuted(id, at: time) ? nil : reason
            let reason = said.map(TextSanitizer.clean).flatMap { TextSanitizer.isBlank($0) ? nil : $0 }
            effects.append(.send(.system("goodbye, \(name)"), to: id))
            effects.append(.close(id, .quit(reason)))
            self.disconnect(id, reason: .quit(reason), at: time, effects: &effects)
        case .help:
            effects.append(.send(.system(CommandSpec.helpText), to: id))
        case .register(let password):
            self.register(password, from: id, name: name, at: time, effects: &effects)
        case .login(let wanted, let password):
            self.login(wanted, password: password, from: id, at: time, effects: &effects)
        case .logout:
            self.logout(from: id, name: name, at: time, effects: &effects)
        case .passwd(let old, let new):
            self.passwd(old: old, new: new, from: id, at: time, effects: &effects)
        case .unregister(let password):
            self.unregister(password, from: id, at: time, effects: &effects)
        case .op, .deop, .kick, .ban, .unban, .bans, .mute, .unmute:
            self.moderate(command, from: id, name: name, at: time, effects: &effects)
        case .unknown(let command):
            let shown = TextSanitizer.clean(String(command.prefix(32)))
            effects.append(
                .send(.error("unknown command /\(shown); type /help for the list (//text sends /text)"), to: id))
        case .usage(let usage):
            effects.append(.send(.error("usage: \(usage)"), to: id))
        }
    }

    /// A chat line or action for a room: cleaned, then handed to the store (it reaches the room from `deliver`).
    private func post(
        _ kind: Post.Kind, text: String, from id: MemberID, name: String, in room: Room, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        let text = TextSanitizer.clean(text)
        guard !TextSanitizer.isBlank(text) else {
            // Nothing left to show (only controls, or only invisible characters): said, so that no frame goes unanswered.
            effects.append(.send(.error("empty message; nothing sent"), to: id))
            return
        }
        effects.append(
            .post(
                Post(
                    kind: kind, destination: .room(room.ref), sender: id, senderName: name,
                    senderSession: self.sessions[id]?.sessionNumber ?? 0, text: text,
                    wallMilliseconds: time.wallMilliseconds)))
    }

    /// A private message: to the addressee and back to the sender, whatever rooms they share.
    private func whisper(
        _ text: String, to: String, from id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        let text = TextSanitizer.clean(text)
        guard !TextSanitizer.isBlank(text) else {
            effects.append(.send(.error("usage: /msg NAME TEXT"), to: id))
            return
        }
        guard let target = self.byName[NameRules.key(to)], let targetName = self.sessions[target]?.name else {
            if let account = self.moderation.account(NameRules.key(to)) {
                self.mail(text, to: account, from: id, name: name, at: time, effects: &effects)
                return
            }
            effects.append(.send(.error("no such user: \(TextSanitizer.clean(String(to.prefix(64))))"), to: id))
            return
        }
        // The addressee learns the sender's name: in a big room they share, its leave must be announced by name.
        for roomID in self.sessions[id]?.rooms ?? [] {
            self.rooms[roomID]?.markListed(id)
        }
        effects.append(
            .post(
                Post(
                    kind: .whisper,
                    destination: .person(
                        target, name: targetName, session: self.sessions[target]?.sessionNumber ?? 0),
                    sender: id, senderName: name, senderSession: self.sessions[id]?.sessionNumber ?? 0,
                    text: text, wallMilliseconds: time.wallMilliseconds)))
    }
}

extension ChatCore {
    /// Why the member may not do this now (muted, or a guest where accounts are required), or nil.
    func silenced(_ id: MemberID, _ command: ChatCommand, at time: RoomTime) -> String? {
        guard let session = self.sessions[id] else { return nil }
        if self.configuration.accounts.requireAccount, session.account == nil {
            if case .join(let room) = command,
                RoomNameRules.key(RoomNameRules.bare(room)) == self.defaultKey
            {
                return nil
            }
            return "only logged-in users may speak or join rooms here: /register PASSWORD makes your name an "
                + "account, /login NAME PASSWORD logs in"
        }
        if case .join = command { return nil }
        if let mute = self.mute(on: session, at: time) {
            return "you are muted\(Self.describe(mute)): you can read, not speak"
        }
        return nil
    }

    /// Whether a mute is on the member now.
    func isMuted(_ id: MemberID, at time: RoomTime) -> Bool {
        self.sessions[id].flatMap { self.mute(on: $0, at: time) } != nil
    }

    /// The mute in force on a session, if any. Operators are never muted (an address is shared, and their
    /// accounts cannot be muted).
    private func mute(on session: Session, at time: RoomTime) -> Restriction? {
        if let account = session.account, self.isOperator(account: account) { return nil }
        return self.moderation.active(
            .mute, address: session.origin.address, account: session.account, now: time.wallMilliseconds)
    }
}

extension ChatCommand {
    /// Whether it says something others see, or joins a room: refused to the muted (but joining), and to guests
    /// where accounts are required.
    var speaks: Bool {
        switch self {
        case .say, .me, .msg, .topic(.some), .join: true
        default: false
        }
    }
}
