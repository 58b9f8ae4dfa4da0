import ChatProtocol
import Testing

@testable import ChatServer

/// What a core input caused, as the shell would carry it out: frames to one connection or to a room's members
/// (those in it at that moment), and connections to close. Stored messages come back through the store at once.
enum Output {
    case send(Message, to: MemberID)
    case broadcast(Message, room: String, recipients: [MemberID], except: MemberID?)
    case close(MemberID, LeaveReason)
}

/// A `ChatCore` with a real in-memory store, explicit clocks, and the effects turned into frames by the same
/// `NoticeEncoder` the server uses: every input runs at `time` and returns what it caused.
final class CoreHarness {
    let core: ChatCore
    let store = MemoryMessageStore()
    let encoder: NoticeEncoder
    /// Monotonic nanoseconds, for the flood limit.
    var monotonic: UInt64 = 1_000_000_000
    /// Wall milliseconds, for `ts` (2023-11-14T22:13:20.123Z).
    var wall: Int64 = 1_700_000_000_123
    /// Who is in each room's audience, as the shell keeps it from `entered` and `exited`.
    private(set) var audiences: [RoomID: [MemberID]] = [:]
    /// What the core published for other server processes, in order.
    private(set) var published: [RoomEvent] = []
    /// Sessions the core asked to keep, in order.
    private(set) var savedSessions: [SessionRecord] = []
    /// Fetches are answered at once by the store, unless held here (`answerFetches` answers them).
    var holdFetches = false
    private(set) var heldFetches: [Fetch] = []
    /// Password jobs run at once (real scrypt, at the configuration's cost), unless held here.
    var holdPasswords = false
    /// Posts are refused as by a store whose disk is full.
    var refusePosts = false
    private(set) var heldPasswords: [PasswordJob] = []
    /// Records the core asked the store to keep or forget, and its audit lines, in order.
    private(set) var kept: [ModerationRecord] = []
    private(set) var discarded: [String] = []
    private(set) var audits: [String] = []

    init(_ configuration: RoomConfiguration) {
        self.core = ChatCore(configuration: configuration)
        self.encoder = NoticeEncoder(defaultRoom: configuration.defaultRoom)
    }

    convenience init(historyLimit: Int = 50, floodLimit: FloodLimit? = nil, motd: String? = nil) {
        self.init(RoomConfiguration(historyLimit: historyLimit, floodLimit: floodLimit, motd: motd))
    }

    var time: RoomTime { RoomTime(monotonicNanoseconds: self.monotonic, wallMilliseconds: self.wall) }
    var ts: String { Timestamp.format(millisecondsSince1970: self.wall) }

    func advance(milliseconds: Int) {
        self.monotonic += UInt64(milliseconds) * 1_000_000
        self.wall += Int64(milliseconds)
    }

    /// The default room as tests of one room see it.
    var room: RoomView { RoomView(harness: self, room: self.core.configuration.defaultRoom) }

    /// One room of the core.
    func view(_ room: String) -> RoomView { RoomView(harness: self, room: room) }

    /// Runs one input and returns what it caused.
    func run(_ input: (ChatCore, RoomTime, inout [ServerEffect]) -> Void) -> [Output] {
        var effects: [ServerEffect] = []
        input(self.core, self.time, &effects)
        return self.carryOut(effects)
    }

    /// Applies effects as the hub does, in order; a stored message's effects follow in place.
    func carryOut(_ effects: [ServerEffect]) -> [Output] {
        var pending = effects
        var outputs: [Output] = []
        var index = 0
        while index < pending.count {
            let effect = pending[index]
            index += 1
            switch effect {
            case .send(let notice, let id):
                outputs.append(.send(self.encoder.message(for: notice, ts: self.ts), to: id))
            case .broadcast(let notice, let room, let except):
                let message = self.encoder.message(for: notice, ts: self.ts)
                outputs.append(
                    .broadcast(
                        message, room: message.room ?? "?", recipients: self.audiences[room] ?? [], except: except))
            case .everyone(let notice):
                let message = self.encoder.message(for: notice, ts: self.ts)
                for id in self.core.sessions.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                    outputs.append(.send(message, to: id))
                }
            case .entered(let id, let room):
                self.audiences[room, default: []].append(id)
            case .exited(let id, let room):
                self.audiences[room]?.removeAll { $0 == id }
            case .named:
                break
            case .post(let post):
                var delivered: [ServerEffect] = []
                if self.refusePosts {
                    self.core.notStored(post, error: .unavailable("disk full"), effects: &delivered)
                    pending.insert(contentsOf: delivered, at: index)
                    break
                }
                self.store.append(post) { result in
                    switch result {
                    case .success(let stored): self.core.deliver(stored, effects: &delivered)
                    case .failure(let error): self.core.notStored(post, error: error, effects: &delivered)
                    }
                }
                pending.insert(contentsOf: delivered, at: index)
            case .publish(let event):
                self.published.append(event)
            case .fetch(let fetch):
                if self.holdFetches {
                    self.heldFetches.append(fetch)
                    continue
                }
                var answered: [ServerEffect] = []
                self.store.answer(fetch.query) { self.core.fetched(fetch, $0, effects: &answered) }
                pending.insert(contentsOf: answered, at: index)
            case .fill(let id, _, let notices):
                for notice in notices { outputs.append(.send(self.encoder.message(for: notice, ts: self.ts), to: id)) }
            case .saveSession(let record):
                self.savedSessions.append(record)
            case .forgetSession:
                break
            case .close(let id, let reason):
                outputs.append(.close(id, reason))
            case .password(let job):
                if self.holdPasswords {
                    self.heldPasswords.append(job)
                    continue
                }
                var done: [ServerEffect] = []
                self.core.passwordDone(job.id, job.run(), at: self.time, effects: &done)
                pending.insert(contentsOf: done, at: index)
            case .keep(let record):
                self.kept.append(record)
            case .discard(let kind, let key):
                self.discarded.append("\(kind.rawValue) \(key)")
            case .audit(let line):
                self.audits.append(line)
            }
        }
        return outputs
    }

    /// Runs the password jobs held so far, in order.
    func runPasswords() -> [Output] {
        let jobs = self.heldPasswords
        self.heldPasswords = []
        var effects: [ServerEffect] = []
        for job in jobs { self.core.passwordDone(job.id, job.run(), at: self.time, effects: &effects) }
        return self.carryOut(effects)
    }

    /// Answers the fetches held so far, in order.
    func answerFetches() -> [Output] {
        let fetches = self.heldFetches
        self.heldFetches = []
        var effects: [ServerEffect] = []
        for fetch in fetches { self.store.answer(fetch.query) { self.core.fetched(fetch, $0, effects: &effects) } }
        return self.carryOut(effects)
    }

    @discardableResult func connect(
        _ id: MemberID, _ kind: ClientKind, origin: ConnectionOrigin = ConnectionOrigin()
    ) -> [Output] {
        self.run { $0.connect(id, kind: kind, origin: origin, at: $1, effects: &$2) }
    }

    /// A line from `id`, counted against the flood limit first as the hub does, then handled by `body`.
    private func admitted(_ id: MemberID, _ body: (ChatCore, RoomTime, inout [ServerEffect]) -> Void) -> [Output] {
        self.run { core, time, effects in
            guard core.admitLine(from: id, at: time, effects: &effects) else { return }
            body(core, time, &effects)
        }
    }

    /// A frame.
    @discardableResult func receive(_ message: Message, from id: MemberID) -> [Output] {
        self.admitted(id) { $0.receive(message, from: id, at: $1, effects: &$2) }
    }

    @discardableResult func hello(_ id: MemberID, _ name: String, rooms: [String]? = nil) -> [Output] {
        self.receive(Message(type: .hello, data: name, rooms: rooms?.map { RoomInfo(name: $0) }), from: id)
    }

    /// A JSON chat frame (its text may be a command), for its current room or the one named.
    @discardableResult func json(_ id: MemberID, _ text: String, room: String? = nil) -> [Output] {
        self.receive(Message(data: text, room: room), from: id)
    }

    /// A line from a text client.
    @discardableResult func line(_ id: MemberID, _ text: String) -> [Output] {
        self.admitted(id) { $0.receiveText(text, from: id, at: $1, effects: &$2) }
    }

    @discardableResult func disconnect(_ id: MemberID, _ reason: LeaveReason) -> [Output] {
        self.run { $0.disconnect(id, reason: reason, at: $1, effects: &$2) }
    }

    @discardableResult func reject(_ problem: ProtocolError, from id: MemberID) -> [Output] {
        self.admitted(id) { $0.reject(problem, from: id, at: $1, effects: &$2) }
    }

    @discardableResult func shutdown() -> [Output] {
        self.run { $0.shutdown(at: $1, effects: &$2) }
    }

    @discardableResult func upgrade(_ id: MemberID, wanted: String?) -> [Output] {
        self.run { $0.upgradeToJSON(id, wanted: wanted, at: $1, effects: &$2) }
    }

    /// The shell's 250 ms timer.
    @discardableResult func flushAnnouncements() -> [Output] {
        self.run { core, _, effects in core.flushAnnouncements(effects: &effects) }
    }

    /// A JSON client that connects and says hello.
    @discardableResult func join(_ id: MemberID, _ name: String, rooms: [String]? = nil) -> [Output] {
        self.connect(id, .json)
        return self.hello(id, name, rooms: rooms)
    }
}

/// One room of a harness's core, for assertions.
struct RoomView {
    let harness: CoreHarness
    let room: String

    private var state: Room? {
        let core = self.harness.core
        return core.roomsByKey[RoomNameRules.key(self.room)].flatMap { core.rooms[$0] }
    }

    /// A connection's name (server-wide).
    func name(of id: MemberID) -> String? { self.harness.core.name(of: id) }
    var onlineCount: Int { self.state?.onlineCount ?? 0 }
    var names: [String] { self.state?.names ?? [] }
    var isLarge: Bool { self.state?.isLarge ?? false }
    var topic: Topic? { self.state?.topic }
    var exists: Bool { self.state != nil }
    /// The last id the store gave out.
    var lastID: UInt64 { self.harness.store.lastID }
    var hasPendingAnnouncements: Bool { self.harness.core.hasPendingAnnouncements }
}

extension Array where Element == Output {
    /// Frames sent to this connection alone (`.send`), in order.
    func sent(to id: MemberID) -> [Message] {
        self.compactMap {
            if case .send(let message, let to) = $0, to == id { return message }
            return nil
        }
    }

    /// Every `.send`, to anyone.
    var sends: [(message: Message, to: MemberID)] {
        self.compactMap {
            if case .send(let message, let to) = $0 { return (message, to) }
            return nil
        }
    }

    /// Broadcast frames and whom each one leaves out.
    var broadcasts: [(message: Message, except: MemberID?)] {
        self.compactMap {
            if case .broadcast(let message, _, _, let except) = $0 { return (message, except) }
            return nil
        }
    }

    /// The frames a connection gets, in order: sends to it and broadcasts to a room it was in, unless left out.
    func received(by id: MemberID) -> [Message] {
        self.compactMap {
            switch $0 {
            case .send(let message, let to): to == id ? message : nil
            case .broadcast(let message, _, let recipients, let except):
                except != id && recipients.contains(id) ? message : nil
            case .close: nil
            }
        }
    }

    var closes: [(id: MemberID, reason: LeaveReason)] {
        self.compactMap {
            if case .close(let id, let reason) = $0 { return (id, reason) }
            return nil
        }
    }
}
