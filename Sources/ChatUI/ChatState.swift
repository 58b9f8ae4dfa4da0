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
    /// Ids of chat frames already in the log, so a replay after a reconnect adds no duplicates.
    var seenIDs: Set<UInt64> = []
    var seenOrder: [UInt64] = []
    /// Lines on their way to the server, paced within its flood limit (ChatState+Outbox).
    public internal(set) var outbox = LinePacer()
    /// Whether dropping the queued lines has been asked for (Esc-Esc, Ctrl-C).
    public internal(set) var dropConfirmation = DropConfirmation.none
    /// The time of the last event, milliseconds since 1970.
    public internal(set) var now: Int64 = 0

    /// Commands offered by Tab: the server's and the local ones.
    public static let commands = ["/who", "/nick", "/msg", "/me", "/quit", "/help", "/clear"]

    public init(serverAddress: String, myName: String, size: Size, scrollbackLimit: Int = 10_000, utcOffsetSeconds: Int = 0) {
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

    /// Appends a log entry, keeping the view still when scrolled up, and the scrollback bounded.
    mutating func append(_ entry: LogEntry) {
        if self.scrollOffset > 0 {
            self.scrollOffset += LogFormatter.rows(for: entry, width: self.logSize.width).count
        }
        self.entries.append(entry)
        // Trim in chunks, so a full scrollback does not shift the whole array on every line.
        if self.entries.count > self.scrollbackLimit + max(1, self.scrollbackLimit / 10) {
            self.entries.removeFirst(self.entries.count - self.scrollbackLimit)
        }
    }

    /// A notice or error made here, stamped with the current time.
    mutating func local(_ kind: LogEntry.Kind, _ text: String) {
        self.append(LogEntry(kind: kind, time: self.clock(self.now), text: DisplaySanitizer.clean(text, keepNewlines: true)))
    }

    /// "HH:MM" of a time in milliseconds since 1970, in local time.
    func clock(_ milliseconds: Int64) -> String {
        let local = milliseconds / 1000 + Int64(self.utcOffsetSeconds)
        let minutes = ((local / 60) % 1440 + 1440) % 1440
        let hh = minutes / 60
        let mm = minutes % 60
        return (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }
}
