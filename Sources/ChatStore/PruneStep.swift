import SQLiteNIO

/// One kind of deletion retention makes, a batch of rows at a time: the step is repeated while a statement deleted
/// a full batch. Counters (`meta`, `rooms`) are never touched, so numbering continues after everything is gone.
enum PruneStep: Equatable {
    /// Messages (of rooms and private) older than `wall` milliseconds since 1970.
    case olderThan(wall: Int64)
    /// A room's messages but its newest `keep`.
    case beyondNewest(room: Int64, keep: Int)
    /// Sessions whose expiry is at or before `now`.
    case expiredSessions(now: Int64)

    /// The DELETE of at most `batch` rows.
    func statement(batch: Int) -> StoreStatement {
        switch self {
        case .olderThan(let wall):
            StoreStatement(
                "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE wall < ?1 LIMIT ?2)",
                [.integer(Int(wall)), .integer(batch)])
        case .beyondNewest(let room, let keep):
            // The (keep+1)th newest seq and everything before it go; no such message, nothing goes.
            StoreStatement(
                """
                DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE room = ?1 AND seq <= \
                (SELECT seq FROM messages WHERE room = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2) ORDER BY seq LIMIT ?3)
                """,
                [.integer(Int(room)), .integer(max(0, keep)), .integer(batch)])
        case .expiredSessions(let now):
            StoreStatement(
                "DELETE FROM sessions WHERE number IN (SELECT number FROM sessions WHERE expires <= ?1 LIMIT ?2)",
                [.integer(Int(now)), .integer(batch)])
        }
    }
}
