import ChatProtocol

/// The outgoing queue: lines (and a quit) in order, released within the server's flood limit so none is dropped.
///
/// A token bucket mirrors the server's (a burst, then a rate), kept a little inside it: two tokens of the burst are
/// held back and the rate is 90 %, so lines that network jitter bunches up (up to 2 / rate seconds, 400 ms at the
/// default 5/s) still arrive within the limit. Each `.send` and `.history` takes a token (the server counts every
/// line); a `.quit` takes none but waits its turn.
/// Pure: time (milliseconds) comes in.
public struct LinePacer: Equatable, Sendable {
    /// The server's limit in force: its default (10 at once, then 5/s) until a welcome says otherwise, and when it
    /// says nothing (servers from before the welcome stated its limit had this one).
    public private(set) var limit = FloodLimit.standard
    /// The bucket this client spends, kept inside the server's (`pacing`); starts full, as `restart` leaves it.
    private var bucket = TokenBucket(limit: Self.pacing(.standard), now: 0)
    /// What waits to go, oldest first, from `head` on (popped by moving `head`, compacted when half is spent).
    private var queue: [ChatEffect] = []
    private var head = 0

    public init() {}

    /// The limit this client keeps to within the server's: two below its burst (at least one), 90 % of its rate.
    static func pacing(_ limit: FloodLimit) -> FloodLimit {
        FloodLimit(burst: max(1, limit.burst - 2), perSecond: limit.perSecond * 0.9)
    }

    /// The bucket's clock: this type's milliseconds as nanoseconds.
    private static func nanoseconds(_ milliseconds: Int64) -> UInt64 {
        UInt64(max(0, milliseconds)) * 1_000_000
    }

    /// How many lines wait (a queued quit is not a line).
    public var queuedLines: Int {
        queue[head...].count { if case .send = $0 { true } else { false } }
    }

    /// Whether anything (lines or a quit) waits.
    public var isEmpty: Bool { head == queue.count }

    /// A new connection: the server's bucket for it is full, so this one is too.
    public mutating func restart(now: Int64) {
        bucket = TokenBucket(limit: Self.pacing(limit), now: Self.nanoseconds(now))
    }

    /// Takes the limit from a welcome (`nil`s: the server default). Values out of reason are clamped: a burst of at
    /// least 1, a rate of 0.1 to 1000 lines/s (not a number: the default rate).
    public mutating func setLimit(burst: Int?, perSecond: Double?, now: Int64) {
        let rate = perSecond ?? FloodLimit.standard.perSecond
        limit = FloodLimit(
            burst: min(max(1, burst ?? FloodLimit.standard.burst), 10_000),
            perSecond: rate.isNaN ? FloodLimit.standard.perSecond : min(max(0.1, rate), 1000))
        bucket.change(to: Self.pacing(limit), now: Self.nanoseconds(now))
    }

    /// Queues effects to go in order after what is already queued.
    public mutating func append(_ effects: [ChatEffect]) {
        queue += effects
    }

    /// What may go now, in order: lines while there are tokens and a connection, and a quit when its turn comes.
    public mutating func release(now: Int64, connected: Bool) -> [ChatEffect] {
        var released: [ChatEffect] = []
        while head < queue.count {
            let next = queue[head]
            if Self.takesToken(next) {
                guard connected, bucket.take(now: Self.nanoseconds(now)) else { break }
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
        guard Self.takesToken(queue[head]) else { return 0 }
        guard connected else { return nil }
        return Int64((bucket.nanosecondsUntilToken(now: Self.nanoseconds(now)) + 999_999) / 1_000_000)
    }

    /// Whether an effect is a line to the server, which its flood limit counts.
    private static func takesToken(_ effect: ChatEffect) -> Bool {
        switch effect {
        case .send, .history: true
        case .bell, .quit: false
        }
    }

    /// Drops the requests for older history still queued: asked of a connection that is gone, their answer will not
    /// come, and the screen no longer waits for it.
    public mutating func removeHistoryRequests() {
        queue = queue[head...].filter { if case .history = $0 { false } else { true } }
        head = 0
    }

    /// Drops everything queued. - Returns: how many lines were dropped.
    @discardableResult
    public mutating func removeAll() -> Int {
        let dropped = queuedLines
        queue.removeAll()
        head = 0
        return dropped
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
