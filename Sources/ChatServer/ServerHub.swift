import ChatProtocol
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The shell around `ChatCore`: owns the connections and the rooms' audiences, turns connection events into core
/// inputs and the core's effects into writes, the store's answers and the bus's messages. Everything runs on one
/// event loop, so nothing here locks and nothing waits: a write only queues bytes (the `FlushScheduler` sends
/// them), and a client whose queue overflows is dropped, never waited for.
final class ServerHub {
    let core: ChatCore
    let eventLoop: EventLoop
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let encoder: FrameEncoder
    private let notices: NoticeEncoder
    /// One JSON decoder for every connection of the loop.
    let coder = MessageCoder()
    private let store: any MessageStore
    private let bus: any RoomBus
    private let flusher: FlushScheduler

    /// Every open connection.
    private var connections: [MemberID: ConnectionHandler] = [:]
    /// Who receives each room's broadcasts.
    private var audiences: [RoomID: RoomAudience] = [:]
    private var nextID: UInt64 = 0
    /// The effects buffer, reused for every input.
    private var effects: [ServerEffect] = []
    private var applying = false
    /// The time of the input whose effects are being applied (notices are stamped with it).
    private var time = RoomTime(monotonicNanoseconds: 0, wallMilliseconds: 0)
    private var stamp: String?
    private(set) var isShuttingDown = false
    private var announcementScheduled = false
    /// Who may connect how often; who flooded and is shut out.
    private var throttle: ConnectionThrottle
    /// Room broadcasts waiting behind messages the store has not answered yet.
    private let order = DeliveryOrder<(Frame, RoomID, MemberID?)>()
    /// Set while answered posts are delivered: their broadcasts go out at once, in their place.
    private var delivering = false
    private var drainScheduled = false
    /// Where passwords are hashed and checked: one thread, off the event loop (scrypt takes tens of milliseconds
    /// and 16 MiB; one at a time keeps a burst of logins from taking every core).
    private let passwords = NIOThreadPool(numberOfThreads: 1)

    init(
        configuration: ServerConfiguration, eventLoop: EventLoop, logger: Logger,
        store: any MessageStore = MemoryMessageStore(), snapshot: StoreSnapshot? = nil,
        bus: any RoomBus = MemoryRoomBus().attach()
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.store = store
        self.bus = bus
        var rules = configuration.room
        rules.accounts.trustLoopback = configuration.trustLoopback
        self.core = ChatCore(configuration: rules)
        if let snapshot = snapshot ?? (store as? MemoryMessageStore)?.snapshot {
            self.core.restore(snapshot, at: Self.now())
        }
        for key in configuration.room.accounts.operators.sorted() where self.core.moderation.account(key) == nil {
            logger.warning(
                "--op \(key) is not a registered account yet: whoever registers that name first is an operator; register it now"
            )
        }
        let defaultRoom = RoomNameRules.bare(configuration.room.defaultRoom)
        self.encoder = FrameEncoder(utcOffsetSeconds: configuration.utcOffsetSeconds, defaultRoom: defaultRoom)
        self.notices = NoticeEncoder(defaultRoom: defaultRoom)
        self.flusher = FlushScheduler(eventLoop: eventLoop, maxQueueBytes: configuration.maxQueueBytes)
        self.throttle = ConnectionThrottle(
            limit: configuration.connectLimit, limitsLoopback: !configuration.trustLoopback,
            banNanoseconds: UInt64(max(0, configuration.excessFloodBan.nanoseconds)),
            maximumHeld: configuration.maxPerAddress)
        self.passwords.start()
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        self.flusher.onSlow = { loopBound.value.overflowed($0) }
        bus.subscribe { event in
            let hub = loopBound.value
            hub.run { hub.core.remote(event, effects: &hub.effects) }
        }
        eventLoop.scheduleRepeatedTask(initialDelay: Self.beatInterval, delay: Self.beatInterval) { _ in
            loopBound.value.heartbeat()
        }
        eventLoop.scheduleRepeatedTask(initialDelay: .seconds(60), delay: .seconds(60)) { _ in
            let hub = loopBound.value
            hub.run { hub.core.expireSessions(at: hub.time, effects: &hub.effects) }
        }
        let idle = configuration.idleTimeout.map { UInt64(max(0, $0.nanoseconds)) }
        let header = configuration.headerTimeout.map { UInt64(max(0, $0.nanoseconds)) }
        if let interval = IdleSweep.interval(timeout: idle, headerTimeout: header) {
            self.idleSweep = IdleSweep(
                timeout: idle, headerTimeout: header, interval: interval, now: NIODeadline.now().uptimeNanoseconds)
            let every = TimeAmount.nanoseconds(Int64(interval))
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
            self.run { self.core.forgiveStall(seconds: seconds, at: self.time) }
        }
        self.lastBeat = now
    }

    /// Times out every connection silent for the idle timeout or longer, and every one that has not sent a whole
    /// line within the header timeout of connecting. O(connections), a few nanoseconds each.
    private func sweepIdle() {
        guard let cutoffs = self.idleSweep?.cutoffs(now: NIODeadline.now().uptimeNanoseconds) else { return }
        let silentBefore = cutoffs.silentBefore ?? 0
        let connectedBefore = cutoffs.connectedBefore ?? 0
        var overdue: [(ConnectionHandler, header: Bool)] = []
        for connection in self.connections.values where !connection.closing {
            // Until its first line, `lastHeard` is when the connection was made (or sent its first byte, after a
            // silence): a reader that never sends is left to the idle timeout.
            if cutoffs.connectedBefore != nil, !connection.heardLine, !connection.silent,
                connection.lastHeard <= connectedBefore
            {
                overdue.append((connection, true))
            } else if cutoffs.silentBefore != nil, connection.lastHeard <= silentBefore {
                overdue.append((connection, false))
            }
        }
        for (connection, header) in overdue {
            if header { self.headerTimedOut(connection) } else { self.timedOut(connection) }
        }
    }

    var connectionCount: Int { self.connections.count }

    /// Told the origin of every connection the core is told of (tests check a TLS connection's is encrypted).
    var originObserver: ((ConnectionOrigin) -> Void)?

    /// What a clear-text client of `serve --tls-only` is told before it is closed.
    static let tlsOnlyRefusal =
        "this server takes TLS connections only: use swchat join --tls, or openssl s_client -quiet -connect HOST:PORT"

    /// Entries the flush queue's array holds (tests check it stays bounded).
    var flushQueueEntries: Int { self.flusher.queueEntries }

    /// The handlers of a new channel: the decoder (which asks the connection's gate before parsing) and the
    /// connection itself.
    func makeHandlers() -> (ClientFrameDecoder, ConnectionHandler) {
        self.nextID += 1
        let connection = ConnectionHandler(id: MemberID(self.nextID), hub: self)
        return (ClientFrameDecoder(sink: connection, coder: self.coder), connection)
    }

    // MARK: - Connection events

    func opened(_ connection: ConnectionHandler) {
        self.connections[connection.id] = connection
        self.logger.info("connect", metadata: ["client": "\(connection.id)", "peer": "\(connection.peer)"])
        if self.isShuttingDown {
            connection.close(immediately: true, reason: .shuttingDown, tick: self.flusher.tick)
        }
    }

    func decided(_ connection: ConnectionHandler, kind: ClientKind) {
        guard connection.state == .sniffing else { return }
        connection.state = .greeting(kind)
        if self.configuration.tlsOnly, !connection.encrypted {
            self.notice(.error, Self.tlsOnlyRefusal, to: connection)
            self.logger.info("refused", metadata: ["client": "\(connection.id)", "reason": "clear text"])
            connection.close(immediately: false, reason: nil, tick: self.flusher.tick)
            return
        }
        // Judged once the kind is known, so that the refusal reads right (a JSON client gets a frame).
        if let refusal = self.throttle.refusal(for: connection.address, now: NIODeadline.now().uptimeNanoseconds) {
            self.notice(.error, refusal, to: connection)
            self.logger.info("refused", metadata: ["client": "\(connection.id)", "reason": "\(refusal)"])
            connection.close(immediately: false, reason: nil, tick: self.flusher.tick)
            return
        }
        connection.countedByThrottle = true
        if self.connections.count > self.configuration.maxClients {
            self.notice(
                .error, "server full (\(self.configuration.maxClients) clients); try again later", to: connection)
            self.logger.info("refused", metadata: ["client": "\(connection.id)", "reason": "server full"])
            connection.close(immediately: false, reason: nil, tick: self.flusher.tick)
            return
        }
        let origin = ConnectionOrigin(address: connection.address, encrypted: connection.encrypted)
        self.originObserver?(origin)
        self.run { self.core.connect(connection.id, kind: kind, origin: origin, at: self.time, effects: &self.effects) }
    }

    /// Counted before anything is parsed: a flood costs a counter, and dropped lines get no answer.
    func admit(from connection: ConnectionHandler, mayBeHandshake: Bool) -> Bool {
        guard connection.kind != nil, !connection.closing else { return false }
        self.heartbeat()
        var admitted = false
        self.run {
            admitted = self.core.admitLine(
                from: connection.id, mayBeHandshake: mayBeHandshake, at: self.time, effects: &self.effects)
        }
        return admitted
    }

    /// An admitted, decoded line: to the core.
    func received(_ input: ClientInput, from connection: ConnectionHandler) {
        guard !connection.closing else { return }
        let id = connection.id
        switch input {
        case .frame(let message):
            self.run { self.core.receive(message, from: id, at: self.time, effects: &self.effects) }
        case .text(let line):
            self.run { self.core.receiveText(line, from: id, at: self.time, effects: &self.effects) }
        case .invalid(let problem):
            self.run { self.core.reject(problem, from: id, at: self.time, effects: &self.effects) }
        case .upgrade(let message):
            // Counted as text in its rooms' audiences until now.
            for room in connection.audiences { self.audiences[room]?.upgraded(connection.id) }
            if case .member = connection.state {
                connection.state = .member(.json)
            } else {
                connection.state = .greeting(.json)
            }
            let hello = message.type == .hello
            let wanted = hello ? message.data : nil
            let rooms = hello ? message.rooms?.map(\.name) : nil
            self.run {
                self.core.upgradeToJSON(
                    id, wanted: wanted, rooms: rooms, resuming: hello ? message : nil, at: self.time,
                    effects: &self.effects)
            }
            if message.type != .hello {
                self.run { self.core.receive(message, from: id, at: self.time, effects: &self.effects) }
            }
        }
    }

    /// The client closed its sending side: it has said all it will, but may still read. It gets what it is owed
    /// (its replies are on their way already) and its rooms' traffic for `halfCloseGrace`, then it leaves.
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

    /// No whole line came within the header timeout of connecting: one line saying so, and the connection closes.
    func headerTimedOut(_ connection: ConnectionHandler) {
        guard !connection.closing else { return }
        let seconds = self.configuration.headerTimeout.map { Double($0.nanoseconds) / 1e9 } ?? 0
        self.notice(.error, "no complete line within \(seconds.plainText) s; closing", to: connection)
        self.logger.info("header timeout", metadata: ["client": "\(connection.id)", "peer": "\(connection.peer)"])
        self.leave(connection, reason: .timedOut, immediately: false)
    }

    /// The connection's backlog is over the queue limit: drop it at once (it never waits for the room).
    func overflowed(_ connection: ConnectionHandler) {
        self.leave(connection, reason: .tooSlow, immediately: true)
    }

    func failed(_ connection: ConnectionHandler, error: Error) {
        self.logger.debug("connection error", metadata: ["client": "\(connection.id)", "error": "\(error)"])
        connection.close(immediately: true, reason: nil, tick: self.flusher.tick)
    }

    func closed(_ connection: ConnectionHandler) {
        if connection.countedByThrottle {
            connection.countedByThrottle = false
            self.throttle.release(connection.address)
        }
        // Out of the (unretained) audiences before out of `connections`, which keeps it alive.
        self.leaveAudiences(connection)
        guard self.connections.removeValue(forKey: connection.id) != nil else { return }
        var reason: LeaveReason?
        if case .closing(_, let why) = connection.state { reason = why }
        // While shutting down, everyone has had the notice: no leave messages as the connections close.
        if !self.isShuttingDown {
            self.run { self.core.disconnect(connection.id, reason: .left, at: self.time, effects: &self.effects) }
        }
        self.logger.info(
            "disconnect",
            metadata: [
                "client": "\(connection.id)", "name": "\(connection.name ?? "-")", "reason": "\(reason ?? .left)",
            ])
    }

    /// Writes what the store has pending and lets go of it.
    func closeStore(completion: @escaping () -> Void) {
        let passwords = self.passwords
        self.store.close {
            passwords.shutdownGracefully { _ in }
            completion()
        }
    }

    /// Tells every client the server is stopping and closes every connection after that notice.
    func shutdown() {
        guard !self.isShuttingDown else { return }
        self.isShuttingDown = true
        self.run { self.core.shutdown(at: self.time, effects: &self.effects) }
        for connection in self.connections.values {
            connection.close(immediately: false, reason: .shuttingDown, tick: self.flusher.tick)
        }
    }

    /// Removes a member from its rooms (telling them) and closes its connection.
    private func leave(_ connection: ConnectionHandler, reason: LeaveReason, immediately: Bool) {
        guard !connection.closing else { return }
        self.leaveAudiences(connection)
        // The core first: closing may report the close synchronously, and the core must hear the real reason.
        self.run { self.core.disconnect(connection.id, reason: reason, at: self.time, effects: &self.effects) }
        connection.close(immediately: immediately, reason: reason, tick: self.flusher.tick)
    }

    // MARK: - Effects

    /// Runs one core input and applies what it asks for.
    ///
    /// Re-entrant: applying an effect can close a channel, and NIO may report that close synchronously (and the
    /// in-memory store answers at once). A nested call only adds its effects to the buffer; the outermost call
    /// applies them.
    private func run(_ body: () -> Void) {
        if !self.applying { self.time = Self.now() }
        body()
        guard !self.applying else { return }
        self.applying = true
        self.stamp = nil
        var index = 0
        while index < self.effects.count {
            self.apply(self.effects[index])
            index += 1
        }
        self.effects.removeAll(keepingCapacity: true)
        self.applying = false
        if self.core.hasPendingAnnouncements && !self.announcementScheduled {
            self.announcementScheduled = true
            let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
            self.eventLoop.scheduleTask(in: Self.announceInterval) {
                let hub = loopBound.value
                hub.announcementScheduled = false
                hub.run { hub.core.flushAnnouncements(effects: &hub.effects) }
            }
        }
    }

    /// How often gathered joins and leaves are announced in a big room.
    static let announceInterval: TimeAmount = .milliseconds(250)

    private func apply(_ effect: ServerEffect) {
        switch effect {
        case .send(let notice, let id):
            guard let connection = self.connections[id] else { return }
            self.send(self.frame(notice), to: connection)
        case .broadcast(let notice, let room, let except):
            if self.order.isWaiting && !self.delivering {
                self.order.hold((self.frame(notice), room, except))
                return
            }
            guard let audience = self.audiences[room] else { return }
            self.broadcast(self.frame(notice), to: audience, except: except)
        case .everyone(let notice):
            let frame = self.frame(notice)
            for connection in self.connections.values where connection.kind != nil {
                self.send(frame, to: connection)
            }
        case .entered(let id, let room):
            guard let connection = self.connections[id], !connection.closing else { return }
            self.audiences[room, default: RoomAudience()].add(connection)
            connection.audiences.append(room)
        case .exited(let id, let room):
            guard let connection = self.connections[id] else { return }
            self.removeFromAudience(connection, room: room)
        case .named(let id, let name):
            guard let connection = self.connections[id], let kind = connection.kind, !connection.closing else { return }
            connection.name = name
            connection.state = .member(kind)
        case .post(let post):
            self.append(post)
        case .publish(let event):
            self.bus.publish(event)
        case .fetch(let fetch):
            guard let connection = self.connections[fetch.member], !connection.closing else { return }
            connection.reserve(fetch.slot)
            self.read(fetch)
        case .fill(let id, let slot, let notices):
            guard let connection = self.connections[id], let kind = connection.kind, !connection.closing else { return }
            // A client that has not read what it was sent before gets no more: a replay is output like any other.
            if connection.queuedBytes > self.configuration.maxQueueBytes {
                self.overflowed(connection)
                return
            }
            var bytes = ByteBuffer()
            for notice in notices {
                var frame = self.encoder.bytes(of: self.frame(notice), for: kind)
                bytes.writeBuffer(&frame)
            }
            connection.fill(slot, with: bytes)
            self.flusher.markDirty(connection, .now)
        case .password(let job):
            let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
            self.passwords.runIfActive(eventLoop: self.eventLoop) { job.run() }.whenComplete { result in
                let hub = loopBound.value
                // A pool shut down (the server stopping) checks nothing: the password counts as wrong.
                let outcome = (try? result.get()) ?? PasswordOutcome(matched: false, hash: nil)
                hub.run { hub.core.passwordDone(job.id, outcome, at: hub.time, effects: &hub.effects) }
            }
        case .keep(let record):
            self.store.save(record)
        case .discard(let kind, let key):
            self.store.forget(kind, key: key)
        case .audit(let text):
            self.logger.notice("audit", metadata: ["what": "\(text)"])
        case .saveSession(let record):
            self.store.save(record)
        case .forgetSession(let number):
            self.store.forget(session: number)
        case .close(let id, let reason):
            guard let connection = self.connections[id] else { return }
            if reason == .excessFlood {
                self.throttle.ban(connection.address, now: NIODeadline.now().uptimeNanoseconds)
            }
            connection.close(immediately: false, reason: reason, tick: self.flusher.tick)
            self.leaveAudiences(connection)
        }
    }

    /// Asks the store what a fetch wants; its answer goes to the core (on the loop; the memory store answers at once).
    private func read(_ fetch: Fetch) {
        self.store.answer(fetch.query) { result in
            self.run { self.core.fetched(fetch, result, effects: &self.effects) }
        }
    }

    /// Hands a post to the store. Answered at once with nothing waiting (the memory store), it is delivered in
    /// place; otherwise it waits in `order`, and what is broadcast meanwhile waits behind it.
    private func append(_ post: Post) {
        let entry = DeliveryOrder<(Frame, RoomID, MemberID?)>.Entry(post: post)
        var answeredAtOnce = false
        var returned = false
        let nothingWaiting = !self.order.isWaiting
        self.store.append(post) { result in
            if nothingWaiting && !returned {
                answeredAtOnce = true
                self.stored(result, post: post)
                return
            }
            entry.result = result
            if returned { self.drainSoon() }
        }
        returned = true
        if !answeredAtOnce {
            // Not answered yet (or answered at once while others wait): in line.
            self.order.wait(for: entry)
            if entry.result != nil { self.drainSoon() }
        }
    }

    /// Delivers what the store answered, in order; from outside any other input's effects.
    private func drainSoon() {
        guard self.applying else {
            self.drain()
            return
        }
        guard !self.drainScheduled else { return }
        self.drainScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: self.eventLoop)
        self.eventLoop.execute { loopBound.value.drain() }
    }

    private func drain() {
        self.drainScheduled = false
        for item in self.order.ready() {
            switch item {
            case .post(let entry):
                guard let result = entry.result else { continue }
                self.delivering = true
                self.stored(result, post: entry.post)
                self.delivering = false
            case .broadcast(let (frame, room, except)):
                guard let audience = self.audiences[room] else { continue }
                self.broadcast(frame, to: audience, except: except)
            }
        }
    }

    /// The store's answer to a post: on the loop (the in-memory store answers at once, inside `apply`).
    private func stored(_ result: Result<StoredMessage, MessageStoreError>, post: Post) {
        switch result {
        case .success(let stored):
            self.run { self.core.deliver(stored, effects: &self.effects) }
        case .failure(let error):
            self.run { self.core.notStored(post, error: error, effects: &self.effects) }
        }
    }

    /// The frame of a notice, stamped with the time of the input that caused it.
    private func frame(_ notice: Notice) -> Frame {
        Frame(self.notices.message(for: notice, ts: self.timestamp()))
    }

    /// The input's time as `ts`, made once per input and only when a notice needs it (a stored message has its own).
    private func timestamp() -> String {
        if let stamp = self.stamp { return stamp }
        let stamp = Timestamp.format(millisecondsSince1970: self.time.wallMilliseconds)
        self.stamp = stamp
        return stamp
    }

    /// Encoded once per wire format in use, into the tick's shared bytes once; each recipient gets the range:
    /// nothing per recipient but the append and marking it for the flush.
    private func broadcast(_ frame: Frame, to audience: RoomAudience, except: MemberID?) {
        let flusher = self.flusher
        let json =
            audience.jsonMembers > 0 ? flusher.share(self.encoder.bytes(of: frame, for: .json), kind: .json) : (0, 0)
        let text =
            audience.textMembers > 0 ? flusher.share(self.encoder.bytes(of: frame, for: .text), kind: .text) : (0, 0)
        let urgency: FlushScheduler.Urgency = audience.count <= FlushScheduler.flushAtOnce ? .soon : .queued

        for member in audience.members {
            member._withUnsafeGuaranteedRef { connection in
                guard connection.id != except, !connection.closing else { return }
                if connection.kind == .text {
                    connection.addShared(text, kind: .text)
                } else {
                    connection.addShared(json, kind: .json)
                }
                flusher.markDirty(connection, urgency)
            }
        }
    }

    private func send(_ frame: Frame, to connection: ConnectionHandler) {
        guard let kind = connection.kind, !connection.closing else { return }
        connection.write(self.encoder.bytes(of: frame, for: kind))
        self.flusher.markDirty(connection, .now)
    }

    private func removeFromAudience(_ connection: ConnectionHandler, room: RoomID) {
        guard let position = connection.audiences.firstIndex(of: room) else { return }
        connection.audiences.remove(at: position)
        self.audiences[room]?.remove(connection.id)
        if self.audiences[room]?.isEmpty == true { self.audiences[room] = nil }
    }

    /// Out of every audience: a closing connection hears nothing more, and a closed one must not be referred to.
    private func leaveAudiences(_ connection: ConnectionHandler) {
        for room in connection.audiences {
            self.audiences[room]?.remove(connection.id)
            if self.audiences[room]?.isEmpty == true { self.audiences[room] = nil }
        }
        connection.audiences.removeAll()
    }

    private static func now() -> RoomTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let wall = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        return RoomTime(monotonicNanoseconds: NIODeadline.now().uptimeNanoseconds, wallMilliseconds: wall)
    }

    /// A notice from the server to one connection, outside the rooms (before joining, or on the way out).
    private func notice(_ type: MessageType, _ text: String, to connection: ConnectionHandler) {
        let ts = Timestamp.format(millisecondsSince1970: Self.now().wallMilliseconds)
        let message = Message(type: type, dataSource: Message.serverSource, data: text, ts: ts)
        connection.write(self.encoder.bytes(of: Frame(message), for: connection.kind ?? .text))
    }
}

@available(*, unavailable)
extension ServerHub: Sendable {}
