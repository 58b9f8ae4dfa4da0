import ChatProtocol

/// Everything the client screen shows, as a value. Changed only by `apply(_:now:)`; drawn by `Renderer`.
public struct ChatState: Sendable {
    /// Server address for the status line.
    public let serverAddress: String
    /// Whether the link to the server is TLS: the status line marks it.
    public var encrypted = false
    /// Most log entries kept; older ones are dropped.
    public let scrollbackLimit: Int
    /// Local time offset for "HH:MM".
    public let utcOffsetSeconds: Int

    public internal(set) var size: Size
    /// The rooms and private conversations, in the room bar's order; never empty.
    public internal(set) var buffers: [ChatBuffer]
    /// The index in `buffers` of the one shown.
    public internal(set) var currentIndex = 0
    /// The room the welcome named: frames of a room that name none belong to it. nil with a server from before
    /// rooms (its one room is `BufferID.implicitRoom`).
    var welcomeRoom: BufferID?
    /// Whether the last welcome spoke of rooms (`room` or `rooms`): then the rooms we are in go into the next hello.
    var serverHasRooms = false
    /// The identity the last welcome named (`server`); nil before one, and with a server from before resume.
    public internal(set) var serverIdentity: String?
    /// Whether a welcome has come: the next one's identity is compared with the last one's.
    var greeted = false
    /// The highest private message `id` shown from the current server: ids grow across the server, so one at or
    /// below it is a replay of one seen.
    var highestPrivateID: UInt64?
    public internal(set) var myName: String
    public internal(set) var connection: ConnectionStatus = .connecting
    public internal(set) var editor = LineEditor()
    var completer = TabCompleter()
    /// Rooms asked for with /join whose answer has not come: the first to come is shown.
    var pendingJoins: Set<BufferID> = []
    /// Rooms asked to /part, until the server says we left.
    var pendingParts: Set<BufferID> = []
    /// Rooms closed with /close while we were in them: their frames are not taken for a new buffer until the
    /// server says we left.
    var closedRooms: Set<BufferID> = []
    /// Where each `/who` asked is answered: the buffer it was typed in, and when (milliseconds), oldest first.
    var pendingWho: [(buffer: BufferID, at: Int64)] = []
    /// Room names seen in a `rooms` listing, for completing `/join`.
    var knownRooms: [String] = []
    /// The buffer shown before a run of Alt-A: where Alt-A returns once nothing is left to read.
    var activityOrigin: BufferID?
    /// When the terminal bell rings.
    public var bell: BellPolicy
    /// Lines on their way to the server, paced within its flood limit (ChatState+Outbox).
    public internal(set) var outbox = LinePacer()
    /// Whether dropping the queued lines has been asked for (Esc-Esc, Ctrl-C).
    public internal(set) var dropConfirmation = DropConfirmation.none
    /// The time of the last event, milliseconds since 1970.
    public internal(set) var now: Int64 = 0

    /// Commands offered by Tab: the server's and the local ones.
    public static let commands = [
        "/who", "/nick", "/msg", "/me", "/quit", "/help", "/clear", "/join", "/part", "/rooms", "/topic", "/close",
        "/query",
    ]

    public init(
        serverAddress: String, myName: String, size: Size, scrollbackLimit: Int = 10_000, utcOffsetSeconds: Int = 0,
        bell: BellPolicy = .mentions
    ) {
        self.serverAddress = serverAddress
        self.buffers = [ChatBuffer(id: .implicitRoom, name: nil)]
        self.bell = bell
        self.myName = myName
        self.size = size
        self.scrollbackLimit = max(1, scrollbackLimit)
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The buffer shown.
    public var current: ChatBuffer { self.buffers[self.currentIndex] }

    /// The current buffer's log.
    public var entries: [LogEntry] { self.current.entries }
    /// The current buffer's roster.
    public var users: [String] { self.current.users }
    /// How far the current buffer is scrolled up, in rows.
    public var scrollOffset: Int { self.current.scrollOffset }
    /// Whether the current buffer's roster is the one from before the connection was lost.
    public var rosterIsStale: Bool { self.current.rosterIsStale }
    /// How many are online in the current room.
    public var onlineCount: Int { self.current.onlineCount }

    /// Whether the room bar is shown: once there is more than one buffer to switch between.
    public var showsRoomBar: Bool { self.buffers.count > 1 }

    /// The layout for the current size.
    public var layout: Layout { Layout(size: self.size, roomBar: self.showsRoomBar) }

    /// The log pane's size (zero when the terminal is too small).
    var logSize: Size { self.layout.panes?.log.size ?? .zero }

    /// The index of a buffer, if there is one.
    func index(of id: BufferID) -> Int? {
        self.buffers.firstIndex { $0.id == id }
    }

    /// Appends an entry made at `milliseconds` to buffer `index`, after a date line if it is on another day than
    /// the entry before it (or, for the first, than today). A message in a buffer not shown counts as unread.
    /// - Returns: whether it rings the bell.
    @discardableResult
    mutating func append(_ entry: LogEntry, at milliseconds: Int64, in index: Int) -> Bool {
        let day = DayLine.day(ofMilliseconds: milliseconds, utcOffsetSeconds: self.utcOffsetSeconds)
        let previous =
            self.buffers[index].lastDay
            ?? DayLine.day(ofMilliseconds: self.now, utcOffsetSeconds: self.utcOffsetSeconds)
        if day != previous {
            self.append(Self.dateLine(day), in: index)
        }
        self.buffers[index].lastDay = day
        var entry = entry
        entry.day = day
        self.append(entry, in: index)
        return self.noteArrival(of: entry, in: index)
    }

    /// Appends a log entry to buffer `index` (the current one by default).
    mutating func append(_ entry: LogEntry, in index: Int? = nil) {
        self.buffers[index ?? self.currentIndex].append(
            entry, logWidth: self.logSize.width, limit: self.scrollbackLimit)
    }

    /// Inserts a log entry at `position` in buffer `index`, keeping the view still when scrolled up.
    mutating func insert(_ entry: LogEntry, at position: Int, in index: Int) {
        self.buffers[index].insert(entry, at: position, logWidth: self.logSize.width, limit: self.scrollbackLimit)
    }

    /// A notice or error made here, stamped with the current time.
    mutating func local(_ kind: LogEntry.Kind, _ text: String, in index: Int? = nil) {
        self.append(
            LogEntry(kind: kind, time: self.clock(self.now), text: DisplaySanitizer.clean(text, keepNewlines: true)),
            at: self.now, in: index ?? self.currentIndex)
    }

    /// "HH:MM" of a time in milliseconds since 1970, in local time (the protocol's one clock).
    func clock(_ milliseconds: Int64) -> String {
        Timestamp.clock(millisecondsSince1970: milliseconds, utcOffsetSeconds: self.utcOffsetSeconds, seconds: false)
    }
}
