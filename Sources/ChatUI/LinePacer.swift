/// The outgoing queue: lines (and a quit) in order, released within the server's flood limit so none is dropped.
///
/// A token bucket mirrors the server's (a burst, then a rate), kept a little inside it: two tokens of the burst are
/// held back and the rate is 90 %, so lines that network jitter bunches up (up to 2 / rate seconds, 400 ms at the
/// default 5/s) still arrive within the limit. Each `.send` takes a token; a `.quit` takes none but waits its turn.
/// Pure: time (milliseconds) comes in.
public struct LinePacer: Equatable, Sendable {
    /// A flood limit as the server states it on `welcome`.
    public struct Limit: Equatable, Sendable {
        /// Lines at once.
        public var burst: Int
        /// Lines per second after the burst.
        public var perSecond: Double

        /// The server's default (10 at once, then 5/s), assumed until a welcome says otherwise and when it says
        /// nothing: servers from before the welcome stated its limit had this one.
        public static let serverDefault = Limit(burst: 10, perSecond: 5)
    }

    /// The server's limit in force.
    public private(set) var limit = Limit.serverDefault
    /// Starts full, as `restart` leaves it.
    private var tokens = Double(max(1, Limit.serverDefault.burst - 2))
    private var last: Int64 = 0
    /// What waits to go, oldest first, from `head` on (popped by moving `head`, compacted when half is spent).
    private var queue: [ChatEffect] = []
    private var head = 0

    public init() {}

    /// The burst this client uses: two below the server's, at least one.
    var burst: Double { Double(max(1, limit.burst - 2)) }
    /// The rate this client uses: 90 % of the server's.
    var perSecond: Double { limit.perSecond * 0.9 }

    /// How many lines wait (a queued quit is not a line).
    public var queuedLines: Int {
        queue[head...].count { if case .send = $0 { true } else { false } }
    }

    /// Whether anything (lines or a quit) waits.
    public var isEmpty: Bool { head == queue.count }

    /// A new connection: the server's bucket for it is full, so this one is too.
    public mutating func restart(now: Int64) {
        tokens = burst
        last = now
    }

    /// Takes the limit from a welcome (`nil`s: the server default). Values out of reason are clamped: a burst of at
    /// least 1, a rate of 0.1 to 1000 lines/s (not a number: the default rate).
    public mutating func setLimit(burst: Int?, perSecond: Double?, now: Int64) {
        refill(now: now)
        let rate = perSecond ?? Limit.serverDefault.perSecond
        limit = Limit(
            burst: min(max(1, burst ?? Limit.serverDefault.burst), 10_000),
            perSecond: rate.isNaN ? Limit.serverDefault.perSecond : min(max(0.1, rate), 1000))
        tokens = min(tokens, self.burst)
    }

    /// Queues effects to go in order after what is already queued.
    public mutating func append(_ effects: [ChatEffect]) {
        queue += effects
    }

    /// What may go now, in order: lines while there are tokens and a connection, and a quit when its turn comes.
    public mutating func release(now: Int64, connected: Bool) -> [ChatEffect] {
        refill(now: now)
        var released: [ChatEffect] = []
        while head < queue.count {
            let next = queue[head]
            if case .send = next {
                // Refills add up in floating point: a hair under a token is a token.
                guard connected, tokens >= 1 - 1e-9 else { break }
                tokens -= 1
            }
            released.append(next)
            head += 1
        }
        compact()
        return released
    }

    /// Milliseconds until `release` would give something (0: now), or nil when it never would as things are
    /// (nothing queued, or lines waiting for a connection).
    public func millisecondsUntilNextRelease(now: Int64, connected: Bool) -> Int64? {
        guard head < queue.count else { return nil }
        guard case .send = queue[head] else { return 0 }
        guard connected else { return nil }
        let available = min(burst, tokens + Double(max(0, now - last)) / 1000 * perSecond)
        if available >= 1 - 1e-9 { return 0 }
        return Int64(((1 - available) / perSecond * 1000).rounded(.up))
    }

    /// Drops everything queued. - Returns: how many lines were dropped.
    @discardableResult
    public mutating func removeAll() -> Int {
        let dropped = queuedLines
        queue.removeAll()
        head = 0
        return dropped
    }

    private mutating func refill(now: Int64) {
        guard now > last else { return }
        tokens = min(burst, tokens + Double(now - last) / 1000 * perSecond)
        last = now
    }

    private mutating func compact() {
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}
