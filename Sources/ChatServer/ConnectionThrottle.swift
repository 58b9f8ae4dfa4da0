import ChatProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits how often one address may connect, and shuts out for a while an address that flooded: the flood limit is
/// per connection, so without this a client that reconnects after every burst (or after every excess-flood cut) gets
/// its lines, a join and a leave into the room each time. Pure: time comes in.
///
/// Connections from this machine (127.0.0.0/8, ::1) count like any other's while `limitsLoopback` (the default; the
/// server's `trustLoopback` exempts them, for a load generator or a local bridge that connects thousands of times);
/// an excess flood shuts out every address, loopback included. Memory is bounded: addresses whose bucket is full again are forgotten
/// when more than `maximumTracked` are kept.
struct ConnectionThrottle {
    /// Connections at once per address, then per second; nil: no rate.
    let limit: FloodLimit?
    let limitsLoopback: Bool
    /// How long an address that flooded is refused, in nanoseconds.
    let banNanoseconds: UInt64
    let maximumTracked: Int
    /// Connections one address may hold at once (nil: no limit); exempt like the rate.
    let maximumHeld: Int?

    private var buckets: [String: TokenBucket] = [:]
    /// Connections held now, per address, of those let in and counted.
    private var held: [String: Int] = [:]
    /// Addresses refused until the time given (monotonic nanoseconds).
    private var bannedUntil: [String: UInt64] = [:]

    init(
        limit: FloodLimit?, limitsLoopback: Bool, banNanoseconds: UInt64, maximumHeld: Int? = nil,
        maximumTracked: Int = 10_000
    ) {
        self.limit = limit
        self.maximumHeld = maximumHeld
        self.limitsLoopback = limitsLoopback
        self.banNanoseconds = banNanoseconds
        self.maximumTracked = max(1, maximumTracked)
    }

    /// Why a new connection from `address` is refused, or nil to let it in (which counts it: call `release` when it
    /// closes).
    mutating func refusal(for peer: String?, now: UInt64) -> String? {
        guard let peer else { return nil }
        let loopback = Self.isLoopback(peer)
        let address = Self.key(peer)
        if let until = self.bannedUntil[address] {
            if until > now {
                return "too many lines from your address (excess flood); try again in \(Self.seconds(until - now)) s"
            }
            self.bannedUntil[address] = nil
        }
        guard self.limitsLoopback || !loopback else { return nil }
        if let maximumHeld = self.maximumHeld, self.held[address, default: 0] >= maximumHeld {
            return "too many connections from your address (at most \(maximumHeld) at once)"
        }
        guard let limit = self.limit else {
            self.held[address, default: 0] += 1
            return nil
        }
        var bucket = self.buckets[address] ?? TokenBucket(limit: limit, now: now)
        let allowed = bucket.take(now: now)
        self.buckets[address] = bucket
        if self.buckets.count > self.maximumTracked { self.forgetIdle(now: now) }
        guard !allowed else {
            self.held[address, default: 0] += 1
            return nil
        }
        return "connecting too often from your address (at most \(limit.burst) at once, then "
            + "\(limit.perSecond.plainText) per second); try again in \(Self.seconds(UInt64(1e9 / limit.perSecond))) s"
    }

    /// A connection that `refusal` let in and counted has closed.
    mutating func release(_ peer: String?) {
        guard let peer else { return }
        let address = Self.key(peer)
        guard let count = self.held[address] else { return }
        self.held[address] = count > 1 ? count - 1 : nil
    }

    /// `address` went on flooding far beyond its limit: refuse it for the ban.
    mutating func ban(_ peer: String?, now: UInt64) {
        guard let peer, self.banNanoseconds > 0 else { return }
        let address = Self.key(peer)
        self.bannedUntil[address] = now + self.banNanoseconds
        if self.bannedUntil.count > self.maximumTracked {
            self.bannedUntil = self.bannedUntil.filter { $0.value > now }
        }
    }

    /// How many addresses are kept (tests check it stays bounded).
    var trackedCount: Int { self.buckets.count + self.bannedUntil.count }

    /// Connections held now from `address` (tests).
    func heldCount(_ address: String) -> Int { self.held[Self.key(address), default: 0] }

    private mutating func forgetIdle(now: UInt64) {
        self.buckets = self.buckets.filter { !$0.value.isFull(now: now) }
        if self.buckets.count > self.maximumTracked { self.buckets.removeAll() }
    }

    /// Whole seconds, rounded up, at least 1.
    private static func seconds(_ nanoseconds: UInt64) -> Int {
        max(1, Int((nanoseconds + 999_999_999) / 1_000_000_000))
    }

    /// The key an address is throttled (and banned) under: an IPv4 address itself, also when a dual-stack listener
    /// sees it mapped into IPv6 (`::ffff:192.0.2.1` is `192.0.2.1`, whichever listener or log named it); an IPv6
    /// one by its /64 (one host or one subscriber network usually has a whole /64, so per address it would never be
    /// throttled at all).
    static func key(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        let all = withUnsafeBytes(of: &bytes) { Array($0) }
        if all.prefix(10).allSatisfy({ $0 == 0 }), all[10] == 0xff, all[11] == 0xff {
            return all.suffix(4).map { String($0) }.joined(separator: ".")
        }
        return all.prefix(8).map { String($0, radix: 16) }.joined(separator: ".") + "/64"
    }

    /// 127.0.0.0/8, ::1, and IPv4-mapped 127.x.
    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || Self.key(address).hasPrefix("127.")
    }
}
