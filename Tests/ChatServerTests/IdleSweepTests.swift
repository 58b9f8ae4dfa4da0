import Testing

@testable import ChatServer

@Suite("IdleSweep")
struct IdleSweepTests {
    static let second: UInt64 = 1_000_000_000

    @Test("on time, silence since timeout ago counts")
    func onTime() {
        var sweep = IdleSweep(timeout: 3 * Self.second, interval: Self.second / 2, now: 10 * Self.second)
        #expect(sweep.silentBefore(now: 10 * Self.second + Self.second / 2) == 7 * Self.second + Self.second / 2)
        #expect(sweep.silentBefore(now: 11 * Self.second) == 8 * Self.second)
    }

    @Test("after a pause (SIGSTOP for 5 s with a 3 s timeout) nobody is judged at once, and the pause is not silence")
    func pause() {
        let s = Self.second
        var sweep = IdleSweep(timeout: 3 * s, interval: s / 2, now: 10 * s)
        #expect(sweep.silentBefore(now: 10 * s + s / 2) != nil)
        // Stopped from 10.5 s to 15.5 s: the first sweep after waking judges nobody.
        #expect(sweep.silentBefore(now: 15 * s + s / 2) == nil)
        // Half a second later (the loop has read what was waiting): the 4.5 s of the pause are not counted. A client
        // last heard at 10.4 s, just before the stop, is not idle yet: it had 0.1 + 0.5 s of awake silence.
        let first = sweep.silentBefore(now: 16 * s)
        #expect(first == 16 * s - 3 * s - (5 * s - s / 2))
        #expect(10 * s + 4 * s / 10 > first ?? .max)
        // One timeout after the pause the credit is gone.
        #expect(sweep.silentBefore(now: 16 * s + s / 2) == 16 * s + s / 2 - 3 * s - (5 * s - s / 2))
        var now = 16 * s + s / 2
        while now < 19 * s {
            now += s / 2
            _ = sweep.silentBefore(now: now)
        }
        #expect(sweep.silentBefore(now: now + s / 2) == now + s / 2 - 3 * s)
    }

    @Test("a sweep a little late on a busy loop still judges")
    func slightlyLate() {
        var sweep = IdleSweep(timeout: 3 * Self.second, interval: Self.second / 10, now: 0)
        #expect(sweep.silentBefore(now: Self.second / 10 + Self.second / 5) != nil)
    }
}

@Suite("IdleSweep header timeout")
struct IdleSweepHeaderTests {
    static let second: UInt64 = 1_000_000_000

    @Test("the header timeout has its own cutoff, with or without an idle timeout, and its own pause credit")
    func header() {
        let s = Self.second
        var both = IdleSweep(timeout: 300 * s, headerTimeout: 10 * s, interval: s, now: 100 * s)
        #expect(
            both.cutoffs(now: 101 * s) == IdleSweep.Cutoffs(silentBefore: 0, connectedBefore: 91 * s))
        var headerOnly = IdleSweep(timeout: nil, headerTimeout: 10 * s, interval: s, now: 100 * s)
        #expect(headerOnly.cutoffs(now: 101 * s) == IdleSweep.Cutoffs(silentBefore: nil, connectedBefore: 91 * s))
        // Stopped for 5 s: nobody judged on waking, then the pause is no wait.
        #expect(headerOnly.cutoffs(now: 107 * s) == nil)
        #expect(headerOnly.cutoffs(now: 108 * s)?.connectedBefore == 108 * s - 10 * s - 5 * s)
    }

    @Test("a sweep every tenth of the shorter timeout, at most a second; none without a timeout")
    func interval() {
        let s = Self.second
        #expect(IdleSweep.interval(timeout: 300 * s, headerTimeout: 10 * s) == s)
        #expect(IdleSweep.interval(timeout: nil, headerTimeout: s) == s / 10)
        #expect(IdleSweep.interval(timeout: 2 * s, headerTimeout: nil) == s / 5)
        #expect(IdleSweep.interval(timeout: nil, headerTimeout: nil) == nil)
    }
}
