/// Lines typed in a buffer: what goes to the server, for which room, and the room and conversation commands the
/// client handles itself (`/join` of a room already joined, `/query`, `/close`).
extension ChatState {
    /// The room named on lines sent from the buffer shown: a room we are in; nil for a conversation, a room left
    /// (the server refuses frames for a room we are not in, even a /join) and a server without rooms.
    var outgoingRoom: String? {
        let buffer = self.current
        guard buffer.id.kind == .room, buffer.joined, !buffer.isImplicitRoom else { return nil }
        return buffer.name
    }

    /// Acts on a line that is not a local command (`route` took those).
    /// - Parameters: `word`: its first word, lowercased; `sendable`: whether it may go to the server now.
    mutating func command(_ line: String, word: String, sendable: Bool) -> [ChatEffect] {
        let arguments = Self.arguments(of: line)
        let buffer = self.current
        switch word {
        case "/join", "/j":
            let name = BufferID.bareRoomName(arguments.first ?? "")
            if !name.isEmpty, let index = self.index(of: .room(name)), self.buffers[index].joined {
                self.activityOrigin = nil
                self.select(index)
                return []
            }
            if !name.isEmpty, sendable { self.pendingJoins.insert(.room(name)) }
            return self.send(line, sendable: sendable)
        case "/part", "/leave":
            guard let target = self.partTarget(arguments.first) else {
                if buffer.id.kind == .conversation {
                    self.local(.error, "/part leaves a room: /close closes this conversation")
                    return []
                }
                return self.send(line, sendable: sendable)
            }
            if sendable { self.pendingParts.insert(target) }
            return self.send(line, sendable: sendable)
        case "/close":
            return self.close(sendable: sendable)
        case "/query", "/msg", "/tell", "/w":
            guard let name = arguments.first.map(String.init) else {
                if word == "/query" {
                    self.local(.error, "usage: /query NAME [TEXT] opens a private conversation with NAME")
                    return []
                }
                return self.send(line, sendable: sendable)
            }
            let text = Self.rest(of: line, after: 2)
            // /query, and /msg with nobody but a name, open the conversation; /msg NAME TEXT only sends (the
            // server's echo opens it, so a name that is not online opens nothing).
            if word == "/query" || text.isEmpty {
                self.activityOrigin = nil
                self.select(self.openConversation(DisplaySanitizer.clean(name)))
            }
            return text.isEmpty ? [] : self.send("/msg \(name) \(text)", sendable: sendable)
        case "/me", "/action", "/topic":
            if buffer.id.kind == .conversation {
                self.local(.error, "\(word) is for rooms: in a private conversation, just type")
                return []
            }
        default:
            break
        }
        let isCommand = line.hasPrefix("/") && !line.hasPrefix("//")
        if buffer.id.kind == .conversation, !isCommand, let name = buffer.name {
            // A line typed in a conversation is a private message (`//text` is the text "/text").
            let text = line.hasPrefix("//") ? String(line.dropFirst()) : line
            return self.send("/msg \(name) \(text)", sendable: sendable)
        }
        if buffer.id.kind == .room, !buffer.joined, !isCommand {
            let name = self.label(of: buffer)
            self.local(.error, "you are not in \(name): /join \(name) to go back, /close to close it")
            return []
        }
        if sendable, word == "/who" || word == "/names" {
            self.pendingWho.append((buffer: buffer.id, at: self.now))
        }
        return self.send(line, sendable: sendable)
    }

    /// The line for the buffer shown, cut into frames that fit; or, offline, a note that it was not sent.
    private mutating func send(_ line: String, sendable: Bool) -> [ChatEffect] {
        guard sendable else {
            if SecretInput.isSecret(line) {
                // Its password stays off the screen, as in the input line; and it was not kept in the history.
                let shown = SecretInput.masked(Array(line)).map { String($0) } ?? line
                self.local(.error, "not connected: \"\(shown)\" was not sent (type it again once connected)")
            } else {
                self.local(.error, "not connected: \"\(line)\" was not sent (it is in your input history: press Up)")
            }
            return []
        }
        let room = self.outgoingRoom
        // Longer than a frame: sent in parts, in order, through the same paced queue.
        return LineSplitter.split(line).map { .send($0, room: room) }
    }

    /// The room `/part` leaves, as the server will read it: the first word when it starts with `#` or names a room
    /// we are in, else the room shown. nil when that is no room we are in.
    private func partTarget(_ first: Substring?) -> BufferID? {
        if let first {
            let named = BufferID.room(String(first))
            if first.hasPrefix("#") { return named }
            if let index = self.index(of: named), self.buffers[index].joined { return named }
        }
        let buffer = self.current
        guard buffer.id.kind == .room, buffer.joined, !buffer.isImplicitRoom else { return nil }
        return buffer.id
    }

    /// `/close`: a conversation closes (nothing is sent); a room we are in is left and closed at once, its last
    /// frames dropped; a room left already just closes. The last buffer stays.
    private mutating func close(sendable: Bool) -> [ChatEffect] {
        let buffer = self.current
        guard self.buffers.count > 1, !buffer.isImplicitRoom else {
            self.local(.error, "nothing to close: this is the only room (/quit leaves the chat)")
            return []
        }
        guard buffer.id.kind == .room, buffer.joined, let name = buffer.name else {
            self.removeBuffer(self.currentIndex)
            return []
        }
        guard sendable else {
            self.local(.error, "not connected: cannot leave \(self.label(of: buffer)) now")
            return []
        }
        let room = self.outgoingRoom
        self.closedRooms.insert(buffer.id)
        self.pendingParts.remove(buffer.id)
        self.removeBuffer(self.currentIndex)
        return [.send("/part #\(name)", room: room)]
    }

    /// The words after the command word.
    static func arguments(of line: String) -> [Substring] {
        Array(line.split(separator: " ").dropFirst())
    }

    /// What follows the first `count` words of `line` (and the spaces after them).
    static func rest(of line: String, after count: Int) -> String {
        var rest = Substring(line)
        for _ in 0..<count {
            rest = rest.drop { $0 == " " }.drop { $0 != " " }
        }
        return String(rest.drop { $0 == " " })
    }

    /// What Tab completes outside a command word: room names after `/join` and `/part` (as typed, with or without
    /// `#`), else the people of the buffer shown, recent speakers first.
    func completionNames() -> [String] {
        let words = self.editor.text.split(separator: " ", omittingEmptySubsequences: false)
        let command = words.first?.lowercased() ?? ""
        if words.count == 2, ["/join", "/j", "/part", "/leave"].contains(command) {
            // Rooms we are in first (/join of one shows it), then rooms left and rooms seen in a /rooms listing.
            var rooms = self.buffers.compactMap { $0.id.kind == .room && $0.joined ? $0.name : nil }
            if command == "/join" || command == "/j" {
                rooms += self.buffers.compactMap { $0.id.kind == .room && !$0.joined ? $0.name : nil }
                var seen = Set(rooms.map(BufferID.room))
                rooms += self.knownRooms.filter { seen.insert(.room($0)).inserted }
            }
            return rooms.map { "#" + $0 } + rooms
        }
        return TabCompleter.orderedNames(
            recentSpeakers: self.current.recentSpeakers, members: self.current.users.filter { $0 != self.myName })
    }
}
