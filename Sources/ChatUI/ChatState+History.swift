import ChatProtocol

/// The server's history as the screen keeps it (Resources/protocol.md, "History and resume"): which messages are
/// ones already shown, a change of server, the gaps a resume leaves, and scrolling back past the top of a room's log
/// into older pages asked of the server.
extension ChatState {
    /// How many older messages one scroll past the top asks for.
    static let historyPageSize = 100

    /// The line each room says when a welcome comes from another server identity than the last one.
    static let otherServerText = "-- connected to another server (or its history was reset) --"

    /// What an arriving chat, action or private message is to the log.
    enum Arrival: Equatable {
        /// Not shown yet: it goes at the bottom.
        case new
        /// Shown already (a replay of it after a reconnect): it is skipped.
        case seen
        /// Older than the log's top, part of the page asked for: it waits for the page's end.
        case olderPage
    }

    /// Whether a message is new, seen or part of an older page.
    ///
    /// A room message with a `seq` is one seen when the room has shown that `seq` or a later one from this server
    /// (room by room, `seq`s only grow), unless it is a replayed one below the page being asked for. A private
    /// message is one seen when its `id` is not above the last private `id` from this server (ids grow across the
    /// server). A frame of a server that numbers nothing (one from before resume) falls back to its id: a replay is
    /// skipped when it is what its id already showed (`ChatBuffer.remember`).
    mutating func arrival(of message: Message, as shown: ShownMessage, in index: Int) -> Arrival {
        let isReplay = message.replay == true
        if message.type != .private, let seq = message.seq, self.buffers[index].id.kind == .room {
            if isReplay, let before = self.buffers[index].scrollback.pendingBefore, seq < before {
                return .olderPage
            }
            if let highest = self.buffers[index].highestSeq, seq <= highest { return .seen }
            self.buffers[index].highestSeq = seq
            return .new
        }
        if message.type == .private, self.serverIdentity != nil, let id = message.id {
            if let highest = self.highestPrivateID, id <= highest { return .seen }
            self.highestPrivateID = id
            return .new
        }
        if let id = message.id,
            !self.buffers[index].remember(id, shown, replay: isReplay, limit: self.scrollbackLimit)
        {
            return .seen
        }
        return .new
    }

    /// A welcome's `server`: when it is not the identity of the last welcome, nothing seen proves anything about what
    /// comes now, so every buffer forgets what it saw (its log stays) and each room says so in one line, when the last
    /// server had an identity to compare with.
    mutating func noteServer(of welcome: Message) {
        defer {
            self.serverIdentity = welcome.server
            self.greeted = true
        }
        guard self.greeted, welcome.server != self.serverIdentity else { return }
        self.highestPrivateID = nil
        for index in self.buffers.indices {
            self.buffers[index].forgetSeen()
            if self.serverIdentity != nil, self.buffers[index].id.kind == .room {
                self.append(LogEntry(kind: .divider, time: "", text: Self.otherServerText), in: index)
            }
        }
    }

    /// A `gap`: messages of the room a resume does not replay, said in one line ("-- 2,345 messages not shown --").
    mutating func gap(_ message: Message, text: String, in index: Int) {
        let line =
            message.missing.map { "-- \($0.grouped) \($0 == 1 ? "message" : "messages") not shown --" }
            ?? "-- \(text) --"
        self.append(LogEntry(kind: .divider, time: "", text: line), in: index)
    }

    /// A `replay_end`: after a page asked for, the page goes above the log; after a resume's replay, the room's
    /// replay is over (no line).
    mutating func replayEnded(_ message: Message, in index: Int) {
        guard let room = message.room, self.buffers[index].id == .room(room) else { return }
        if self.buffers[index].scrollback.pendingBefore != nil, let more = message.more {
            self.insertPage(in: index, more: more)
        } else {
            self.buffers[index].historyPending = 0
            self.buffers[index].historyShown = false
        }
    }

    /// A message of the page asked for, held until the page ends: in order, each `seq` once, at most a page's worth.
    mutating func hold(_ entry: LogEntry, in index: Int) {
        if let last = self.buffers[index].scrollback.page.last?.seq, let seq = entry.seq, seq <= last { return }
        self.buffers[index].scrollback.page.append(entry)
        if self.buffers[index].scrollback.page.count > Self.maximumPage {
            self.buffers[index].scrollback.page.removeFirst()
        }
    }

    /// The most messages of one page held: the protocol's cap on `limit`.
    static let maximumPage = 500

    // MARK: - Scrolling back

    /// Scrolls the view up by `rows`. Scrolling past the top of a room's log asks the server for the page before it.
    mutating func scrollUp(by rows: Int) -> [ChatEffect] {
        let index = self.currentIndex
        let wanted = self.buffers[index].scrollOffset + rows
        self.buffers[index].scroll(by: rows, logSize: self.logSize)
        guard self.buffers[index].scrollOffset < wanted else { return [] }
        return self.enqueue(self.requestOlder(in: index))
    }

    /// The request for the page before the oldest message loaded, if one is to be made: once at a time, in a room we
    /// are in, while connected and not in the middle of its replay, as long as the scrollback limit leaves room and
    /// the log does not reach the room's start. The log shows "-- loading --" at its top until the page comes; when
    /// the oldest message loaded is the room's first (`seq` 1), it shows the start line instead.
    private mutating func requestOlder(in index: Int) -> [ChatEffect] {
        let buffer = self.buffers[index]
        let scrollback = buffer.scrollback
        guard buffer.id.kind == .room, !buffer.isImplicitRoom, buffer.joined, let name = buffer.name,
            self.connection == .connected, buffer.historyPending == 0, scrollback.pendingBefore == nil,
            !scrollback.startShown, !scrollback.otherServerAbove, let lowest = buffer.lowestSeq
        else { return [] }
        guard lowest > 1 else {
            self.showStart(in: index)
            return []
        }
        let room = self.scrollbackLimit - buffer.entries.count
        guard room > 0 else { return [] }
        self.buffers[index].scrollback.pendingBefore = lowest
        self.buffers[index].scrollback.loadingShown = true
        self.putOnTop(LogEntry(kind: .divider, time: "", text: ServerScrollback.loadingText), in: index)
        return [.history(room: name, before: lowest, limit: min(Self.historyPageSize, room))]
    }

    /// The page's end: its messages go above the log, with their date lines, as many as the scrollback limit leaves
    /// room for (the newest of them), and the start line above them when the server says there is nothing older.
    /// The view stays on the rows it shows. A log trimmed or cleared while the page was on its way no longer ends
    /// where the page does: the page is dropped.
    private mutating func insertPage(in index: Int, more: Bool) {
        let before = self.buffers[index].scrollback.pendingBefore
        let page = self.buffers[index].scrollback.page.filter { ($0.seq ?? 0) < (before ?? 0) }
        self.buffers[index].removeLoadingLine()
        self.buffers[index].scrollback.cancel()
        guard let before, self.buffers[index].lowestSeq == before else { return }
        let room = max(0, self.scrollbackLimit - self.buffers[index].entries.count)
        let kept = Array(page.suffix(room))
        self.buffers[index].prepend(self.withDateLines(kept, above: self.buffers[index].entries))
        if !more && kept.count == page.count { self.showStart(in: index) }
    }

    /// The line above the room's first message, once.
    private mutating func showStart(in index: Int) {
        guard !self.buffers[index].scrollback.startShown else { return }
        self.buffers[index].scrollback.startShown = true
        let label = self.label(of: self.buffers[index])
        self.putOnTop(LogEntry(kind: .divider, time: "", text: ServerScrollback.startText(label)), in: index)
    }

    /// Puts a line at the top of the log and, since the view is at the top when this happens, shows it.
    private mutating func putOnTop(_ line: LogEntry, in index: Int) {
        self.buffers[index].prepend([line])
        if self.buffers[index].scrollOffset > 0 {
            let rows = LogFormatter.rows(for: line, width: self.logSize.width).count
            self.buffers[index].scroll(by: rows, logSize: self.logSize)
        }
    }

    /// Older entries with the date lines they need: one before the first unless it is from today (as at the top of
    /// any log), one wherever the day changes, and one before what follows (`below`) when its day is another and it
    /// has no date line of its own.
    private func withDateLines(_ page: [LogEntry], above below: [LogEntry]) -> [LogEntry] {
        let today = DayLine.day(ofMilliseconds: self.now, utcOffsetSeconds: self.utcOffsetSeconds)
        var lines: [LogEntry] = []
        var previous = today
        for entry in page {
            let day = entry.day ?? previous
            if day != previous { lines.append(Self.dateLine(day)) }
            lines.append(entry)
            previous = day
        }
        if !page.isEmpty, let next = below.first(where: { $0.day != nil }), let day = next.day, day != previous,
            !next.isDateLine
        {
            lines.append(Self.dateLine(day))
        }
        return lines
    }

    /// The line that names a day ("-- Wednesday 2 December 2026 --").
    static func dateLine(_ day: Int64) -> LogEntry {
        var line = LogEntry(kind: .divider, time: "", text: "-- \(DayLine.text(forDay: day)) --")
        line.day = day
        return line
    }
}
