import NIOCore

/// How an `SQLiteMessageStore` keeps and prunes messages. By default it keeps everything.
public struct SQLiteStoreConfiguration: Sendable {
    /// Keep messages younger than this (by their own time); older ones are deleted in the background. nil: no limit.
    public var retainMilliseconds: Int64?
    /// Keep each room's newest this many messages; older ones are deleted in the background. nil: no limit.
    public var retainMessages: Int?
    /// How often retention runs (and expired sessions are deleted).
    public var pruneInterval: TimeAmount = .seconds(10)
    /// Rows deleted by one pruning statement: appends wait at most for one of them.
    public var pruneBatch = 500
    /// Messages per INSERT statement: 500 rows of 10 values stay far below SQLite's variable limit (32,766).
    public var rowsPerStatement = 500
    /// The snapshot at open holds the recent history of at most this many rooms, the most recently active ones,
    public var snapshotRooms = 200
    /// each with at most this many messages
    public var snapshotMessages = 50
    /// and this many bytes (counted as the server's room history counts them).
    public var snapshotBytes = 256 * 1024

    public init(retainMilliseconds: Int64? = nil, retainMessages: Int? = nil) {
        self.retainMilliseconds = retainMilliseconds
        self.retainMessages = retainMessages
    }
}
