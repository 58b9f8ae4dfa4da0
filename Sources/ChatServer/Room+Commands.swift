import ChatProtocol

extension Room {
    /// Carries out one command for a joined member.
    func run(_ command: ChatCommand, from id: MemberID, at time: RoomTime, effects: inout [RoomEffect]) {
        guard let name = self.members[id]?.name else { return }
        switch command {
        case .say(let text):
            self.post(type: .chat, text: text, from: id, name: name, at: time, effects: &effects)
        case .me(let text):
            self.post(type: .me, text: text, from: id, name: name, at: time, effects: &effects)
        case .who:
            let names = self.presenceList(for: name)
            let online = self.roster.count
            // In a big room the list has the asker too (for its client's list), but the text says who spoke.
            let spoke = names.filter { $0 != name || self.recent.names.contains(name) }
            let text =
                self.isLarge
                ? "\(online) online; who spoke lately: "
                    + (spoke.isEmpty ? "nobody yet" : spoke.joined(separator: ", "))
                : "\(online) online: " + names.joined(separator: ", ")
            let users = Message(
                type: .users, dataSource: Message.serverSource, data: text, ts: self.ts(time), users: names,
                online: online)
            effects.append(.send(Frame(users), to: id))
        case .nick(let wanted):
            self.rename(id, to: wanted, at: time, effects: &effects)
        case .msg(let to, let text):
            self.whisper(text, to: to, from: id, name: name, at: time, effects: &effects)
        case .quit(let reason):
            let reason = reason.map(TextSanitizer.clean).flatMap { TextSanitizer.isBlank($0) ? nil : $0 }
            self.system("goodbye, \(name)", to: id, at: time, effects: &effects)
            effects.append(.close(id, .quit(reason)))
            self.disconnect(id, reason: .quit(reason), at: time, effects: &effects)
        case .help:
            self.system(CommandSpec.helpText, to: id, at: time, effects: &effects)
        case .unknown(let command):
            let shown = TextSanitizer.clean(String(command.prefix(32)))
            self.error(
                "unknown command /\(shown); type /help for the list (//text sends /text)", to: id, at: time,
                effects: &effects)
        case .usage(let usage):
            self.error("usage: \(usage)", to: id, at: time, effects: &effects)
        }
    }

    /// Broadcasts a chat or /me line to everyone (the sender's copy is its receipt) and keeps it for replay.
    private func post(
        type: MessageType, text: String, from id: MemberID, name: String, at time: RoomTime, effects: inout [RoomEffect]
    ) {
        let text = TextSanitizer.clean(text)
        guard !TextSanitizer.isBlank(text) else {
            // Nothing left to show (only controls, or only invisible characters): said, so that no frame goes unanswered.
            self.error("empty message; nothing sent", to: id, at: time, effects: &effects)
            return
        }
        self.markSpoke(id, name: name)
        var message = Message(type: type, dataSource: name, data: text, id: self.nextID(), ts: self.ts(time))
        effects.append(.broadcast(Frame(message), except: nil))
        if self.history.capacity > 0 {
            message.replay = true
            self.history.append(Frame(message))
        }
    }

    /// A private message: to the addressee and back to the sender, never into history.
    private func whisper(
        _ text: String, to: String, from id: MemberID, name: String, at time: RoomTime, effects: inout [RoomEffect]
    ) {
        guard let target = self.byName[NameRules.key(to)], let targetName = self.members[target]?.name else {
            self.error(
                "no such user: \(TextSanitizer.clean(String(to.prefix(64))))", to: id, at: time, effects: &effects)
            return
        }
        let text = TextSanitizer.clean(text)
        guard !TextSanitizer.isBlank(text) else {
            self.error("usage: /msg NAME TEXT", to: id, at: time, effects: &effects)
            return
        }
        // The addressee learns the sender's name, so in a big room its leave must be announced by name.
        self.members[id]?.listed = true
        let message = Message(
            type: .private, dataSource: name, data: text, id: self.nextID(), ts: self.ts(time), to: targetName)
        let frame = Frame(message)
        effects.append(.send(frame, to: target))
        if target != id {
            effects.append(.send(frame, to: id))
        }
    }
}
