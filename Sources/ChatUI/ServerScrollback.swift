/// A room buffer's scrolling back into the server's history: the page asked for and on its way, and whether the
/// log already reaches the room's first message.
///
/// The lines it puts in the log sit at its very top (`entries[0]`), above everything loaded: "-- loading --" while a
/// page is on its way, "-- start of #room --" once the room's first message is loaded. Trimming the log from the
/// top (the scrollback limit) or clearing it takes them away, and `logLostItsTop` says so.
struct ServerScrollback: Sendable, Equatable {
    /// The `before` of the `history` request on its way (the lowest `seq` loaded when it was asked); nil when none is.
    var pendingBefore: UInt64?
    /// The page's messages so far, oldest first, shown together when its `replay_end` comes.
    var page: [LogEntry] = []
    /// Whether the "-- loading --" line is at the top of the log.
    var loadingShown = false
    /// Whether the "-- start of #room --" line is at the top of the log: there is nothing older to ask for.
    var startShown = false
    /// Whether the log holds messages of another server (before a welcome from a new identity): this server's older
    /// history would go above them, out of order, so none is asked for until `/clear`.
    var otherServerAbove = false

    static let loadingText = "-- loading --"

    /// The line above a room's first message.
    static func startText(_ label: String) -> String { "-- start of \(label) --" }

    /// The top of the log went (trimmed to the scrollback limit, or cleared): so did the lines kept there, and the
    /// room's start is no longer loaded. A page still on its way finds the log changed and is dropped.
    mutating func logLostItsTop() {
        self.loadingShown = false
        self.startShown = false
    }

    /// The connection went: no answer is coming.
    mutating func cancel() {
        self.pendingBefore = nil
        self.page = []
    }
}
