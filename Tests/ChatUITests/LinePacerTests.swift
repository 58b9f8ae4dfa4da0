import ChatProtocol
import Testing

@testable import ChatUI

/// The outgoing queue's token bucket, driven by a clock the tests hold (milliseconds).
@Suite("LinePacer")
struct LinePacerTests {
    static func lines(_ range: ClosedRange<Int>) -> [ChatEffect] { range.map { .send("line \($0)") } }

    /// Releases at every millisecond from `start` to `end`; returns (time, line) pairs.
    static func drive(
        _ pacer: inout LinePacer, from start: Int64, to end: Int64, step: Int64 = 1
    ) -> [(Int64, ChatEffect)] {
        var released: [(Int64, ChatEffect)] = []
        var now = start
        while now <= end {
            released += pacer.release(now: now, connected: true).map { (now, $0) }
            now += step
        }
        return released
    }

    @Test("the server's 10 at once then 5/s: 8 go at once, the rest at most 4.5/s, in order")
    func defaultPace() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.setLimit(burst: 10, perSecond: 5, now: 0)
        pacer.append(Self.lines(1...20))
        #expect(pacer.queuedLines == 20)
        let first = pacer.release(now: 0, connected: true)
        #expect(first == Self.lines(1...8), "two tokens of the burst are kept back for network jitter")
        #expect(pacer.queuedLines == 12)
        let rest = Self.drive(&pacer, from: 1, to: 10_000)
        #expect(rest.map(\.1) == Self.lines(9...20))
        #expect(pacer.queuedLines == 0)
        // Never faster than 4.5 lines/s: consecutive lines at least 1000/4.5 ms apart.
        let times = [Int64(0)] + rest.map(\.0)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later - earlier >= 222, "\(earlier) -> \(later)")
        }
        #expect(rest.last.map(\.0) ?? 0 <= 12 * 223)
    }

    @Test("whatever the timing, the server's own bucket (10, 5/s) never runs dry, even with 400 ms of jitter")
    func serverNeverDrops() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.setLimit(burst: 10, perSecond: 5, now: 0)
        pacer.append(Self.lines(1...200))
        let released = Self.drive(&pacer, from: 0, to: 60_000, step: 7)
        #expect(released.count == 200)
        // Replay the arrivals at a server bucket, each delayed by up to 400 ms more than the one before it
        // went out (worst case: the first line late, every later one on time).
        var tokens = 10.0
        var last = Int64(400)
        for (index, (sent, _)) in released.enumerated() {
            let arrival = index == 0 ? sent + 400 : max(sent, last)
            tokens = min(10, tokens + Double(arrival - last) / 1000 * 5)
            last = arrival
            #expect(tokens >= 1 - 1e-9, "line \(index + 1) would be dropped at \(arrival) ms")
            tokens -= 1
        }
    }

    @Test("an empty queue sends at once; a typed line after a quiet spell goes at once too")
    func typingIsNotDelayed() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.append([.send("hi")])
        #expect(pacer.release(now: 0, connected: true) == [.send("hi")])
        pacer.append(Self.lines(1...30))
        _ = Self.drive(&pacer, from: 0, to: 20_000, step: 50)
        pacer.append([.send("later")])
        #expect(pacer.release(now: 30_000, connected: true) == [.send("later")])
    }

    @Test("nothing goes while disconnected; a new connection starts with a full bucket")
    func disconnected() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.append(Self.lines(1...12))
        #expect(pacer.release(now: 0, connected: false).isEmpty)
        #expect(pacer.millisecondsUntilNextRelease(now: 0, connected: false) == nil)
        #expect(pacer.release(now: 0, connected: true).count == 8)
        pacer.restart(now: 100)
        #expect(pacer.release(now: 100, connected: true) == Self.lines(9...12))
    }

    @Test("quit in the queue goes after the lines before it and needs no token")
    func quitInOrder() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.append(Self.lines(1...9) + [.quit])
        #expect(pacer.release(now: 0, connected: true) == Self.lines(1...8))
        #expect(pacer.queuedLines == 1)
        let later = Self.drive(&pacer, from: 1, to: 1000)
        #expect(later.map(\.1) == [.send("line 9"), .quit])
        // A quit at the head goes even without a connection.
        pacer.append([.quit])
        #expect(pacer.release(now: 2000, connected: false) == [.quit])
    }

    @Test("the next release time: now when a token is there, else when the next one is due")
    func nextRelease() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.setLimit(burst: 10, perSecond: 5, now: 0)
        #expect(pacer.millisecondsUntilNextRelease(now: 0, connected: true) == nil, "nothing queued")
        pacer.append(Self.lines(1...9))
        #expect(pacer.millisecondsUntilNextRelease(now: 0, connected: true) == 0)
        _ = pacer.release(now: 0, connected: true)
        let wait = pacer.millisecondsUntilNextRelease(now: 0, connected: true)
        #expect(wait == 223, "1000 / 4.5 ms, rounded up")
        #expect(pacer.release(now: 222, connected: true).isEmpty)
        #expect(pacer.release(now: 223, connected: true) == [.send("line 9")])
    }

    @Test("limits: absent means the server default; nonsense from the server is clamped; a lower limit cuts the tokens")
    func limits() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.setLimit(burst: nil, perSecond: nil, now: 0)
        #expect(pacer.limit == FloodLimit(burst: 10, perSecond: 5))
        pacer.setLimit(burst: -3, perSecond: .nan, now: 0)
        #expect(pacer.limit == FloodLimit(burst: 1, perSecond: 5))
        pacer.setLimit(burst: 3, perSecond: 0, now: 0)
        #expect(pacer.limit == FloodLimit(burst: 3, perSecond: 0.1))
        pacer.append(Self.lines(1...5))
        #expect(pacer.release(now: 0, connected: true) == Self.lines(1...1), "burst 3 keeps 2 back")
    }

    @Test("dropping empties the queue and says how many lines went")
    func drop() {
        var pacer = LinePacer()
        pacer.restart(now: 0)
        pacer.append(Self.lines(1...20) + [.quit])
        _ = pacer.release(now: 0, connected: true)
        #expect(pacer.removeAll() == 12)
        #expect(pacer.queuedLines == 0)
        #expect(pacer.release(now: 10_000, connected: true).isEmpty)
    }
}
