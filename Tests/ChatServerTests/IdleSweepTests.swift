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
