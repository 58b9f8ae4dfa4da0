/// A per-client rate limit on lines: a burst, then a steady rate. `nil` where used means no limit. The server applies
/// it; the `welcome` states it, and the client paces its lines within it.
public struct FloodLimit: Equatable, Sendable, CustomStringConvertible {
    /// Lines a client may send at once after a quiet spell.
    public var burst: Int
    /// Lines per second allowed after the burst.
    public var perSecond: Double

    public init(burst: Int, perSecond: Double) {
        self.burst = burst
        self.perSecond = perSecond
    }

    /// The default: a burst of 10 lines, then 5 lines per second.
    public static let standard = FloodLimit(burst: 10, perSecond: 5)

    /// Parses "BURST:RATE" (e.g. "10:5"); "off" is handled by the caller as no limit.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let burst = Int(parts[0]), burst >= 1, let rate = Double(parts[1]), rate > 0,
            rate.isFinite
        else { return nil }
        self.init(burst: burst, perSecond: rate)
    }

    public var description: String {
        "\(self.burst):\(self.perSecond.plainText)"
    }
}
