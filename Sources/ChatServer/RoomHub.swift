import ChatProtocol
import Foundation
import Logging
import NIOCore

/// The shell around `Room`: owns the connections, turns their events into room inputs and the room's
/// effects into writes. Everything runs on one event loop, so nothing here locks and nothing waits:
/// a write only queues bytes, and a client whose queue overflows is dropped, never waited for.
final class RoomHub {
    let room: Room
    let eventLoop: EventLoop
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let encoder: FrameEncoder
    private let coder = MessageCoder()

    /// Every open connection.
    private var connections: [MemberID: ConnectionHandler] = [:]
    /// Joined connections, the broadcast list (an array: iterating it is the hot path).
    ///
    /// Unretained: iterating retained class references cost an atomic retain and release per recipient per
    /// message, the largest item in the profile. `connections` holds every one of them strongly, and a connection
    /// leaves the audience before it leaves `connections`.
    private var audience: [Unmanaged<ConnectionHandler>] = []
    private var audienceIndex: [MemberID: Int] = [:]
    /// How many of the audience speak JSON and text, so a broadcast encodes only the formats in use.
    private var jsonAudience = 0
    private var textAudience = 0
    private var nextID: UInt64 = 0
    /// Connections written to since the last `flushAll` (sent at once or queued there).
    private var dirty: [ConnectionHandler] = []
    private var flushScheduled = false
    /// Connections with staged bytes waiting for their flush, oldest first from `flushHead` (see `flushAll`).
    private var flushQueue: [ConnectionHandler] = []
    private var flushHead = 0
    /// This tick's broadcast bytes, shared by every recipient.
    private var tick: TickBuffers
    /// The effects buffer, reused for every input.
    private var effects: [RoomEffect] = []
    private var applying = false
    private(set) var isShuttingDown = false
    private var announcementScheduled = false
    /// Who may connect how often; who flooded and is shut out.
    private var throttle: ConnectionThrottle

    init(configuration: ServerConfiguration, eventLoop: EventLoop, logger: Logger) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.room = Room(configuration: configuration.room)
        self.encoder = FrameEncoder(utcOffsetSeconds: configuration.utcOffsetSeconds)
        self.tick = TickBuffers(allocator: ByteBufferAllocator())
        self.throttle = ConnectionThrottle(
            limit: configuration.connectLimit, limitsLoopback: configuration.connectLimitsLoopback,
            banNanoseconds: UInt64(max(0, configuration.excessFloodBan.nanoseconds)),
            maximumHeld: configuration.maxPerAddress)
        let beat = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.scheduleRepeatedTask(initialDelay: Self.beatInterval, delay: Self.beatInterval) { _ in
            beat.value.heartbeat()
        }
        if let idle = configuration.idleTimeout {
            // A tenth of the timeout (at most a second) between sweeps: a client is let go at most that late.
            let every = TimeAmount.nanoseconds(max(1_000_000, min(idle.nanoseconds / 10, 1_000_000_000)))
            self.idleSweep = IdleSweep(
                timeout: UInt64(max(0, idle.nanoseconds)), interval: UInt64(every.nanoseconds),
                now: NIODeadline.now().uptimeNanoseconds)
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            eventLoop.scheduleRepeatedTask(initialDelay: every, delay: every) { _ in loopBound.value.sweepIdle() }
        }
    }

    /// When silence counts (see `IdleSweep`: not across a pause of the whole process).
    private var idleSweep: IdleSweep?
    /// When the loop last ran its heartbeat: a line read long after it was read after a stall of the loop.
    private var lastBeat: UInt64 = NIODeadline.now().uptimeNanoseconds
    /// How often the heartbeat runs, and how late it may be before the loop counts as having stalled.
    static let beatInterval: TimeAmount = .milliseconds(250)
    static let stallAfter: UInt64 = 1_000_000_000

    /// Notes that the loop runs. Long after the last beat, the loop was held up (SIGSTOP, a starved process) and what
    /// clients sent meanwhile arrives all at once: the server's doing, not a flood. Called by a timer and before each
    /// line is counted, since after a stall NIO may run either first.
    private func heartbeat() {
        let now = NIODeadline.now().uptimeNanoseconds
        if now > self.lastBeat + Self.stallAfter {
            let seconds = Double(now - self.lastBeat) / 1e9
            self.run { time in self.room.forgiveStall(seconds: seconds, at: time) }
        }
        self.lastBeat = now
    }

    /// Times out every connection silent for the idle timeout or longer. O(connections), a few nanoseconds each.
    private func sweepIdle() {
        guard let silentSince = self.idleSweep?.silentBefore(now: NIODeadline.now().uptimeNanoseconds) else { return }
        let silent = self.connections.values.filter { !$0.closing && $0.lastHeard <= silentSince }
        for connection in silent {
            self.timedOut(connection)
        }
    }

    var connectionCount: Int { self.connections.count }

    /// Entries the flush queue's array holds, those already worked through included (tests check it stays bounded).
    var flushQueueEntries: Int { self.flushQueue.count }

    func makeHandler() -> ConnectionHandler {
        self.nextID += 1
        return ConnectionHandler(id: MemberID(self.nextID), hub: self)
    }

    // MARK: - Connection events

    func opened(_ connection: ConnectionHandler) {
        self.connections[connection.id] = connection
        self.logger.info("connect", metadata: ["client": "\(connection.id)", "peer": "\(connection.peer)"])
        if self.isShuttingDown {
            connection.close(immediately: true, tick: self.tick)
        }
    }

    func decided(_ connection: ConnectionHandler) {
        guard let kind = connection.kind, !connection.closing else { return }
        // Judged once the kind is known, so that the refusal reads right (a JSON client gets a frame).
        if let refusal = self.throttle.refusal(for: connection.address, now: NIODeadline.now().uptimeNanoseconds) {
            self.notice(.error, refusal, to: connection)
            self.logger.info("refused", metadata: ["client": "\(connection.id)", "reason": "\(refusal)"])
            connection.close(immediately: false, tick: self.tick)
            return
        }
        connection.countedByThrottle = true
        if self.connections.count > self.configuration.maxClients {
            self.notice(
                .error, "server full (\(self.configuration.maxClients) clients); try again later", to: connection)
            self.logger.info("refused", metadata: ["client": "\(connection.id)", "reason": "server full"])
            connection.close(immediately: false, tick: self.tick)
            return
        }
        self.run { time in self.room.connect(connection.id, kind: kind, at: time, effects: &self.effects) }
        connection.name = self.room.name(of: connection.id)
    }

    func received(_ line: InboundLine, from connection: ConnectionHandler) {
        guard connection.kind != nil, !connection.closing else { return }
        defer { connection.name = self.room.name(of: connection.id) ?? connection.name }
        self.heartbeat()
        // Counted before anything is parsed: a flood costs a counter, and dropped lines get no answer.
        var admitted = false
        self.run { time in
            admitted = self.room.admitLine(
                from: connection.id, mayBeHandshake: connection.guessedText, at: time, effects: &self.effects)
        }
        guard admitted else { return }
        self.handle(line, from: connection)
    }

    /// An admitted line: decoded by the connection's kind and handed to the room.
    private func handle(_ line: InboundLine, from connection: ConnectionHandler) {
        guard let kind = connection.kind, !connection.closing else { return }
        switch line {
        case .tooLong(let limit):
            self.run { time in
                self.room.reject(.frameTooLarge(limit: limit), from: connection.id, at: time, effects: &self.effects)
            }
        case .line(let bytes):
            switch kind {
            case .json:
                // Blank lines between frames are tolerated (some clients send "\r\n\r\n").
                guard bytes.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
                do {
                    let message = try self.coder.decode(bytes)
                    self.run { time in self.room.receive(message, from: connection.id, at: time, effects: &self.effects)
                    }
                } catch {
                    self.run { time in self.room.reject(error, from: connection.id, at: time, effects: &self.effects) }
                }
            case .text where connection.guessedText:
                connection.guessedText = false
                if bytes.readableBytesView.first == UInt8(ascii: "{"), let message = try? self.coder.decode(bytes) {
                    connection.kind = .json
                    if connection.joined {
                        self.textAudience -= 1
                        self.jsonAudience += 1
                    }
                    let wanted = message.type == .hello ? message.data : nil
                    self.run { time in
                        self.room.upgradeToJSON(connection.id, wanted: wanted, at: time, effects: &self.effects)
                    }
                    if message.type != .hello {
                        self.run { time in
                            self.room.receive(message, from: connection.id, at: time, effects: &self.effects)
                        }
                    }
                } else {
                    self.handle(line, from: connection)
                }
            case .text:
                let text = bytes.withUnsafeReadableBytes {
                    String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self)
                }
                if let text {
                    self.run { time in
                        self.room.receiveText(text, from: connection.id, at: time, effects: &self.effects)
                    }
                } else {
                    self.run { time in
                        self.room.reject(.invalidUTF8, from: connection.id, at: time, effects: &self.effects)
                    }
                }
            }
        }
    }

    /// The client closed its sending side: it has said all it will, but may still read. It gets what it is owed
    /// (its replies are on their way already) and the room's traffic for `halfCloseGrace`, then it leaves.
    func inputClosed(_ connection: ConnectionHandler) {
        guard !connection.closing else { return }
        let loopBound = NIOLoopBound((self, connection), eventLoop: self.eventLoop)
        self.eventLoop.scheduleTask(in: self.configuration.halfCloseGrace) {
            let (hub, connection) = loopBound.value
            guard hub.connections[connection.id] === connection else { return }
            hub.leave(connection, reason: .left, immediately: false)
        }
    }

    func timedOut(_ connection: ConnectionHandler) {
        guard !connection.closing else { return }
        let seconds = self.configuration.idleTimeout.map { Double($0.nanoseconds) / 1e9 } ?? 0
        self.notice(.error, "disconnected: nothing received for \(seconds.plainText) s (idle timeout)", to: connection)
        self.leave(connection, reason: .timedOut, immediately: false)
    }

    /// The connection's backlog is over the queue limit: drop it at once (it never waits for the room).
    func overflowed(_ connection: ConnectionHandler) {
        self.leave(connection, reason: .tooSlow, immediately: true)
    }

    func failed(_ connection: ConnectionHandler, error: Error) {
        self.logger.debug("connection error", metadata: ["client": "\(connection.id)", "error": "\(error)"])
        connection.close(immediately: true, tick: self.tick)
    }

    func closed(_ connection: ConnectionHandler) {
        if connection.countedByThrottle {
            connection.countedByThrottle = false
            self.throttle.release(connection.address)
        }
        // Out of the (unretained) audience before out of `connections`, which keeps it alive.
        self.removeFromAudience(connection)
        guard self.connections.removeValue(forKey: connection.id) != nil else { return }
        let name = self.room.name(of: connection.id) ?? connection.name
        // While shutting down, everyone has had the notice: no leave messages as the connections close.
        if !self.isShuttingDown {
            self.run { time in self.room.disconnect(connection.id, reason: .left, at: time, effects: &self.effects) }
        }
        self.logger.info(
            "disconnect",
            metadata: [
                "client": "\(connection.id)", "name": "\(name ?? "-")", "reason": "\(connection.leaveReason ?? .left)",
            ])
    }

    /// Tells every client the server is stopping and closes every connection after that notice.
    func shutdown() {
        guard !self.isShuttingDown else { return }
        self.isShuttingDown = true
        self.run { time in self.room.shutdown(at: time, effects: &self.effects) }
        for connection in self.connections.values {
            connection.leaveReason = .shuttingDown
            connection.close(immediately: false, tick: self.tick)
        }
    }

    // MARK: - Effects

    /// Runs one room input and applies what it asks for.
    ///
    /// Re-entrant: applying an effect can close a channel, and NIO may report that close synchronously.
    /// A nested call only adds its effects to the buffer; the outermost call applies them.
    private func run(_ body: (RoomTime) -> Void) {
        body(self.now())
        guard !self.applying else { return }
        self.applying = true
        var index = 0
        while index < self.effects.count {
            self.apply(self.effects[index])
            index += 1
        }
        self.effects.removeAll(keepingCapacity: true)
        self.applying = false
        if self.room.hasPendingAnnouncements && !self.announcementScheduled {
            self.announcementScheduled = true
            let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
            self.eventLoop.scheduleTask(in: Self.announceInterval) {
                let hub = loopBound.value
                hub.announcementScheduled = false
                hub.run { time in hub.room.flushAnnouncements(at: time, effects: &hub.effects) }
            }
        }
    }

    /// How often gathered joins and leaves are announced in a big room.
    static let announceInterval: TimeAmount = .milliseconds(250)

    private func apply(_ effect: RoomEffect) {
        switch effect {
        case .send(let frame, let id):
            if let connection = self.connections[id] {
                if frame.message.type == .welcome { self.addToAudience(connection) }
                self.send(frame, to: connection)
            }
        case .broadcast(let frame, let except):
            // Encoded once per wire format in use, before the loop, as plain values: nothing per recipient
            // but the append (and marking it for the flush).
            // Into this tick's shared bytes once per format in use; each recipient gets the range (no copy).
            let json =
                self.jsonAudience > 0
                ? self.tick.append(self.encoder.bytes(of: frame, for: .json), kind: .json) : (0, 0)
            let text =
                self.textAudience > 0
                ? self.tick.append(self.encoder.bytes(of: frame, for: .text), kind: .text) : (0, 0)
            let urgent = self.audience.count <= Self.flushAtOnce
            for member in self.audience {
                member._withUnsafeGuaranteedRef { connection in
                    guard connection.id != except, !connection.closing else { return }
                    if connection.kind == .text {
                        connection.addShared(text, kind: .text)
                    } else {
                        connection.addShared(json, kind: .json)
                    }
                    self.markDirty(connection, urgent: urgent)
                }
            }
        case .close(let id, let reason):
            if let connection = self.connections[id] {
                if reason == .excessFlood {
                    self.throttle.ban(connection.address, now: NIODeadline.now().uptimeNanoseconds)
                }
                connection.leaveReason = connection.leaveReason ?? reason
                self.removeFromAudience(connection)
                connection.close(immediately: false, tick: self.tick)
            }
        }
    }

    private func send(_ frame: Frame, to connection: ConnectionHandler) {
        guard let kind = connection.kind, !connection.closing else { return }
        connection.write(self.encoder.bytes(of: frame, for: kind))
        self.markDirty(connection, urgent: true)
    }

    /// Removes a member from the room (telling the others) and closes its connection.
    private func leave(_ connection: ConnectionHandler, reason: LeaveReason, immediately: Bool) {
        guard !connection.closing else { return }
        connection.leaveReason = reason
        self.removeFromAudience(connection)
        // The room first: closing may report the close synchronously, and the room must hear the real reason.
        self.run { time in self.room.disconnect(connection.id, reason: reason, at: time, effects: &self.effects) }
        connection.close(immediately: immediately, tick: self.tick)
    }

    /// - Parameter urgent: flush at the end of this turn, ahead of the flush queue (see `flushAll`).
    private func markDirty(_ connection: ConnectionHandler, urgent: Bool) {
        if urgent { connection.urgent = true }
        guard !connection.dirty else { return }
        connection.dirty = true
        self.dirty.append(connection)
        guard !self.flushScheduled else { return }
        self.flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
        self.eventLoop.execute { loopBound.value.flushAll() }
    }

    /// Sends what was queued: one writev per connection, at once or through the flush queue.
    ///
    /// A flush is a system call, 5–15 µs on loopback, and handing a connection's bytes to NIO costs 1–2 µs more: a
    /// frame to 10,000 members is over 100 ms of them, and doing them all in one go would make everyone else wait that
    /// long (a pong, a welcome, the next line). So connections with something urgent (a frame to them alone, or a
    /// small room's broadcast) are sent at once, and the rest (a big room's broadcasts) go to the back of the flush
    /// queue, which is worked through for at most `flushBudget` per event-loop turn; reads and urgent frames go on in
    /// between. A connection is at most once in the queue and sends everything it has when its turn comes, so order
    /// per connection holds and the queue is fair.
    ///
    /// Queued connections refer to the tick's shared bytes, which start over only when the queue is empty (or, if it
    /// never empties, when they outgrow `tickLimit`: then every queued connection is handed its bytes first).
    /// Sending can cause more broadcasts on the spot (a client found too slow is dropped and the room told), which
    /// add to this same tick.
    private func flushAll() {
        self.flushScheduled = false
        let deadline = NIODeadline.now() + Self.flushBudget
        var done = 0
        repeat {
            var slow = self.sendUrgentQueueRest()
            // At least a few per turn, so that the queue always moves.
            while self.flushHead < self.flushQueue.count, done < 16 || NIODeadline.now() < deadline {
                let connection = self.flushQueue[self.flushHead]
                self.flushHead += 1
                connection.queuedForFlush = false
                if self.send(connection) { slow.append(connection) }
                done += 1
            }
            for connection in slow {
                self.overflowed(connection)
            }
        } while !self.dirty.isEmpty
        if self.flushHead == self.flushQueue.count {
            self.flushQueue.removeAll(keepingCapacity: self.flushQueue.count <= 4096)
            self.flushHead = 0
            self.tick.reset()
            return
        }
        if self.flushHead > self.flushQueue.count / 2 {
            // A room that keeps talking may never empty the queue: drop what was worked through, so that the array
            // stays within twice the connections waiting (and holds no closed one for long).
            self.flushQueue.removeFirst(self.flushHead)
            self.flushHead = 0
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

    /// Takes the connections written to since the last call: sends those with something urgent, queues the rest.
    /// - Returns: those found too slow, for the caller to drop once it is done with its lists.
    private func sendUrgentQueueRest() -> [ConnectionHandler] {
        var slow: [ConnectionHandler] = []
        let dirty = self.dirty
        self.dirty.removeAll(keepingCapacity: true)
        for connection in dirty {
            connection.dirty = false
            if connection.urgent {
                // Also if it waits in the queue: its turn there will find nothing left to send.
                connection.urgent = false
                if self.send(connection) { slow.append(connection) }
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
        return backlog > self.configuration.maxQueueBytes
    }

    /// Hands every queued connection its bytes without flushing (no system calls), so that the tick can start over:
    /// for when the queue does not empty while broadcasts keep coming.
    private func stageQueue() {
        repeat {
            var slow = self.sendUrgentQueueRest()
            for connection in self.flushQueue[self.flushHead...]
            where connection.stage(self.tick) > self.configuration.maxQueueBytes {
                slow.append(connection)
            }
            for connection in slow {
                self.overflowed(connection)
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

    private func addToAudience(_ connection: ConnectionHandler) {
        guard self.audienceIndex[connection.id] == nil else { return }
        connection.joined = true
        if connection.kind == .text { self.textAudience += 1 } else { self.jsonAudience += 1 }
        self.audienceIndex[connection.id] = self.audience.count
        self.audience.append(Unmanaged.passUnretained(connection))
    }

    /// O(1) removal: the last member takes the leaver's place.
    private func removeFromAudience(_ connection: ConnectionHandler) {
        guard let index = self.audienceIndex.removeValue(forKey: connection.id) else { return }
        connection.joined = false
        if connection.kind == .text { self.textAudience -= 1 } else { self.jsonAudience -= 1 }
        let last = self.audience.removeLast()
        if index < self.audience.count {
            self.audience[index] = last
            self.audienceIndex[last.takeUnretainedValue().id] = index
        }
    }

    private func now() -> RoomTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let wall = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        return RoomTime(monotonicNanoseconds: NIODeadline.now().uptimeNanoseconds, wallMilliseconds: wall)
    }

    /// A notice from the server to one connection, outside the room (before joining, or on the way out).
    private func notice(_ type: MessageType, _ text: String, to connection: ConnectionHandler) {
        let ts = Timestamp.format(millisecondsSince1970: self.now().wallMilliseconds)
        let message = Message(type: type, dataSource: Message.serverSource, data: text, ts: ts)
        connection.write(self.encoder.bytes(of: Frame(message), for: connection.kind ?? .text))
    }
}

@available(*, unavailable)
extension RoomHub: Sendable {}
