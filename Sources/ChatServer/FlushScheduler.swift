import NIOCore

/// Sends what connections were given: the tick's shared broadcast bytes, the dirty list and the flush queue.
///
/// A flush is a system call, 5–15 µs on loopback, and handing a connection's bytes to NIO costs 1–2 µs more: a
/// frame to 10,000 members is over 100 ms of them, and doing them all in one go would make everyone else wait that
/// long (a pong, a welcome, the next line). So frames to one connection alone are sent at once; a small room's
/// broadcasts go to the small rooms' queue and a big room's to the back of the flush queue, and the two are worked
/// through, small rooms first, for at most `flushBudget` per event-loop turn; reads and urgent frames go on in
/// between. A connection is at most once in each queue and sends everything it has when its turn comes, so order
/// per connection holds and the queues are fair. When the loop is not busy the queues empty in the turn that filled
/// them; when it is, what waits gathers the lines of the next turns, and one write carries them all (in rooms of
/// ten, a write per line per member was most of the server's time).
///
/// Queued connections refer to the tick's shared bytes, which start over only when the queue is empty (or, if it
/// never empties, when they outgrow `tickLimit`: then every queued connection is handed its bytes first).
/// Sending can cause more broadcasts on the spot (a client found too slow is dropped and its rooms told), which
/// add to this same tick.
final class FlushScheduler {
    private let eventLoop: EventLoop
    private let maxQueueBytes: Int
    /// Called for a connection found too slow (its backlog over the limit), once the lists are consistent.
    var onSlow: (ConnectionHandler) -> Void = { _ in }
    /// This tick's broadcast bytes, shared by every recipient.
    private(set) var tick = TickBuffers(allocator: ByteBufferAllocator())
    /// Connections written to since the last `flushAll` (sent at once or queued there).
    private var dirty: [ConnectionHandler] = []
    private var flushScheduled = false
    /// Connections with staged bytes waiting for their flush, oldest first from `flushHead`.
    private var flushQueue: [ConnectionHandler] = []
    private var flushHead = 0
    /// The same for small rooms' broadcasts, worked before `flushQueue`.
    private var soonQueue: [ConnectionHandler] = []
    private var soonHead = 0

    /// How soon a connection's new bytes go out.
    enum Urgency {
        /// A frame to this connection alone (a reply, a pong, a welcome): at the end of this turn.
        case now
        /// A small room's broadcast: through the small rooms' queue.
        case soon
        /// A big room's broadcast: through the flush queue.
        case queued
    }

    init(eventLoop: EventLoop, maxQueueBytes: Int) {
        self.eventLoop = eventLoop
        self.maxQueueBytes = maxQueueBytes
    }

    /// Entries the flush queue's array holds, those already worked through included (tests check it stays bounded).
    var queueEntries: Int { self.flushQueue.count + self.soonQueue.count }

    /// Appends a broadcast's bytes to this tick's shared buffer. - Returns: where they landed.
    func share(_ bytes: ByteBuffer, kind: ClientKind) -> (start: Int, end: Int) {
        self.tick.append(bytes, kind: kind)
    }

    func markDirty(_ connection: ConnectionHandler, _ urgency: Urgency) {
        switch urgency {
        case .now: connection.urgent = true
        case .soon: connection.soon = true
        case .queued: break
        }
        guard !connection.dirty else { return }
        connection.dirty = true
        self.dirty.append(connection)
        guard !self.flushScheduled else { return }
        self.flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
        self.eventLoop.execute { loopBound.value.flushAll() }
    }

    /// Sends what was queued: one writev per connection, at once or through the flush queue.
    private func flushAll() {
        self.flushScheduled = false
        let deadline = NIODeadline.now() + Self.flushBudget
        var done = 0
        var doneBig = 0
        repeat {
            var slow = self.sendUrgentQueueRest()
            // At least a few per turn, so that the queues always move: the small rooms' first.
            while self.soonHead < self.soonQueue.count, done < 16 || NIODeadline.now() < deadline {
                let connection = self.soonQueue[self.soonHead]
                self.soonHead += 1
                connection.queuedSoon = false
                if self.send(connection) { slow.append(connection) }
                done += 1
            }
            // The big rooms' queue moves by a few each turn even while small rooms keep theirs full.
            while self.flushHead < self.flushQueue.count,
                doneBig < 4 || (self.soonHead == self.soonQueue.count && (done < 16 || NIODeadline.now() < deadline))
            {
                doneBig += 1
                let connection = self.flushQueue[self.flushHead]
                self.flushHead += 1
                connection.queuedForFlush = false
                if self.send(connection) { slow.append(connection) }
                done += 1
            }
            for connection in slow {
                self.onSlow(connection)
            }
        } while !self.dirty.isEmpty
        Self.compact(&self.soonQueue, head: &self.soonHead)
        Self.compact(&self.flushQueue, head: &self.flushHead)
        if self.soonQueue.isEmpty && self.flushQueue.isEmpty {
            self.tick.reset()
            return
        }
        if self.tick.size > Self.tickLimit { self.stageQueue() }
        // A nested input (a client dropped as too slow) may have scheduled a flush already.
        guard !self.flushScheduled else { return }
        // Not `execute`: NIO runs tasks queued by tasks in the same turn, so the queue would be worked through without
        // a read in between. A task due a little later lets the loop poll for I/O first.
        self.flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
        self.eventLoop.scheduleTask(in: Self.flushPause) { loopBound.value.flushAll() }
    }

    /// Drops what was worked through: all of it when the queue is empty; else once it is over half the array, so that
    /// a room that keeps talking keeps the array within twice the connections waiting (and no closed one for long).
    private static func compact(_ queue: inout [ConnectionHandler], head: inout Int) {
        if head == queue.count {
            queue.removeAll(keepingCapacity: queue.count <= 4096)
            head = 0
        } else if head > queue.count / 2 {
            queue.removeFirst(head)
            head = 0
        }
    }

    /// Takes the connections written to since the last call: sends those with something urgent, queues the rest.
    /// - Returns: those found too slow, for the caller to drop once it is done with its lists.
    private func sendUrgentQueueRest() -> [ConnectionHandler] {
        var slow: [ConnectionHandler] = []
        let dirty = self.dirty
        self.dirty.removeAll(keepingCapacity: true)
        for connection in dirty {
            connection.dirty = false
            if connection.urgent {
                // Also if it waits in a queue: its turn there will find nothing left to send.
                connection.urgent = false
                connection.soon = false
                if self.send(connection) { slow.append(connection) }
            } else if connection.soon {
                connection.soon = false
                if !connection.queuedSoon {
                    connection.queuedSoon = true
                    self.soonQueue.append(connection)
                }
            } else if !connection.queuedForFlush {
                connection.queuedForFlush = true
                self.flushQueue.append(connection)
            }
        }
        return slow
    }

    /// Hands a connection's queued bytes to NIO and flushes them. - Returns: whether it is too slow (its backlog
    /// before these bytes is over the queue limit).
    private func send(_ connection: ConnectionHandler) -> Bool {
        let backlog = connection.stage(self.tick)
        connection.flushStaged()
        return backlog > self.maxQueueBytes
    }

    /// Hands every queued connection its bytes without flushing (no system calls), so that the tick can start over:
    /// for when the queue does not empty while broadcasts keep coming.
    private func stageQueue() {
        repeat {
            var slow = self.sendUrgentQueueRest()
            for connection in self.soonQueue[self.soonHead...] + self.flushQueue[self.flushHead...]
            where connection.stage(self.tick) > self.maxQueueBytes {
                slow.append(connection)
            }
            for connection in slow {
                self.onSlow(connection)
            }
        } while !self.dirty.isEmpty
        self.tick.reset()
    }

    /// A broadcast to at most this many members is flushed at once, ahead of the flush queue.
    static let flushAtOnce = 64
    /// Most time spent on the flush queue per event-loop turn.
    static let flushBudget: TimeAmount = .milliseconds(2)
    /// How long the flush queue waits between two turns' work, for the loop to read what came in meanwhile.
    static let flushPause: TimeAmount = .microseconds(50)
    /// The most bytes the tick's shared buffers may hold while connections wait in the flush queue.
    static let tickLimit = 4 << 20
}

@available(*, unavailable)
extension FlushScheduler: Sendable {}
