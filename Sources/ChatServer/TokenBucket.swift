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

    /// Whether the bucket would be full at `now`: the sender has been within its rate for a whole burst's refill.
    public func isFull(now: UInt64) -> Bool {
        let refill = now > self.last ? Double(now - self.last) / 1e9 * self.limit.perSecond : 0
        return self.tokens + refill >= Double(self.limit.burst) - 1e-9
    }

    /// Takes a token if there is one. - Returns: whether the line may pass.
    public mutating func take(now: UInt64) -> Bool {
        if now > self.last {
            let refill = Double(now - self.last) / 1e9 * self.limit.perSecond
            self.tokens = min(Double(self.limit.burst), self.tokens + refill)
            self.last = now
        }
        // Refills add up in floating point (ten refills of 0.1 make 0.999...): a hair under a token is a token.
        guard self.tokens >= 1 - 1e-9 else { return false }
        self.tokens -= 1
        return true
    }
}
