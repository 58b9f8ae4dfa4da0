/// Decides, at each idle sweep, from when on silence counts: pure, so pauses can be tested without stopping a process.
///
/// Two timeouts are judged by one sweep, so that no connection needs a timer of its own: the idle timeout (nothing
/// heard for so long) and the header timeout (no whole first line so long after connecting: a slowloris client that
/// trickles a byte now and then, never a newline, and so is never heard at all).
///
/// A server that was stopped (SIGSTOP, a paused VM, a suspended laptop) wakes with every timer overdue and every
/// socket full of what clients sent meanwhile. Judged at once, everyone looks idle, those who pinged all along
/// included, and their lines are lost with them. So a sweep that comes much later than due skips judging (the loop
/// reads what is waiting first), and for one timeout after it the pause does not count as silence.
struct IdleSweep {
    /// Silence longer than this times a connection out, in nanoseconds; nil: never.
    let timeout: UInt64?
    /// A connection with no whole line this long after connecting is closed, in nanoseconds; nil: never.
    let headerTimeout: UInt64?
    /// How often the sweep is due, in nanoseconds.
    let interval: UInt64
    private var lastSweep: UInt64
    /// The last pause seen: when it ended and how long it was.
    private var pauseEnd: UInt64 = 0
    private var pauseLength: UInt64 = 0

    /// What one sweep judges by.
    struct Cutoffs: Equatable {
        /// A connection last heard at or before this is idle; nil: nobody is.
        var silentBefore: UInt64?
        /// A connection that connected at or before this and has sent no whole line yet is too slow; nil: nobody is.
        var connectedBefore: UInt64?
    }

    init(timeout: UInt64?, headerTimeout: UInt64? = nil, interval: UInt64, now: UInt64) {
        self.timeout = timeout
        self.headerTimeout = headerTimeout
        self.interval = interval
        self.lastSweep = now
    }

    /// How often to sweep for these timeouts (nanoseconds): a tenth of the shorter, at most a second and at least a
    /// millisecond, so that a connection is let go at most that late; nil when there is no timeout to sweep for.
    static func interval(timeout: UInt64?, headerTimeout: UInt64?) -> UInt64? {
        guard let shortest = [timeout, headerTimeout].compactMap({ $0 }).min() else { return nil }
        return max(1_000_000, min(shortest / 10, 1_000_000_000))
    }

    /// A sweep later than this past its due time means the process was not running.
    var lateness: UInt64 { max(self.interval, 500_000_000) }

    /// - Returns: what to judge connections by now, or nil to judge nobody this time.
    mutating func cutoffs(now: UInt64) -> Cutoffs? {
        let gap = now > self.lastSweep ? now - self.lastSweep : 0
        self.lastSweep = now
        if gap > self.interval + self.lateness {
            self.pauseEnd = now
            self.pauseLength = gap - self.interval
            return nil
        }
        return Cutoffs(
            silentBefore: self.timeout.map { self.before($0, now: now) },
            connectedBefore: self.headerTimeout.map { self.before($0, now: now) })
    }

    /// - Returns: the time before which a connection's last line makes it idle, or nil to judge nobody this time.
    mutating func silentBefore(now: UInt64) -> UInt64? {
        self.cutoffs(now: now)?.silentBefore
    }

    /// `timeout` before `now`, not counting a pause that ended less than a timeout ago.
    private func before(_ timeout: UInt64, now: UInt64) -> UInt64 {
        var allowed = timeout
        if now - self.pauseEnd < timeout { allowed += self.pauseLength }
        return now > allowed ? now - allowed : 0
    }
}
