import ChatProtocol

extension ChatState {
    /// Applies one event. - Returns: what the app must do (send, ring the bell, quit).
    public mutating func apply(_ event: ChatEvent, now: Int64) -> [ChatEffect] {
        self.now = now
        switch event {
        case .frame(let message):
            return self.receive(message)
        case .key(let key):
            return self.press(key)
        case .resized(let size):
            self.size = size
            self.clampScrollEverywhere()
        case .connecting:
            self.connection = .connecting
            for index in self.buffers.indices {
                self.buffers[index].connectionLogMark = self.buffers[index].entries.count
            }
        case .connected:
            self.connection = .connected
            let notice = LogEntry(
                kind: .notice, time: self.clock(self.now),
                text: DisplaySanitizer.clean("connected to \(self.serverAddress)"))
            // Every buffer says so, where its connection attempt began (a welcome may have come first).
            for index in self.buffers.indices {
                self.insert(notice, at: self.buffers[index].connectionLogMark, in: index)
            }
        case .disconnected(let reason):
            for index in self.buffers.indices {
                self.buffers[index].rosterIsStale = true
                self.buffers[index].historyPending = 0
                self.buffers[index].historyShown = false
                self.buffers[index].cancelScrollback()
            }
            self.outbox.removeHistoryRequests()
            // What was asked of the lost connection has no answer coming.
            self.pendingJoins.removeAll()
            self.pendingWho.removeAll()
            let notice: String? =
                switch self.connection {
                case .connected: "disconnected: \(reason)"
                case .retrying: "reconnect failed: \(reason)"
                default: nil
                }
            for index in self.buffers.indices {
                if let notice { self.local(.error, notice, in: index) }
                self.buffers[index].connectionLogMark = self.buffers[index].entries.count
            }
            self.connection = .disconnected(reason)
        case .retrying(let seconds):
            self.connection = .retrying(atMilliseconds: now + Int64(seconds * 1000))
        case .notSent(let line):
            self.local(.error, "not connected: \"\(line)\" was not sent (it is in your input history: press Up)")
        case .undecodable(let line):
            self.local(.error, "unreadable line from the server: \(line.prefix(200))")
        case .info(let text):
            self.local(.notice, text)
        case .tick:
            break
        }
        return []
    }

    /// Seconds until the next reconnect attempt, rounded up (for "reconnecting in 4 s").
    public var secondsUntilRetry: Int? {
        guard case .retrying(let at) = self.connection else { return nil }
        return max(0, Int((at - self.now + 999) / 1000))
    }

    /// One frame from the server, in the buffer it belongs to (see `destination(of:source:)`).
    private mutating func receive(_ message: Message) -> [ChatEffect] {
        let milliseconds = message.ts.flatMap(Timestamp.parse) ?? self.now
        let time = self.clock(milliseconds)
        let isReplay = message.replay == true
        let source = DisplaySanitizer.clean(message.dataSource)
        let text = DisplaySanitizer.clean(
            Self.shortened(message.data),
            keepNewlines: message.type == .system || message.type == .welcome || message.type == .rooms)
        if message.type == .welcome {
            self.welcome(message, text: text, time: time, at: milliseconds)
            return []
        }
        if message.type == .users {
            self.receiveUsers(message, text: text, time: time, at: milliseconds)
            return []
        }
        guard let index = self.destination(of: message, source: source) else { return [] }
        // A live frame ends the room's announced history early; its topic is part of what joining sends, and a gap
        // and the end of a resume's replay are part of the replay (`replayEnded` ends it, without a line).
        if self.buffers[index].historyPending > 0, !isReplay, ![.topic, .gap, .replayEnd].contains(message.type) {
            self.endHistory(in: index)
        }
        if !isReplay, message.type != .topic { self.buffers[index].awaitingTopic = false }
        defer {
            if isReplay, index < self.buffers.count, self.buffers[index].historyPending > 0 {
                self.buffers[index].historyPending -= 1
                if self.buffers[index].historyPending == 0 { self.endHistory(in: index) }
            }
        }
        let notice = { (text: String) in LogEntry(kind: .notice, time: time, text: text) }
        switch message.type {
        case .welcome, .users:
            break
        case .join:
            self.buffers[index].reportedOnline = message.online
            // A big room announces joins together: the names are in `users`, and none at all for newcomers nobody
            // has heard speak; such a count alone is not worth a line in the log (the sidebar shows it).
            if let names = message.users {
                let present = Set(self.buffers[index].users)
                self.buffers[index].users = Self.sorted(
                    self.buffers[index].users + Set(names.map { DisplaySanitizer.clean($0) }).subtracting(present))
                if names.isEmpty && message.online != nil { return [] }
            } else {
                self.buffers[index].insertUser(source)
            }
            self.append(notice(text.isEmpty ? "\(source) joined" : text), at: milliseconds, in: index)
        case .leave:
            self.buffers[index].reportedOnline = message.online
            if let names = message.users {
                let gone = Set(names.map { DisplaySanitizer.clean($0) })
                self.buffers[index].users.removeAll { gone.contains($0) }
                if names.isEmpty && message.online != nil { return [] }
                self.append(notice(text), at: milliseconds, in: index)
            } else {
                self.buffers[index].users.removeAll { $0 == source }
                self.append(notice("\(source) left (\(text))"), at: milliseconds, in: index)
            }
        case .rename:
            self.rename(source, to: text, in: index, time: time, at: milliseconds)
        case .topic:
            self.topic(message, source: source, text: text, in: index, time: time, at: milliseconds)
        case .system:
            self.append(notice(text), at: milliseconds, in: index)
            if let room = message.room { self.left(.room(room), in: index) }
        case .rooms:
            self.knownRooms = (message.rooms ?? []).map { DisplaySanitizer.clean($0.name) }
            self.append(notice(text), at: milliseconds, in: index)
        case .pong, .hello, .ping, .history:
            break
        case .replayEnd:
            self.replayEnded(message, in: index)
        case .gap:
            self.gap(message, text: text, in: index)
        case .error:
            self.append(LogEntry(kind: .error, time: time, text: text), at: milliseconds, in: index)
        case .chat, .me, .private:
            let shown = ShownMessage(sender: source, text: text, ts: message.ts)
            let arrival = self.arrival(of: message, as: shown, in: index)
            if arrival == .seen { return [] }
            let kind: LogEntry.Kind =
                switch message.type {
                case .me: .action
                case .private: .privateMessage(to: DisplaySanitizer.clean(message.to ?? "?"))
                default: .chat
                }
            let isOwn = source == self.myName
            let seq = message.type == .private ? nil : message.seq
            if arrival == .olderPage {
                var entry = LogEntry(
                    kind: kind, time: time, sender: source, text: text, isOwn: isOwn,
                    mentionsMe: !isOwn && Self.mentions(text, name: self.myName), isReplay: true, seq: seq)
                entry.day = DayLine.day(ofMilliseconds: milliseconds, utcOffsetSeconds: self.utcOffsetSeconds)
                self.hold(entry, in: index)
                return []
            }
            // Whoever speaks is online and listed by the server (its leave will be announced by name), so it goes in
            // the list: in a big room that is how people appear. Not from replayed history: they may have left.
            if !isReplay, self.buffers[index].id.kind == .room { self.buffers[index].insertUser(source) }
            if isReplay { self.buffers[index].historyShown = true }
            let rings = self.append(
                LogEntry(
                    kind: kind, time: time, sender: source, text: text, isOwn: isOwn,
                    mentionsMe: !isOwn && Self.mentions(text, name: self.myName), isReplay: isReplay, seq: seq),
                at: milliseconds, in: index)
            if !isOwn { self.buffers[index].spoke(source) }
            return rings ? [.bell] : []
        }
        return []
    }

    /// The buffer a frame goes to, or nil to drop it.
    ///
    /// A frame naming a room goes to that room's buffer, made if need be (the server put us there: a join's
    /// answer, a hello's rooms), except for a room just closed with /close, whose last frames are dropped. A room
    /// frame naming none belongs to the welcome's room (a server from before rooms has only that one). Private
    /// messages go to the conversation with the other person. Notices and errors of no room, and those of a room we
    /// have no buffer for, go where the user is looking.
    private mutating func destination(of message: Message, source: String) -> Int? {
        switch message.type {
        case .private:
            let other = source == self.myName ? message.to.map { DisplaySanitizer.clean($0) } : source
            guard let other, !other.isEmpty else { return self.currentIndex }
            return self.openConversation(other)
        case .system, .error, .rooms, .pong, .hello, .ping, .history, .replayEnd, .gap:
            guard let room = message.room else { return self.currentIndex }
            return self.index(of: .room(room)) ?? self.currentIndex
        case .chat, .me, .join, .leave, .rename, .topic, .welcome, .users:
            guard let room = message.room else {
                // Our own rename while in no room names none.
                if message.type == .rename, self.welcomeRoom != nil { return self.currentIndex }
                return self.index(of: self.welcomeRoom ?? .implicitRoom) ?? self.currentIndex
            }
            return self.roomBuffer(room)
        }
    }

    /// The buffer of a room the server says we are in, made at the end of the bar if there is none; nil for a room
    /// just closed with /close.
    private mutating func roomBuffer(_ room: String) -> Int? {
        let id = BufferID.room(room)
        if let index = self.index(of: id) { return index }
        guard !self.closedRooms.contains(id) else { return nil }
        self.buffers.append(ChatBuffer(id: id, name: DisplaySanitizer.clean(room)))
        return self.buffers.count - 1
    }

    /// The welcome: who we are, the rooms we are in (a buffer for each, the placeholder taking the first's name),
    /// and the first room's roster and history count. A room we had and the welcome does not list was not
    /// rejoined: its buffer stays, marked as left.
    private mutating func welcome(_ message: Message, text: String, time: String, at milliseconds: Int64) {
        self.noteServer(of: message)
        self.myName = DisplaySanitizer.clean(message.to ?? self.myName)
        let listed = (message.rooms ?? []).map(\.name)
        let first = message.room ?? listed.first
        self.serverHasRooms = first != nil || message.rooms != nil
        let target: Int
        if self.serverHasRooms {
            let id = first.map(BufferID.room)
            self.welcomeRoom = id
            if let id, let first, self.index(of: id) == nil, let placeholder = self.index(of: .implicitRoom) {
                self.buffers[placeholder].id = id
                self.buffers[placeholder].name = DisplaySanitizer.clean(first)
            }
            let names = (first.map { [$0] } ?? []) + listed
            let joined = Set(names.map(BufferID.room))
            for name in names where self.index(of: .room(name)) == nil {
                self.buffers.append(ChatBuffer(id: .room(name), name: DisplaySanitizer.clean(name)))
            }
            for index in self.buffers.indices
            where self.buffers[index].id.kind == .room && !self.buffers[index].isImplicitRoom {
                let isIn = joined.contains(self.buffers[index].id)
                if !isIn && self.buffers[index].joined {
                    self.buffers[index].joined = false
                    self.buffers[index].users = []
                    self.buffers[index].reportedOnline = nil
                    if !self.pendingParts.contains(self.buffers[index].id) {
                        self.local(.error, "not back in this room after reconnecting (/join to try again)", in: index)
                    }
                }
                if isIn { self.buffers[index].joined = true }
            }
            // In no room at all (every room asked for refused), the welcome goes where we are looking.
            target = id.flatMap { self.index(of: $0) } ?? self.currentIndex
        } else {
            // A server from before rooms: its one room is the placeholder (made again if rooms had renamed it).
            self.welcomeRoom = nil
            if self.index(of: .implicitRoom) == nil {
                self.buffers.insert(ChatBuffer(id: .implicitRoom, name: nil), at: 0)
                self.currentIndex += 1
            }
            target = self.index(of: .implicitRoom) ?? 0
        }
        self.pendingParts.removeAll()
        self.closedRooms.removeAll()
        if self.buffers[target].historyPending > 0 { self.endHistory(in: target) }
        if !self.serverHasRooms || self.welcomeRoom != nil { self.setRoster(message, in: target) }
        self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds, in: target)
    }

    /// A `users` frame: the roster that answers a join (it has `history`, or the room's latest `seq` when its
    /// history comes from the server's store and a `replay_end` ends it; the room's buffer is made if need be and,
    /// if we asked for it with /join, shown), or the answer to /who (shown where /who was typed) or a big room's new
    /// list.
    private mutating func receiveUsers(_ message: Message, text: String, time: String, at milliseconds: Int64) {
        let entry = LogEntry(kind: .notice, time: time, text: text)
        let room = message.room.map { BufferID.room($0) } ?? self.welcomeRoom ?? .implicitRoom
        if message.history != nil || message.seq != nil {
            guard let index = message.room.map({ self.roomBuffer($0) }) ?? self.index(of: room) else { return }
            if self.buffers[index].historyPending > 0 { self.endHistory(in: index) }
            self.buffers[index].joined = true
            self.setRoster(message, in: index)
            self.append(entry, at: milliseconds, in: index)
            if self.pendingJoins.remove(self.buffers[index].id) != nil { self.select(index) }
            return
        }
        let roomIndex = self.index(of: room).flatMap { self.buffers[$0].joined ? $0 : nil }
        if let index = roomIndex, let users = message.users {
            let names = users.map { DisplaySanitizer.clean($0) }
            // A big room's list is of who spoke lately: it adds to what we know rather than replacing it.
            let partial = (message.online ?? 0) > names.count
            self.buffers[index].users = Self.sorted(
                partial ? Array(Set(self.buffers[index].users).union(names)) : names)
            self.buffers[index].reportedOnline = message.online
        }
        // The answer to /who goes where it was asked (within 10 s); a list nobody asked for, to its room.
        self.pendingWho.removeAll { self.now - $0.at > 10_000 }
        let asked = self.pendingWho.isEmpty ? nil : self.index(of: self.pendingWho.removeFirst().buffer)
        let index = asked ?? roomIndex ?? self.currentIndex
        if self.buffers[index].historyPending > 0 { self.endHistory(in: index) }
        self.append(entry, at: milliseconds, in: index)
    }

    /// A room's roster from a welcome or a join's `users`, and the history that follows it.
    private mutating func setRoster(_ message: Message, in index: Int) {
        self.buffers[index].users = Self.sorted((message.users ?? []).map { DisplaySanitizer.clean($0) })
        self.buffers[index].reportedOnline = message.online
        self.buffers[index].rosterIsStale = false
        self.buffers[index].historyPending = max(0, message.history ?? 0)
        self.buffers[index].historyShown = false
        self.buffers[index].awaitingTopic = true
    }

    /// A rename in a room: its roster, our own name, a conversation with the renamed person (it follows them).
    private mutating func rename(_ old: String, to new: String, in index: Int, time: String, at milliseconds: Int64) {
        let text = "\(old) is now known as \(new)"
        self.buffers[index].rename(old, to: new)
        if old == self.myName {
            self.myName = new
            for other in self.buffers.indices where self.buffers[other].id.kind == .conversation {
                self.buffers[other].rename(old, to: new)
            }
        }
        if let conversation = self.index(of: .conversation(old)), self.index(of: .conversation(new)) == nil {
            self.buffers[conversation].id = .conversation(new)
            self.buffers[conversation].name = new
            self.buffers[conversation].rename(old, to: new)
            self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds, in: conversation)
        }
        self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds, in: index)
    }

    /// A `topic` frame: the room's topic on joining or asking, or someone changing it.
    private mutating func topic(
        _ message: Message, source: String, text: String, in index: Int, time: String, at milliseconds: Int64
    ) {
        let topic = DisplaySanitizer.clean(Self.shortened(message.data))
        let told = self.buffers[index].awaitingTopic || source == Message.serverSource
        self.buffers[index].awaitingTopic = false
        if message.room == nil || self.buffers[index].id == .room(message.room ?? "") {
            self.buffers[index].topic = topic.isEmpty ? nil : topic
        }
        let line: String
        if told {
            line =
                topic.isEmpty
                ? "no topic" : "topic: \(topic)" + (source == Message.serverSource ? "" : " (set by \(source))")
        } else {
            line = topic.isEmpty ? "\(source) cleared the topic" : "\(source) set the topic: \(topic)"
        }
        self.append(LogEntry(kind: .notice, time: time, text: line), at: milliseconds, in: index)
    }

    /// The server says we left a room (its `system` frame with `room`): if we asked to, the buffer stays, marked as
    /// left, until /close; a room closed already is forgotten.
    private mutating func left(_ room: BufferID, in index: Int) {
        if self.closedRooms.remove(room) != nil { return }
        guard self.pendingParts.remove(room) != nil, let buffer = self.index(of: room) else { return }
        self.buffers[buffer].joined = false
        self.buffers[buffer].users = []
        self.buffers[buffer].reportedOnline = nil
        self.buffers[buffer].historyPending = 0
    }

    /// Ends the announced history of a buffer: the marker, if any of it was shown.
    private mutating func endHistory(in index: Int) {
        if self.buffers[index].historyShown {
            self.append(LogEntry(kind: .divider, time: "", text: "-- end of history --"), in: index)
        }
        self.buffers[index].historyPending = 0
        self.buffers[index].historyShown = false
    }

    static func sorted(_ names: [String]) -> [String] {
        names.sorted { $0.lowercased() < $1.lowercased() }
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// Whether `text` contains `name` as a whole word, ignoring case.
    static func mentions(_ text: String, name: String) -> Bool {
        guard !name.isEmpty else { return false }
        let haystack = Array(text.lowercased())
        let needle = Array(name.lowercased())
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            // Word boundaries matter between ASCII letters and digits only: "张三你好" mentions 张三.
            let end = start + needle.count
            let before = start == 0 || !(Self.isWordCharacter(haystack[start - 1]) && Self.isWordCharacter(needle[0]))
            let after =
                end == haystack.count
                || !(Self.isWordCharacter(haystack[end]) && Self.isWordCharacter(needle[needle.count - 1]))
            if before && after { return true }
        }
        return false
    }

    /// The most characters of one frame's text the log keeps: a server's frames are at most 16 KiB of text, and a
    /// hostile one's megabyte would cost seconds of wrapping on every redraw.
    static let maximumShownCharacters = 20_000

    /// `text`, cut to `maximumShownCharacters` with a note of how much more there was.
    static func shortened(_ text: String) -> String {
        guard text.utf8.count > Self.maximumShownCharacters else { return text }
        let kept = text.prefix(Self.maximumShownCharacters)
        guard kept.endIndex < text.endIndex else { return text }
        return kept + " … (\(text.utf8.count - kept.utf8.count) more bytes not shown)"
    }
}
