/// One conversation as the screen keeps it: a room's or a private conversation's log, scroll position, roster,
/// topic, unread count and input draft. `ChatState` holds one per room and person and shows the current one.
public struct ChatBuffer: Sendable {
    public internal(set) var id: BufferID
    /// The name as the server spells it, without `#` or `@`; nil for the one room of a server without rooms.
    public internal(set) var name: String?
    public internal(set) var entries: [LogEntry] = []
    /// How many log rows the view is scrolled up from the bottom (0: following new lines).
    public internal(set) var scrollOffset = 0
    /// Online names, sorted case-insensitively. In a big room, only those the server listed (who spoke lately) and
    /// those seen speaking since: `onlineCount` is then larger. A conversation lists its two people.
    public internal(set) var users: [String] = []
    /// The count of the server's last presence frame; nil when it sent none (then `users` is everyone).
    var reportedOnline: Int?
    /// True from a disconnect until this room's roster comes again: `users` is the roster as it was.
    public internal(set) var rosterIsStale = false
    /// The room's topic; nil when it has none.
    public internal(set) var topic: String?
    /// Whether we are in the room. A room we left (or that a reconnect did not rejoin) keeps its log until /close.
    /// Always true for a conversation.
    public internal(set) var joined = true
    /// Messages (chat, actions, private) that came while the buffer was not shown.
    public internal(set) var unread = 0
    /// Whether one of them mentions us or is a private message: the room bar marks it, Alt-A goes there first.
    public internal(set) var highlighted = false
    /// The index in `entries` of the "-- new --" line, if it is there.
    var newMarkerIndex: Int?
    /// Whether the next entry gets the "-- new --" line before it: set when the buffer is left.
    var newMarkerArmed = false
    /// The input line as it was when the buffer was left, and its cursor.
    var draft: [Character] = []
    var draftCursor = 0
    /// History frames announced (on the welcome or the join's `users`) that have not come yet.
    var historyPending = 0
    /// Whether any of the announced history was shown (a reconnect's replay of what is already there is not).
    var historyShown = false
    /// Whether the roster just came on joining, so a `topic` frame now is the room's topic, not a change of it.
    var awaitingTopic = false
    /// What each message id last stood for in this buffer's log (sender, text, time), so that a replay after a
    /// reconnect adds no duplicates while a restarted server's history, whose ids start at 1 again, still shows.
    /// Per buffer: ids need not be unique across rooms.
    var shown: [UInt64: ShownMessage] = [:]
    /// The ids in `shown`, oldest first, to bound it.
    var shownOrder: [UInt64] = []
    /// The highest `seq` this room has shown from the current server: a message of the room at or below it is one
    /// already seen (a replay after a reconnect), unless it belongs to a page of older history asked for. It outlives
    /// the log's trimming and `/clear`: what was seen stays seen.
    var highestSeq: UInt64?
    /// Older history asked of the server (room buffers only).
    var scrollback = ServerScrollback()
    /// Where the "connected to" line goes: the log's length when the current connection attempt began.
    var connectionLogMark = 0
    /// The local day (since 1970) of the last entry appended, for the date line when the day changes.
    var lastDay: Int64?
    /// People who spoke here recently, most recent first (for completion).
    var recentSpeakers: [String] = []

    /// The text of the unread marker line.
    static let newMarkerText = "-- new --"

    init(id: BufferID, name: String?) {
        self.id = id
        self.name = name
    }

    /// How many are online.
    public var onlineCount: Int { max(self.reportedOnline ?? 0, self.users.count) }

    /// Whether this is the one room of a server without rooms.
    public var isImplicitRoom: Bool { self.id == .implicitRoom }

    /// `#dev`, `@bob`; nil for the implicit room.
    public var label: String? {
        guard let name else { return nil }
        return (self.id.kind == .room ? "#" : "@") + name
    }

    /// Whether an entry is a message that counts as unread (not a notice, not ours, not history).
    static func counts(_ entry: LogEntry) -> Bool {
        guard !entry.isOwn, !entry.isReplay else { return false }
        switch entry.kind {
        case .chat, .action, .privateMessage: return true
        case .notice, .error, .divider: return false
        }
    }

    // MARK: - The log

    /// Appends an entry, keeping the view still when scrolled up and the log within `limit` entries. After the
    /// buffer was left, the first entry gets the "-- new --" line before it.
    mutating func append(_ entry: LogEntry, logWidth: Int, limit: Int) {
        if self.newMarkerArmed {
            self.newMarkerArmed = false
            self.newMarkerIndex = self.entries.count
            self.appendRaw(LogEntry(kind: .divider, time: "", text: Self.newMarkerText), logWidth: logWidth)
        }
        self.appendRaw(entry, logWidth: logWidth)
        // Trim in chunks, so a full scrollback does not shift the whole array on every line.
        if self.entries.count > limit + max(1, limit / 10) {
            let removed = self.entries.count - limit
            self.entries.removeFirst(removed)
            self.connectionLogMark = max(0, self.connectionLogMark - removed)
            self.newMarkerIndex = self.newMarkerIndex.flatMap { $0 >= removed ? $0 - removed : nil }
            self.scrollback.logLostItsTop()
        }
    }

    private mutating func appendRaw(_ entry: LogEntry, logWidth: Int) {
        if self.scrollOffset > 0 {
            self.scrollOffset += LogFormatter.rows(for: entry, width: logWidth).count
        }
        self.entries.append(entry)
    }

    /// Inserts an entry at `index` (clamped to the log), keeping the view still when scrolled up.
    mutating func insert(_ entry: LogEntry, at index: Int, logWidth: Int, limit: Int) {
        guard index < self.entries.count else { return self.append(entry, logWidth: logWidth, limit: limit) }
        let index = max(0, index)
        if self.scrollOffset > 0 {
            self.scrollOffset += LogFormatter.rows(for: entry, width: logWidth).count
        }
        self.entries.insert(entry, at: index)
        if let marker = self.newMarkerIndex, index <= marker { self.newMarkerIndex = marker + 1 }
    }

    /// Empties the log (`/clear`).
    mutating func clear() {
        self.entries.removeAll()
        self.scrollOffset = 0
        self.newMarkerIndex = nil
        self.connectionLogMark = 0
        self.scrollback.logLostItsTop()
        self.scrollback.otherServerAbove = false
    }

    // MARK: - The top of the log

    /// The `seq` of the oldest room message loaded: the next page of older history ends below it.
    var lowestSeq: UInt64? {
        self.entries.first { $0.seq != nil }?.seq
    }

    /// Puts entries above everything in the log. The view stays on the rows it shows (the offset counts rows from
    /// the bottom), and the indices kept into the log move with it.
    mutating func prepend(_ lines: [LogEntry]) {
        guard !lines.isEmpty else { return }
        self.entries.insert(contentsOf: lines, at: 0)
        self.connectionLogMark += lines.count
        self.newMarkerIndex = self.newMarkerIndex.map { $0 + lines.count }
    }

    /// Takes away the first entry if it is the line `text` (one of the scrollback's): - Returns: whether it was.
    mutating func removeTopLine(_ text: String) -> Bool {
        guard let first = self.entries.first, first.kind == .divider, first.text == text else { return false }
        self.entries.removeFirst()
        self.connectionLogMark = max(0, self.connectionLogMark - 1)
        self.newMarkerIndex = self.newMarkerIndex.flatMap { $0 > 0 ? $0 - 1 : nil }
        return true
    }

    /// The "-- loading --" line goes, if it is there.
    mutating func removeLoadingLine() {
        if self.scrollback.loadingShown { _ = self.removeTopLine(ServerScrollback.loadingText) }
        self.scrollback.loadingShown = false
    }

    /// The connection went: a page asked of it will not come.
    mutating func cancelScrollback() {
        self.removeLoadingLine()
        self.scrollback.cancel()
    }

    /// Another server (or this one with its history reset): what this buffer saw of the last one proves nothing
    /// about what comes now. The log stays.
    mutating func forgetSeen() {
        self.shown = [:]
        self.shownOrder = []
        self.highestSeq = nil
        self.cancelScrollback()
        // The old server's messages stay on top of the log: the new one's history cannot go above them.
        self.scrollback.startShown = false
        self.scrollback.otherServerAbove = !self.entries.isEmpty
    }

    /// The buffer is left: the old "-- new --" line goes (what it marked has been seen) and the next entry gets
    /// a new one.
    mutating func leave(logWidth: Int) {
        if let marker = self.newMarkerIndex, marker < self.entries.count {
            // A marker row inside the part scrolled off below the view: the view stays where it was.
            if self.scrollOffset > 0 {
                let rowsAfter = self.entries[(marker + 1)...].reduce(0) {
                    $0 + LogFormatter.rows(for: $1, width: logWidth).count
                }
                if rowsAfter < self.scrollOffset { self.scrollOffset -= 1 }
            }
            self.entries.remove(at: marker)
            if self.connectionLogMark > marker { self.connectionLogMark -= 1 }
        }
        self.newMarkerIndex = nil
        self.newMarkerArmed = true
    }

    /// The buffer is shown: its messages are read.
    mutating func markRead() {
        self.unread = 0
        self.highlighted = false
    }

    /// Keeps the offset within the rows the log actually has.
    mutating func clampScroll(logSize: Size) {
        guard self.scrollOffset > 0, logSize.width > 0 else {
            self.scrollOffset = 0
            return
        }
        let needed = self.scrollOffset + logSize.height
        var total = 0
        for entry in self.entries.reversed() {
            total += LogFormatter.rows(for: entry, width: logSize.width).count
            if total >= needed { return }
        }
        self.scrollOffset = max(0, total - logSize.height)
    }

    /// Moves the view up (positive) or down by `rows`, never past the oldest line or below the bottom.
    mutating func scroll(by rows: Int, logSize: Size) {
        self.scrollOffset = max(0, self.scrollOffset + rows)
        self.clampScroll(logSize: logSize)
    }

    // MARK: - Messages and people

    /// Records what a message id stands for. - Returns: whether to show the message.
    ///
    /// A live frame is always shown: a restarted server numbers from 1 again, so an id alone proves nothing. A
    /// replayed frame is skipped only when it is what this id already showed (same sender, text and time): that is
    /// the same server's history again after a reconnect.
    mutating func remember(_ id: UInt64, _ message: ShownMessage, replay: Bool, limit: Int) -> Bool {
        if replay, self.shown[id] == message { return false }
        if self.shown.updateValue(message, forKey: id) == nil {
            self.shownOrder.append(id)
        }
        if self.shownOrder.count > limit * 2 {
            let drop = self.shownOrder.count - limit
            for old in self.shownOrder.prefix(drop) { self.shown[old] = nil }
            self.shownOrder.removeFirst(drop)
        }
        return true
    }

    mutating func insertUser(_ name: String) {
        guard !self.users.contains(name) else { return }
        self.users.append(name)
        self.users = ChatState.sorted(self.users)
    }

    /// Someone spoke: first in line for completion.
    mutating func spoke(_ name: String) {
        self.recentSpeakers.removeAll { $0 == name }
        self.recentSpeakers.insert(name, at: 0)
        if self.recentSpeakers.count > 50 { self.recentSpeakers.removeLast() }
    }

    /// Someone is now known by another name. A rename in a room lists the new name (whoever renames is listed,
    /// as whoever speaks); elsewhere only a name already listed changes.
    mutating func rename(_ old: String, to new: String) {
        let listed = self.users.contains(old)
        self.users.removeAll { $0 == old }
        if listed || self.id.kind == .room { self.insertUser(new) }
        if let index = self.recentSpeakers.firstIndex(of: old) { self.recentSpeakers[index] = new }
    }
}
