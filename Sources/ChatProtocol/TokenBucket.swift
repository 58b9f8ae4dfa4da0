/// A token bucket: `burst` tokens, refilled at `perSecond`; each accepted line takes one. Pure: time comes in.
public struct TokenBucket: Equatable, Sendable {
    public private(set) var limit: FloodLimit
    private var tokens: Double
    private var last: UInt64

    /// - Parameter now: a monotonic time in nanoseconds.
    public init(limit: FloodLimit, now: UInt64) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.last = now
    }

    /// Full, plus what the rate would have let through in `seconds`: lines a client sent at its rate while the server
    /// could not read them come all at once, and are still within the limit. At most a minute's worth.
    public mutating func credit(seconds: Double, now: UInt64) {
        let extra = min(60, max(0, seconds)) * self.limit.perSecond
        self.tokens = max(self.tokens, Double(self.limit.burst)) + extra
        self.last = max(self.last, now)
    }

    /// Whether the bucket would be full at `now`: the sender has been within its rate for a whole burst's refill.
    public func isFull(now: UInt64) -> Bool {
        let refill = now > self.last ? Double(now - self.last) / 1e9 * self.limit.perSecond : 0
        return self.tokens + refill >= Double(self.limit.burst) - 1e-9
    }

    /// Nanoseconds from `now` until a token is there (0: one is there now).
    public func nanosecondsUntilToken(now: UInt64) -> UInt64 {
        let refill = now > self.last ? Double(now - self.last) / 1e9 * self.limit.perSecond : 0
        let available = max(self.tokens, min(Double(self.limit.burst), self.tokens + refill))
        guard available < 1 - 1e-9 else { return 0 }
        return UInt64(((1 - available) / self.limit.perSecond * 1e9).rounded(.up))
    }

    /// Goes on under another limit: what was there at `now`, at most the new burst.
    public mutating func change(to limit: FloodLimit, now: UInt64) {
        self.refill(now: now)
        self.limit = limit
        self.tokens = min(self.tokens, Double(limit.burst))
    }

    /// Takes a token if there is one. - Returns: whether the line may pass.
    public mutating func take(now: UInt64) -> Bool {
        self.refill(now: now)
        // Refills add up in floating point (ten refills of 0.1 make 0.999...): a hair under a token is a token.
        guard self.tokens >= 1 - 1e-9 else { return false }
        self.tokens -= 1
        return true
    }

    /// Gives back a token taken for something that turned out not to count (never beyond a full bucket).
    public mutating func giveBack(now: UInt64) {
        self.refill(now: now)
        self.tokens = max(self.tokens, min(Double(self.limit.burst), self.tokens + 1))
    }

    private mutating func refill(now: UInt64) {
        guard now > self.last else { return }
        let refill = Double(now - self.last) / 1e9 * self.limit.perSecond
        // Refilled up to the burst; a credit above it (see `credit`) is kept until used.
        self.tokens = max(self.tokens, min(Double(self.limit.burst), self.tokens + refill))
        self.last = now
    }
}
