import ChatProtocol

/// Turns notices into frames (`Message`): the wire's types and the texts people read. Pure.
///
/// Texts name a room only when it is not the default one, so a client that knows nothing of rooms reads what it
/// always read (`bob joined (3 online)`), and a text client in several rooms can tell them apart
/// (`bob joined #dev (3 online)`).
public struct NoticeEncoder: Sendable {
    /// The room everyone starts in.
    public var defaultRoom: String

    public init(defaultRoom: String) {
        self.defaultRoom = defaultRoom
    }

    /// The frame for `notice`, stamped `ts` (a stored message keeps its own time, and `ts` is not made for it).
    public func message(for notice: Notice, ts stamp: @autoclosure () -> String) -> Message {
        if case .message(let stored, let replay) = notice { return Self.message(stored, replay: replay) }
        let ts = stamp()
        switch notice {
        case .welcome(let welcome):
            return self.welcome(welcome, ts: ts)
        case .roster(let roster):
            return self.roster(roster, ts: ts)
        case .joined(let room, let name, let online):
            return Message(
                type: .join, dataSource: name, data: "\(name) joined\(self.inRoom(room)) (\(online) online)", ts: ts,
                online: online, room: room.name)
        case .left(let room, let name, let reason, let online):
            return Message(
                type: .leave, dataSource: name, data: reason.description, ts: ts, online: online, room: room.name)
        case .gathered(let room, let joined, let names, let others, let online):
            let verb = (joined ? "joined" : "left") + self.inRoom(room)
            return Message(
                type: joined ? .join : .leave, dataSource: Message.serverSource,
                data: Self.summary(verb, names: names, others: others, online: online), ts: ts, users: names,
                online: online, room: room.name)
        case .renamed(let room, let from, let to):
            return Message(type: .rename, dataSource: from, data: to, ts: ts, room: room?.name)
        case .message(let stored, let replay):
            return Self.message(stored, replay: replay)
        case .topic(let room, let topic, let changed):
            // From its setter when it changes; from the server when asked (or on joining).
            let source = changed ? topic?.setBy ?? Message.serverSource : Message.serverSource
            return Message(type: .topic, dataSource: source, data: topic?.text ?? "", ts: ts, room: room.name)
        case .roomList(let rooms, let total):
            return Message(
                type: .rooms, dataSource: Message.serverSource, data: Self.listText(rooms, total: total), ts: ts,
                rooms: rooms.map { RoomInfo(name: $0.name, online: $0.online, topic: $0.topic) })
        case .parted(let room):
            return Message(
                type: .system, dataSource: Message.serverSource, data: "you left #\(room.name)", ts: ts, room: room.name
            )
        case .current(let room?):
            return Message(
                type: .system, dataSource: Message.serverSource,
                data: "you are talking in #\(room.name); /join another room to switch", ts: ts, room: room.name)
        case .current(nil):
            return Message(
                type: .system, dataSource: Message.serverSource,
                data: "you are in no room now; /join ROOM to talk, /rooms lists them", ts: ts)
        case .pong(let text):
            return Message(type: .pong, dataSource: Message.serverSource, data: text, ts: ts)
        case .gap(let room, let after, let before, let missing):
            return Message(
                type: .gap, dataSource: Message.serverSource,
                data: "\(missing.grouped) message\(missing == 1 ? "" : "s") not shown", ts: ts, room: room?.name,
                before: before, after: after, missing: missing)
        case .replayEnd(let room, let seq, let before, let more):
            return Message(
                type: .replayEnd, dataSource: Message.serverSource, data: "", ts: ts, room: room.name, seq: seq,
                before: before, more: more)
        case .error(let text, let room):
            return Message(type: .error, dataSource: Message.serverSource, data: text, ts: ts, room: room?.name)
        case .refusal(let text):
            return Message(type: .error, dataSource: Message.serverSource, data: text, ts: ts, reconnect: false)
        case .system(let text, let room):
            return Message(type: .system, dataSource: Message.serverSource, data: text, ts: ts, room: room?.name)
        }
    }

    /// A stored message as its frame: its own time, its id, its room or addressee.
    public static func message(_ stored: StoredMessage, replay: Bool) -> Message {
        let post = stored.post
        let ts = Timestamp.format(millisecondsSince1970: post.wallMilliseconds)
        switch post.destination {
        case .room(let room):
            return Message(
                type: post.kind == .action ? .me : .chat, dataSource: post.senderName, data: post.text, id: stored.id,
                ts: ts, replay: replay ? true : nil, room: room.name, seq: stored.seq)
        case .person(_, let name, _):
            return Message(
                type: .private, dataSource: post.senderName, data: post.text, id: stored.id, ts: ts, to: name,
                replay: replay ? true : nil)
        }
    }

    private func welcome(_ welcome: Welcome, ts: String) -> Message {
        let online = welcome.roster?.online ?? 0
        var text = "Welcome \(welcome.resumed ? "back " : "")to swchat, \(welcome.name)! "
        if let roster = welcome.roster {
            text += "\(online) online\(self.inRoom(roster.room))"
            text += roster.spokeLately != nil ? " (the list shows who spoke lately). " : ". "
        } else {
            text += "You are in no room; /join ROOM to talk. "
        }
        if welcome.rooms.count > 1 {
            text += "Your rooms: " + welcome.rooms.map { "#" + $0.name }.joined(separator: ", ") + ". "
        }
        text += "Type /help for commands."
        if !welcome.notes.isEmpty { text += " " + welcome.notes.joined(separator: " ") }
        if let motd = welcome.motd, !motd.isEmpty { text += "\n" + motd }
        return Message(
            type: .welcome, dataSource: Message.serverSource, data: text, ts: ts, users: welcome.roster?.names,
            to: welcome.name, online: welcome.roster?.online, floodBurst: welcome.floodLimit?.burst,
            floodRate: welcome.floodLimit?.perSecond, history: welcome.roster?.history,
            room: welcome.roster?.room.name, rooms: welcome.rooms.map { RoomInfo(name: $0.name) },
            seq: welcome.roster?.seq, server: welcome.server, session: welcome.session, seqs: welcome.seqs,
            account: welcome.account)
    }

    private func roster(_ roster: RoomRoster, ts: String) -> Message {
        let text: String
        let prefix = roster.room.name == self.defaultRoom ? "" : "#\(roster.room.name): "
        switch roster.occasion {
        case .shrunk:
            text =
                roster.room.name == self.defaultRoom
                ? "the room is down to \(roster.online) online"
                : "#\(roster.room.name) is down to \(roster.online) online"
        case .asked, .joined:
            if let spoke = roster.spokeLately {
                text =
                    prefix + "\(roster.online) online; who spoke lately: "
                    + (spoke.isEmpty ? "nobody yet" : spoke.joined(separator: ", "))
            } else {
                text = prefix + "\(roster.online) online: " + roster.names.joined(separator: ", ")
            }
        }
        return Message(
            type: .users, dataSource: Message.serverSource, data: text, ts: ts, users: roster.names,
            online: roster.online, history: roster.history, room: roster.room.name, seq: roster.seq)
    }

    /// " #dev" for a room other than the default one, else nothing.
    private func inRoom(_ room: RoomRef) -> String {
        room.name == self.defaultRoom ? "" : " #\(room.name)"
    }

    /// "12 joined (1204 online): a, b, c and 9 more": at most 10 names, then how many more, named or not.
    static func summary(_ verb: String, names: [String], others: Int, online: Int) -> String {
        let text = "\(names.count + others) \(verb) (\(online) online)"
        guard !names.isEmpty else { return text }
        let more = names.count - min(names.count, 10) + others
        return text + ": " + names.prefix(10).joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }

    /// The room list as text: a line per room (at most 100), biggest first.
    static func listText(_ rooms: [RoomSummary], total: Int? = nil) -> String {
        let count = total ?? rooms.count
        var lines = [
            "\(count) room\(count == 1 ? "" : "s")" + (count > rooms.count ? ", the \(rooms.count) biggest:" : ":")
        ]
        for room in rooms.prefix(100) {
            lines.append("#\(room.name) (\(room.online))" + (room.topic.map { ": " + $0 } ?? ""))
        }
        if rooms.count > 100 { lines.append("and \(rooms.count - 100) more") }
        return lines.joined(separator: "\n")
    }
}
