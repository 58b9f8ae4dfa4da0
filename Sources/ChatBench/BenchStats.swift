import Histogram

/// Counters and the latency histogram of the clients on one event loop (confined to it: no locks on the hot path).
final class BenchStats {
    /// Latency in microseconds, 1 µs to 60 s, 3 significant digits.
    var latency = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    /// `--reconnect-every`: microseconds from dropping a connection to the new one's welcome.
    var resumeTime = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
    var deliveries: UInt64 = 0
    var outOfOrder: UInt64 = 0
    var messagesSent: UInt64 = 0
    var joined = 0
    var readersLost = 0
    var slowDropped = 0
    /// Readers that dropped their connection on purpose and have not been welcomed on the new one yet.
    var reconnecting = 0
    /// Monotonic time of the last counted delivery.
    var lastDelivery: UInt64 = 0

    init() {
        self.latency.autoResize = true
        self.resumeTime.autoResize = true
    }
}

@available(*, unavailable)
extension BenchStats: Sendable {}
