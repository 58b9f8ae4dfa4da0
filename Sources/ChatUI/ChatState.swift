import ChatProtocol

/// Everything the client screen shows, as a value. Changed only by `apply(_:now:)`; drawn by `Renderer`.
public struct ChatState: Sendable {
    /// Server address for the status line.
    public let serverAddress: String
    /// Most log entries kept; older ones are dropped.
    public let scrollbackLimit: Int
    /// Local time offset for "HH:MM".
    public let utcOffsetSeconds: Int

    public internal(set) var size: Size
    public internal(set) var entries: [LogEntry] = []
    /// Online names, sorted case-insensitively. In a big room, only those the server listed (who spoke lately) and
    /// those seen speaking since: `onlineCount` is then larger.
    public internal(set) var users: [String] = []
    /// True from a disconnect until the next welcome: `users` is the roster as it was, shown dimmed as offline.
    public internal(set) var rosterIsStale = false
    /// Where the "connected to" line goes: the log's length when the current connection attempt began. A welcome
    /// may reach the log before the connected event does, and the line must come before it.
    var connectionLogMark = 0
    /// The count of the server's last presence frame; nil when it sent none (then `users` is everyone).
    var reportedOnline: Int?
    public internal(set) var myName: String
    public internal(set) var connection: ConnectionStatus = .connecting
    public internal(set) var editor = LineEditor()
    var completer = TabCompleter()
    /// How many log rows the view is scrolled up from the bottom (0: following new lines).
    public internal(set) var scrollOffset = 0
    /// People who spoke recently, most recent first (for completion).
    var recentSpeakers: [String] = []
    /// What each message id last stood for in the log (sender and text), so that a replay after a reconnect to the
    /// same server adds no duplicates while a restarted server's history, whose ids start at 1 again, still shows.
    var shown: [UInt64: ShownMessage] = [:]
    /// The ids in `shown`, oldest first, to bound it.
    var shownOrder: [UInt64] = []
    /// History frames the welcome announced that have not come yet; a live frame ends the history early.
    var historyPending = 0
    /// Whether any of the announced history was shown (a reconnect's replay of what is already there is not).
    var historyShown = false
    /// The local day (since 1970) of the last entry appended, for the date line when the day changes.
    var lastDay: Int64?
    /// Lines on their way to the server, paced within its flood limit (ChatState+Outbox).
    public internal(set) var outbox = LinePacer()
    /// Whether dropping the queued lines has been asked for (Esc-Esc, Ctrl-C).
    public internal(set) var dropConfirmation = DropConfirmation.none
    /// The time of the last event, milliseconds since 1970.
    public internal(set) var now: Int64 = 0

    /// Commands offered by Tab: the server's and the local ones.
    public static let commands = ["/who", "/nick", "/msg", "/me", "/quit", "/help", "/clear"]

    public init(
        serverAddress: String, myName: String, size: Size, scrollbackLimit: Int = 10_000, utcOffsetSeconds: Int = 0
    ) {
        self.serverAddress = serverAddress
        self.myName = myName
        self.size = size
        self.scrollbackLimit = max(1, scrollbackLimit)
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// How many are online.
    public var onlineCount: Int { max(self.reportedOnline ?? 0, self.users.count) }

    /// The layout for the current size.
    public var layout: Layout { Layout(size: self.size) }

    /// The log pane's size (zero when the terminal is too small).
    var logSize: Size { self.layout.panes?.log.size ?? .zero }

    /// Appends an entry made at `milliseconds`, after a date line if it is on another day than the entry before it
    /// (or, for the first, than today).
    mutating func append(_ entry: LogEntry, at milliseconds: Int64) {
        let day = DayLine.day(ofMilliseconds: milliseconds, utcOffsetSeconds: self.utcOffsetSeconds)
        let previous = self.lastDay ?? DayLine.day(ofMilliseconds: self.now, utcOffsetSeconds: self.utcOffsetSeconds)
        if day != previous {
            self.append(LogEntry(kind: .divider, time: "", text: "-- \(DayLine.text(forDay: day)) --"))
        }
        self.lastDay = day
        self.append(entry)
    }

    /// Appends a log entry, keeping the view still when scrolled up, and the scrollback bounded.
    mutating func append(_ entry: LogEntry) {
        if self.scrollOffset > 0 {
            self.scrollOffset += LogFormatter.rows(for: entry, width: self.logSize.width).count
        }
        self.entries.append(entry)
        // Trim in chunks, so a full scrollback does not shift the whole array on every line.
        if self.entries.count > self.scrollbackLimit + max(1, self.scrollbackLimit / 10) {
            let removed = self.entries.count - self.scrollbackLimit
            self.entries.removeFirst(removed)
            self.connectionLogMark = max(0, self.connectionLogMark - removed)
        }
    }

    /// Inserts a log entry at `index` (clamped to the log), keeping the view still when scrolled up.
    mutating func insert(_ entry: LogEntry, at index: Int) {
        guard index < self.entries.count else { return self.append(entry) }
        if self.scrollOffset > 0 {
            self.scrollOffset += LogFormatter.rows(for: entry, width: self.logSize.width).count
        }
        self.entries.insert(entry, at: max(0, index))
    }

    /// A notice or error made here, stamped with the current time.
    mutating func local(_ kind: LogEntry.Kind, _ text: String) {
        self.append(
            LogEntry(kind: kind, time: self.clock(self.now), text: DisplaySanitizer.clean(text, keepNewlines: true)),
            at: self.now)
    }

    /// "HH:MM" of a time in milliseconds since 1970, in local time (the protocol's one clock).
    func clock(_ milliseconds: Int64) -> String {
        Timestamp.clock(millisecondsSince1970: milliseconds, utcOffsetSeconds: self.utcOffsetSeconds, seconds: false)
    }
}
