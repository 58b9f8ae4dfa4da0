/// A token bucket: `burst` tokens, refilled at `perSecond`; each accepted line takes one. Pure: time comes in.
public struct TokenBucket: Sendable {
    private let limit: FloodLimit
    private var tokens: Double
    private var last: UInt64

    /// - Parameter now: a monotonic time in nanoseconds.
    public init(limit: FloodLimit, now: UInt64) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.last = now
    }

    /// Takes a token if there is one. - Returns: whether the line may pass.
    public mutating func take(now: UInt64) -> Bool {
        if now > self.last {
            let refill = Double(now - self.last) / 1e9 * self.limit.perSecond
            self.tokens = min(Double(self.limit.burst), self.tokens + refill)
            self.last = now
        }
        guard self.tokens >= 1 else { return false }
        self.tokens -= 1
        return true
    }
}
