import ChatProtocol

extension ChatState {
    /// Applies one event. - Returns: what the app must do (send, quit).
    public mutating func apply(_ event: ChatEvent, now: Int64) -> [ChatEffect] {
        self.now = now
        switch event {
        case .frame(let message):
            self.receive(message)
        case .key(let key):
            return self.press(key)
        case .resized(let size):
            self.size = size
            self.clampScroll()
        case .connecting:
            self.connection = .connecting
            self.connectionLogMark = self.entries.count
        case .connected:
            self.connection = .connected
            let notice = LogEntry(
                kind: .notice, time: self.clock(self.now),
                text: DisplaySanitizer.clean("connected to \(self.serverAddress)"))
            self.insert(notice, at: self.connectionLogMark)
        case .disconnected(let reason):
            self.rosterIsStale = true
            self.historyPending = 0
            self.historyShown = false
            if self.connection == .connected {
                self.local(.error, "disconnected: \(reason)")
            } else if case .retrying = self.connection {
                self.local(.error, "reconnect failed: \(reason)")
            }
            self.connection = .disconnected(reason)
            self.connectionLogMark = self.entries.count
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

    private mutating func receive(_ message: Message) {
        let milliseconds = message.ts.flatMap(Timestamp.parse) ?? self.now
        let time = self.clock(milliseconds)
        let isReplay = message.replay == true
        if self.historyPending > 0, !isReplay { self.endHistory() }
        defer {
            if isReplay, self.historyPending > 0 {
                self.historyPending -= 1
                if self.historyPending == 0 { self.endHistory() }
            }
        }
        let source = DisplaySanitizer.clean(message.dataSource)
        let text = DisplaySanitizer.clean(
            Self.shortened(message.data), keepNewlines: message.type == .system || message.type == .welcome)
        switch message.type {
        case .welcome:
            self.myName = DisplaySanitizer.clean(message.to ?? self.myName)
            self.users = Self.sorted((message.users ?? []).map { DisplaySanitizer.clean($0) })
            self.reportedOnline = message.online
            self.rosterIsStale = false
            self.historyPending = max(0, message.history ?? 0)
            self.historyShown = false
            self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds)
        case .join:
            self.reportedOnline = message.online
            // A big room announces joins together: the names are in `users`, and none at all for newcomers nobody
            // has heard speak; such a count alone is not worth a line in the log (the sidebar shows it).
            if let names = message.users {
                let present = Set(self.users)
                self.users = Self.sorted(
                    self.users + Set(names.map { DisplaySanitizer.clean($0) }).subtracting(present))
                if names.isEmpty && message.online != nil { return }
            } else {
                self.insertUser(source)
            }
            self.append(
                LogEntry(kind: .notice, time: time, text: text.isEmpty ? "\(source) joined" : text), at: milliseconds)
        case .leave:
            self.reportedOnline = message.online
            if let names = message.users {
                let gone = Set(names.map { DisplaySanitizer.clean($0) })
                self.users.removeAll { gone.contains($0) }
                if names.isEmpty && message.online != nil { return }
                self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds)
            } else {
                self.users.removeAll { $0 == source }
                self.append(LogEntry(kind: .notice, time: time, text: "\(source) left (\(text))"), at: milliseconds)
            }
        case .rename:
            self.users.removeAll { $0 == source }
            self.insertUser(text)
            if source == self.myName { self.myName = text }
            if let index = self.recentSpeakers.firstIndex(of: source) { self.recentSpeakers[index] = text }
            self.append(
                LogEntry(kind: .notice, time: time, text: "\(source) is now known as \(text)"), at: milliseconds)
        case .users:
            if let users = message.users {
                let names = users.map { DisplaySanitizer.clean($0) }
                // A big room's list is of who spoke lately: it adds to what we know rather than replacing it.
                let partial = (message.online ?? 0) > names.count
                self.users = Self.sorted(partial ? Array(Set(self.users).union(names)) : names)
            }
            self.reportedOnline = message.online
            self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds)
        case .system, .pong, .hello, .ping, .topic, .rooms:
            if message.type == .system || message.type == .topic || message.type == .rooms {
                self.append(LogEntry(kind: .notice, time: time, text: text), at: milliseconds)
            }
        case .error:
            self.append(LogEntry(kind: .error, time: time, text: text), at: milliseconds)
        case .chat, .me, .private:
            if let id = message.id,
                !self.remember(id, sender: source, text: text, ts: message.ts, replay: isReplay)
            {
                return
            }
            let kind: LogEntry.Kind =
                switch message.type {
                case .me: .action
                case .private: .privateMessage(to: DisplaySanitizer.clean(message.to ?? "?"))
                default: .chat
                }
            let isOwn = source == self.myName
            // Whoever speaks is online and listed by the server (its leave will be announced by name), so it goes in
            // the list: in a big room that is how people appear. Not from replayed history: they may have left.
            if !isReplay { self.insertUser(source) }
            if isReplay { self.historyShown = true }
            self.append(
                LogEntry(
                    kind: kind, time: time, sender: source, text: text, isOwn: isOwn,
                    mentionsMe: !isOwn && Self.mentions(text, name: self.myName), isReplay: isReplay),
                at: milliseconds)
            if !isOwn {
                self.recentSpeakers.removeAll { $0 == source }
                self.recentSpeakers.insert(source, at: 0)
                if self.recentSpeakers.count > 50 { self.recentSpeakers.removeLast() }
            }
        }
    }

    /// Ends the announced history: the marker, if any of it was shown.
    private mutating func endHistory() {
        if self.historyShown {
            self.append(LogEntry(kind: .divider, time: "", text: "-- end of history --"))
        }
        self.historyPending = 0
        self.historyShown = false
    }

    /// Records what a message id stands for. - Returns: whether to show the message.
    ///
    /// A live frame is always shown: a restarted server numbers from 1 again, so an id alone proves nothing. A
    /// replayed frame is skipped only when it is what this id already showed (same sender and text): that is the
    /// same server's history again after a reconnect.
    private mutating func remember(_ id: UInt64, sender: String, text: String, ts: String?, replay: Bool) -> Bool {
        let message = ShownMessage(sender: sender, text: text, ts: ts)
        if replay, self.shown[id] == message { return false }
        if self.shown.updateValue(message, forKey: id) == nil {
            self.shownOrder.append(id)
        }
        if self.shownOrder.count > self.scrollbackLimit * 2 {
            let drop = self.shownOrder.count - self.scrollbackLimit
            for old in self.shownOrder.prefix(drop) { self.shown[old] = nil }
            self.shownOrder.removeFirst(drop)
        }
        return true
    }

    private mutating func insertUser(_ name: String) {
        guard !self.users.contains(name) else { return }
        self.users.append(name)
        self.users = Self.sorted(self.users)
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
