import ChatProtocol

/// The flood limit: per connection, whatever rooms it is in.
extension ChatCore {
    /// Counts one line from a connection against its flood limit, before anything else is done with it: invalid
    /// lines, blank ones and over-long ones count too, so a flood costs the server a counter, not a parse and an
    /// answer. A JSON client's first line (the handshake) is free. A connection that goes on far beyond its limit
    /// (more than `excessFactor` times its burst dropped within a second) is disconnected with "excess flood", as
    /// IRC servers do.
    /// - Returns: whether the line may be handled; a dropped one gets nothing (a flood gets one error).
    /// - Parameter mayBeHandshake: the connection was taken for a text client only because it was silent, so its
    ///   first line may yet be a JSON client's hello (free, as for any JSON client).
    public func admitLine(
        from id: MemberID, mayBeHandshake: Bool = false, at time: RoomTime, effects: inout [ServerEffect]
    ) -> Bool {
        guard let session = self.sessions[id] else { return false }
        if (session.name == nil || mayBeHandshake) && !session.heard {
            session.heard = true
            return true
        }
        guard var bucket = session.bucket, let limit = self.configuration.floodLimit else { return true }
        // One flood, one error: the warning is spent until the sender has calmed down for a whole burst's refill,
        // so a steady sender just over the rate is told once, not at every line it loses.
        if bucket.isFull(now: time.monotonicNanoseconds) { session.floodWarned = false }
        let allowed = bucket.take(now: time.monotonicNanoseconds)
        session.bucket = bucket
        let warn = !allowed && !session.floodWarned
        if !allowed { session.floodWarned = true }
        var excessive = false
        if !allowed, var excess = session.excess {
            excessive = !excess.take(now: time.monotonicNanoseconds)
            session.excess = excess
        }
        if excessive {
            effects.append(.send(.error("excess flood: disconnected"), to: id))
            effects.append(.close(id, .excessFlood))
            self.disconnect(id, reason: .excessFlood, at: time, effects: &effects)
        } else if warn {
            let text =
                "flood limit: at most \(limit.burst) lines at once, then \(limit.perSecond.plainText) per second; "
                + "lines over it are dropped"
            effects.append(.send(.error(text), to: id))
        }
        return allowed
    }

    /// The server's loop was held up for `seconds` (the process stopped, or starved) until `time`: what clients sent
    /// meanwhile arrives all at once, and must not count as a flood. Every allowance is full again, plus what its
    /// rate allowed during the stall.
    public func forgiveStall(seconds: Double, at time: RoomTime) {
        for session in self.sessions.values {
            session.bucket?.credit(seconds: seconds, now: time.monotonicNanoseconds)
            session.excess?.credit(seconds: seconds, now: time.monotonicNanoseconds)
            session.floodWarned = false
        }
    }

    /// How many times its burst a connection may send beyond its limit within a second before it is cut off.
    public static let excessFactor = 10

    /// The allowance for lines dropped by `limit`: `excessFactor` bursts at once, refilled at as many per second.
    static func excessLimit(for limit: FloodLimit) -> FloodLimit {
        let lines = limit.burst * self.excessFactor
        return FloodLimit(burst: lines, perSecond: Double(lines))
    }
}
