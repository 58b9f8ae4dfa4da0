/// The rules of a room: how much history, how fast people may talk, what newcomers read.
public struct RoomConfiguration: Sendable {
    /// Chat messages replayed to each newcomer (0: none).
    public var historyLimit: Int
    /// Per-member line rate limit; nil means none.
    public var floodLimit: FloodLimit?
    /// A message of the day appended to the welcome, if any.
    public var motd: String?

    public init(historyLimit: Int = 50, floodLimit: FloodLimit? = .standard, motd: String? = nil) {
        self.historyLimit = historyLimit
        self.floodLimit = floodLimit
        self.motd = motd
    }
}
