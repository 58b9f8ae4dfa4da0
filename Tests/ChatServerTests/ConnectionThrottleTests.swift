import ChatProtocol
import Testing

@testable import ChatServer

@Suite("ConnectionThrottle")
struct ConnectionThrottleTests {
    static let second: UInt64 = 1_000_000_000

    @Test("an address may connect a burst at once, then at the rate; other addresses are not affected")
    func rate() {
        var throttle = ConnectionThrottle(
            limit: FloodLimit(burst: 3, perSecond: 1), limitsLoopback: false, banNanoseconds: 30 * Self.second)
        let now = 10 * Self.second
        for _ in 0..<3 { #expect(throttle.refusal(for: "203.0.113.7", now: now) == nil) }
        let refusal = throttle.refusal(for: "203.0.113.7", now: now)
        #expect(refusal?.hasPrefix("connecting too often from your address") == true)
        #expect(throttle.refusal(for: "198.51.100.1", now: now) == nil)
        #expect(throttle.refusal(for: "203.0.113.7", now: now + Self.second) == nil)
    }

    @Test(
        "this machine is exempt from the rate unless asked, never from an excess-flood ban",
        arguments: [
            "127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1",
        ])
    func loopback(address: String) {
        var exempt = ConnectionThrottle(
            limit: FloodLimit(burst: 1, perSecond: 1), limitsLoopback: false, banNanoseconds: 30 * Self.second)
        for _ in 0..<100 { #expect(exempt.refusal(for: address, now: Self.second) == nil) }
        exempt.ban(address, now: Self.second)
        #expect(exempt.refusal(for: address, now: 2 * Self.second)?.contains("excess flood") == true)
        #expect(exempt.refusal(for: address, now: 31 * Self.second + 1) == nil)
        var limited = ConnectionThrottle(
            limit: FloodLimit(burst: 1, perSecond: 1), limitsLoopback: true, banNanoseconds: 30 * Self.second)
        #expect(limited.refusal(for: address, now: Self.second) == nil)
        #expect(limited.refusal(for: address, now: Self.second) != nil)
    }

    @Test("a ban says how long is left; no limit and no ban let everyone in")
    func banAndOff() {
        var throttle = ConnectionThrottle(limit: nil, limitsLoopback: true, banNanoseconds: 30 * Self.second)
        for _ in 0..<100 { #expect(throttle.refusal(for: "203.0.113.7", now: Self.second) == nil) }
        throttle.ban("203.0.113.7", now: Self.second)
        #expect(throttle.refusal(for: "203.0.113.7", now: 11 * Self.second)?.hasSuffix("try again in 20 s") == true)
        var noBan = ConnectionThrottle(limit: nil, limitsLoopback: true, banNanoseconds: 0)
        noBan.ban("203.0.113.7", now: Self.second)
        #expect(noBan.refusal(for: "203.0.113.7", now: Self.second) == nil)
    }

    @Test("memory stays bounded: addresses that calmed down are forgotten")
    func bounded() {
        var throttle = ConnectionThrottle(
            limit: FloodLimit(burst: 2, perSecond: 1), limitsLoopback: false, banNanoseconds: 0, maximumTracked: 100)
        for index in 0..<10_000 {
            _ = throttle.refusal(for: "10.0.\(index / 256).\(index % 256)", now: UInt64(index) * Self.second)
        }
        #expect(throttle.trackedCount <= 100)
    }

    @Test("an address holds at most so many connections at once; a closed one makes room")
    func held() {
        var throttle = ConnectionThrottle(limit: nil, limitsLoopback: false, banNanoseconds: 0, maximumHeld: 3)
        for _ in 0..<3 { #expect(throttle.refusal(for: "203.0.113.7", now: Self.second) == nil) }
        #expect(
            throttle.refusal(for: "203.0.113.7", now: Self.second)
                == "too many connections from your address (at most 3 at once)")
        #expect(throttle.refusal(for: "198.51.100.1", now: Self.second) == nil)
        throttle.release("203.0.113.7")
        #expect(throttle.heldCount("203.0.113.7") == 2)
        #expect(throttle.refusal(for: "203.0.113.7", now: Self.second) == nil)
        for _ in 0..<100 { #expect(throttle.refusal(for: "127.0.0.1", now: Self.second) == nil) }
        for _ in 0..<10 { throttle.release("203.0.113.7") }
        #expect(throttle.heldCount("203.0.113.7") == 0)
    }

    @Test("IPv6 addresses are throttled by their /64; IPv4 and mapped addresses by the IPv4 address")
    func ipv6Prefix() {
        #expect(ConnectionThrottle.key("2001:db8:1:2::1") == ConnectionThrottle.key("2001:db8:1:2:ffff::9"))
        #expect(ConnectionThrottle.key("2001:db8:1:2::1") != ConnectionThrottle.key("2001:db8:1:3::1"))
        #expect(ConnectionThrottle.key("203.0.113.7") == "203.0.113.7")
        #expect(ConnectionThrottle.key("::ffff:203.0.113.7") == "203.0.113.7")
        var throttle = ConnectionThrottle(
            limit: FloodLimit(burst: 2, perSecond: 1), limitsLoopback: false, banNanoseconds: 0, maximumHeld: nil)
        #expect(throttle.refusal(for: "2001:db8:1:2::1", now: Self.second) == nil)
        #expect(throttle.refusal(for: "2001:db8:1:2::2", now: Self.second) == nil)
        #expect(throttle.refusal(for: "2001:db8:1:2::3", now: Self.second) != nil, "the same /64")
        #expect(throttle.refusal(for: "2001:db8:9:9::1", now: Self.second) == nil)
    }
}
