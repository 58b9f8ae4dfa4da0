import ChatProtocol

/// Limits password guesses: per address and per account, `perMinute` attempts (as a burst, refilled over a minute),
/// then a delay that doubles with every further refusal, up to `maximumDelaySeconds`. Pure: time comes in
/// (monotonic nanoseconds).
///
/// Every attempt counts, right or wrong, until a right one clears its account's count (and is not held against its
/// address): a guesser is slowed whether or not it ever hits, and a user who typed a password wrong a few times is
/// not locked out after getting it right. Memory is bounded: idle entries are forgotten when more than `maximumTracked` are kept.
struct LoginThrottle {
    let perMinute: Int
    let maximumDelaySeconds: UInt64
    let maximumTracked: Int

    private struct Entry {
        var bucket: TokenBucket
        /// Refusals since the bucket last had room: each doubles the delay.
        var strikes = 0
        var blockedUntil: UInt64 = 0
    }

    private var entries: [String: Entry] = [:]

    init(perMinute: Int = 5, maximumDelaySeconds: UInt64 = 900, maximumTracked: Int = 10_000) {
        self.perMinute = max(1, perMinute)
        self.maximumDelaySeconds = maximumDelaySeconds
        self.maximumTracked = max(1, maximumTracked)
    }

    /// The keys an attempt counts against: its address (by `ConnectionThrottle.key`) and the account it names.
    static func keys(address: String?, account: String?) -> [String] {
        var keys: [String] = []
        if let address { keys.append(Self.addressPrefix + ConnectionThrottle.key(address)) }
        if let account { keys.append("account " + account) }
        return keys
    }

    /// Counts an attempt: nil when it may go ahead, else how many seconds to wait (the attempt is not made).
    mutating func attempt(_ keys: [String], now: UInt64) -> UInt64? {
        var wait: UInt64 = 0
        for key in keys {
            let entry = self.entries[key] ?? Entry(bucket: TokenBucket(limit: self.limit, now: now))
            if entry.blockedUntil > now { wait = max(wait, entry.blockedUntil - now) }
            if entry.bucket.nanosecondsUntilToken(now: now) > 0 { wait = max(wait, 1) }
        }
        guard wait > 0 else {
            for key in keys {
                var entry = self.entries[key] ?? Entry(bucket: TokenBucket(limit: self.limit, now: now))
                _ = entry.bucket.take(now: now)
                self.entries[key] = entry
            }
            if self.entries.count > self.maximumTracked { self.forgetIdle(now: now) }
            return nil
        }
        var longest: UInt64 = 0
        for key in keys {
            guard var entry = self.entries[key] else { continue }
            if entry.bucket.nanosecondsUntilToken(now: now) > 0 || entry.blockedUntil > now {
                entry.strikes += 1
                // An account's delay stops at a minute: else one guess every few minutes from anywhere would keep
                // its owner out for good. An address's grows on.
                let cap = key.hasPrefix("account ") ? min(60, self.maximumDelaySeconds) : self.maximumDelaySeconds
                let delay = min(cap, UInt64(1) << UInt64(min(entry.strikes, 20)))
                entry.blockedUntil = max(entry.blockedUntil, now + delay * 1_000_000_000)
                longest = max(longest, entry.blockedUntil - now)
                self.entries[key] = entry
            }
        }
        return max(1, (longest + 999_999_999) / 1_000_000_000)
    }

    /// A right password: its account starts afresh, and its address gets back the attempt it took. The address's
    /// earlier misses still count: a right password for an account of one's own would otherwise wipe them, and
    /// one address could guess at other accounts without end, four at a time.
    mutating func succeeded(_ keys: [String], now: UInt64) {
        for key in keys {
            if key.hasPrefix(Self.addressPrefix) {
                self.entries[key]?.bucket.giveBack(now: now)
            } else {
                self.entries[key] = nil
            }
        }
    }

    private static let addressPrefix = "address "

    var trackedCount: Int { self.entries.count }

    private var limit: FloodLimit {
        FloodLimit(burst: self.perMinute, perSecond: Double(self.perMinute) / 60)
    }

    private mutating func forgetIdle(now: UInt64) {
        self.entries = self.entries.filter { !$0.value.bucket.isFull(now: now) || $0.value.blockedUntil > now }
        // Still too many: the blocked ones are what the throttle is for, so the others go first (many addresses
        // must not be a way to wipe the block on an account someone is guessing at).
        if self.entries.count > self.maximumTracked {
            self.entries = self.entries.filter { $0.value.blockedUntil > now }
        }
        if self.entries.count > self.maximumTracked { self.entries.removeAll() }
    }
}
