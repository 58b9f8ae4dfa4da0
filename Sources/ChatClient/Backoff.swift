/// Reconnect delays: 1 s doubling to 30 s, each with ±20 % jitter so a room of clients does not reconnect in step.
public struct Backoff: Sendable {
    public var initial: Double
    public var maximum: Double
    public var jitter: Double
    private var attempt = 0

    public init(initial: Double = 1, maximum: Double = 30, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay before the next attempt, in seconds; each call doubles the base up to `maximum`.
    public mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Double {
        let base = min(self.maximum, self.initial * Double(1 << min(self.attempt, 30)))
        self.attempt += 1
        let spread = base * self.jitter
        return spread > 0 ? base + Double.random(in: -spread...spread, using: &generator) : base
    }

    public mutating func nextDelay() -> Double {
        var generator = SystemRandomNumberGenerator()
        return self.nextDelay(using: &generator)
    }

    /// After a successful connection the next failure starts again at `initial`.
    public mutating func reset() {
        self.attempt = 0
    }
}
