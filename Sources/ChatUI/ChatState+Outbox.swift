import ChatProtocol

/// The outgoing queue: everything sent goes through `outbox`, paced within the server's flood limit.
extension ChatState {
    /// What the app calls for every event: `apply(_:now:)`, with the outgoing queue kept in step. A new connection
    /// refills the pacer (the server's bucket is new too), a welcome gives it the server's limit (`floodBurst`,
    /// `floodRate`), and after every event (`.tick` included) whatever the limit allows now is released.
    public mutating func update(_ event: ChatEvent, now: Int64) -> [ChatEffect] {
        switch event {
        case .connected:
            self.outbox.restart(now: now)
        case .frame(let message) where message.type == .welcome:
            self.outbox.setLimit(burst: message.floodBurst, perSecond: message.floodRate, now: now)
        default:
            break
        }
        let effects = self.apply(event, now: now)
        return effects + self.releaseQueued()
    }

    /// Milliseconds until the queue can send its next line (0: now), or nil when nothing waits for the clock:
    /// the app wakes up then and sends a `.tick`.
    public var millisecondsUntilNextSend: Int64? {
        self.outbox.millisecondsUntilNextRelease(now: self.now, connected: self.connection == .connected)
    }

    /// The status line's word on the queue: how many lines wait, or the question before dropping them.
    public var queueStatus: String? {
        let count = self.outbox.queuedLines
        guard count > 0 else { return nil }
        let lines = count == 1 ? "1 unsent line" : "\(count) unsent lines"
        switch self.dropConfirmation {
        case .asking(quit: true): return "Ctrl-C again: quit, dropping \(lines); any other key keeps them"
        case .asking(quit: false): return "Esc again: drop \(lines); any other key keeps them"
        case .none, .oneEscape:
            return self.connection == .connected ? "\(count) queued" : "\(count) queued until connected"
        }
    }

    /// Queues effects behind what waits, then releases what may go now.
    mutating func enqueue(_ effects: [ChatEffect]) -> [ChatEffect] {
        self.outbox.append(effects)
        return self.releaseQueued()
    }

    /// What the queue may send now; a question about dropping it ends when nothing is left to drop.
    mutating func releaseQueued() -> [ChatEffect] {
        let released = self.outbox.release(now: self.now, connected: self.connection == .connected)
        if self.outbox.queuedLines == 0 { self.dropConfirmation = .none }
        return released
    }

    /// Esc-Esc or Ctrl-C with lines queued asks before dropping them; the same key again drops them (Ctrl-C then
    /// quits); anything else keeps them and does what it always does. A resize is no answer.
    /// - Returns: the effects when the key was taken, nil when it goes on to its usual handling.
    mutating func confirmDrop(_ key: Key) -> [ChatEffect]? {
        guard key != .resize else { return nil }
        let asked = self.dropConfirmation
        self.dropConfirmation = .none
        guard self.outbox.queuedLines > 0 else { return nil }
        switch (asked, key) {
        case (.asking(quit: false), .escape), (.asking(quit: true), .control("c")):
            let dropped = self.outbox.removeAll()
            let what = dropped == 1 ? "1 line that was" : "\(dropped) lines that were"
            self.local(.notice, "dropped \(what) not sent yet")
            return asked == .asking(quit: true) ? [.quit] : []
        case (.oneEscape, .escape):
            self.dropConfirmation = .asking(quit: false)
            return []
        case (_, .escape):
            self.dropConfirmation = .oneEscape
            return nil
        case (_, .control("c")):
            self.dropConfirmation = .asking(quit: true)
            return []
        default:
            return nil
        }
    }
}
