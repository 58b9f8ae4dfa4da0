/// Decides, at each idle sweep, from when on silence counts: pure, so pauses can be tested without stopping a process.
///
/// A server that was stopped (SIGSTOP, a paused VM, a suspended laptop) wakes with every timer overdue and every
/// socket full of what clients sent meanwhile. Judged at once, everyone looks idle, those who pinged all along
/// included, and their lines are lost with them. So a sweep that comes much later than due skips judging (the loop
/// reads what is waiting first), and for one timeout after it the pause does not count as silence.
struct IdleSweep {
    /// Silence longer than this times a connection out, in nanoseconds.
    let timeout: UInt64
    /// How often the sweep is due, in nanoseconds.
    let interval: UInt64
    private var lastSweep: UInt64
    /// The last pause seen: when it ended and how long it was.
    private var pauseEnd: UInt64 = 0
    private var pauseLength: UInt64 = 0

    init(timeout: UInt64, interval: UInt64, now: UInt64) {
        self.timeout = timeout
        self.interval = interval
        self.lastSweep = now
    }

    /// A sweep later than this past its due time means the process was not running.
    var lateness: UInt64 { max(self.interval, 500_000_000) }

    /// - Returns: the time before which a connection's last line makes it idle, or nil to judge nobody this time.
    mutating func silentBefore(now: UInt64) -> UInt64? {
        let gap = now > self.lastSweep ? now - self.lastSweep : 0
        self.lastSweep = now
        if gap > self.interval + self.lateness {
            self.pauseEnd = now
            self.pauseLength = gap - self.interval
            return nil
        }
        var allowed = self.timeout
        if now - self.pauseEnd < self.timeout { allowed += self.pauseLength }
        return now > allowed ? now - allowed : 0
    }
}
