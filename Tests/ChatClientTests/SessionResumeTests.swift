import ChatClient
import ChatProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A server that speaks protocol.md's resume frames from a script: it records each connection's hello, answers
/// with that connection's frames, and closes the connections it is told to close (a lost link, as the session sees
/// it). The real server's resume is the lead's; this one is enough to see what the session says.
final class ScriptedServer: Sendable {
    /// Each connection's hello, in order.
    let hellos = NIOLockedValueBox<[Message]>([])
    /// For connection n (from 0), the frames sent after its hello and whether it is closed after them; connections
    /// past the script get a bare welcome and stay open.
    let script: [(frames: [Message], close: Bool)]
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    init(script: [(frames: [Message], close: Bool)]) {
        self.script = script
    }

    /// Listens on 127.0.0.1, port 0. - Returns: the port.
    func start() async throws -> Int {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 1 << 16)))
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel.withLockedValue { $0 = server }
        return server.localAddress?.port ?? 0
    }

    func stop() async throws {
        try await self.channel.withLockedValue { $0 }?.close()
    }

    /// Waits until `count` hellos have come, failing the test after `timeout`.
    func waitForHellos(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let hellos = self.hellos.withLockedValue { $0 }
            if hellos.count >= count { return hellos }
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(count) hellos (got \(hellos.count))")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// One connection: its first frame is the hello; everything after it is ignored.
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = InboundLine
        typealias OutboundOut = ByteBuffer
        let server: ScriptedServer
        private var greeted = false

        init(server: ScriptedServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !self.greeted, case .line(let bytes) = Self.unwrapInboundIn(data),
                let hello = try? MessageCoder().decode(bytes)
            else { return }
            self.greeted = true
            let number = self.server.hellos.withLockedValue { hellos in
                hellos.append(hello)
                return hellos.count - 1
            }
            let (frames, close) =
                number < self.server.script.count
                ? self.server.script[number]
                : ([Message(type: .welcome, dataSource: "server", data: "Welcome", to: hello.data)], false)
            var reply = context.channel.allocator.buffer(capacity: 512)
            for frame in frames { reply.writeImmutableBuffer(MessageCoder.encodeLine(frame)) }
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(reply)).whenComplete { _ in
                if close { channel.close(promise: nil) }
            }
        }
    }
}

@available(*, unavailable)
extension ScriptedServer.Handler: Sendable {}

/// A session's hellos over a real socket: the first carries no resume fields, a reconnect's carries what the
/// frames received say, and another server's welcome makes the next hello start afresh.
@Suite("Session resume")
struct SessionResumeTests {
    static func welcome(server: String, session: String) -> Message {
        Message(
            type: .welcome, dataSource: "server", data: "Welcome", to: "alice", room: "lobby",
            rooms: [RoomInfo(name: "lobby"), RoomInfo(name: "dev")], server: server, session: session,
            seqs: ["lobby": 1230, "dev": 88])
    }

    static func chat(_ room: String, seq: UInt64, id: UInt64, replay: Bool? = nil) -> Message {
        Message(type: .chat, dataSource: "bob", data: "m\(seq)", id: id, replay: replay, room: room, seq: seq)
    }

    @Test("a reconnect's hello names the server, the token, each room's last seq and the last private id")
    func resumes() async throws {
        let server = ScriptedServer(script: [
            (
                [
                    Self.welcome(server: "9f2c", session: "5be1"),
                    Self.chat("lobby", seq: 1229, id: 30, replay: true),
                    Self.chat("lobby", seq: 1230, id: 31, replay: true),
                    Message(type: .private, dataSource: "bob", data: "psst", id: 41, to: "alice"),
                    Self.chat("dev", seq: 88, id: 42), Self.chat("lobby", seq: 1231, id: 43),
                ], true
            ),
            ([Self.welcome(server: "9f2c", session: "77aa"), Self.chat("dev", seq: 89, id: 50)], true),
            ([Self.welcome(server: "e0e0", session: "c0de"), Self.chat("lobby", seq: 2, id: 2)], true),
        ])
        let port = try await server.start()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.05, maximum: 0.1, jitter: 0)
        let recorder = SessionTests.Recorder()
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "alice", rooms: ["lobby", "dev"],
            configuration: configuration
        ) { recorder.record($0) }
        try await session.connect()
        let runner = Task { await session.run() }
        let hellos = try await server.waitForHellos(4)
        await session.stop()
        try await SessionTests.finish(runner)
        try await server.stop()

        let first = hellos[0]
        #expect(first.data == "alice" && first.rooms?.map(\.name) == ["lobby", "dev"])
        #expect(first.server == nil && first.session == nil && first.since == nil && first.privateSince == nil)

        let second = hellos[1]
        #expect(second.server == "9f2c")
        #expect(second.session == "5be1")
        #expect(second.since == ["lobby": 1231, "dev": 88])
        #expect(second.privateSince == 41)
        #expect(second.rooms?.map(\.name) == ["lobby", "dev"])

        // The same server again: the newer token, dev moved on, the rest as it was.
        let third = hellos[2]
        #expect(third.server == "9f2c" && third.session == "77aa")
        #expect(third.since == ["lobby": 1231, "dev": 89] && third.privateSince == 41)

        // Another server: only what came from it.
        let fourth = hellos[3]
        #expect(fourth.server == "e0e0" && fourth.session == "c0de")
        #expect(fourth.since == ["lobby": 2] && fourth.privateSince == nil)
    }

    @Test("against the real server: dropped and back, the session gets exactly what it missed, then replay_end")
    func resumesWithTheServer() async throws {
        // The server drops whoever is silent for 1 s: alice never pings, bob pings often.
        let server = try await SessionTests.startServer(idle: .seconds(1))
        let endpoint = HostPort(host: "127.0.0.1", port: server.port)
        var quiet = SessionConfiguration()
        quiet.pingInterval = .seconds(60)
        quiet.deadAfter = .seconds(120)
        quiet.backoff = Backoff(initial: 1, maximum: 1, jitter: 0)
        let recorder = SessionTests.Recorder()
        let alice = ChatSession(endpoint: endpoint, name: "alice", configuration: quiet) { recorder.record($0) }
        var chatty = SessionConfiguration()
        chatty.pingInterval = .milliseconds(200)
        let bobRecorder = SessionTests.Recorder()
        let bob = ChatSession(endpoint: endpoint, name: "bob", configuration: chatty) { bobRecorder.record($0) }
        try await alice.connect()
        let aliceRunner = Task { await alice.run() }
        try await bob.connect()
        let bobRunner = Task { await bob.run() }
        func chats(_ text: String) -> (SessionEvent) -> Bool {
            { if case .received(let m) = $0 { m.type == .chat && m.data == text } else { false } }
        }
        try await recorder.wait(for: "alice's welcome") {
            if case .received(let m) = $0 { m.type == .welcome } else { false }
        }
        try await bobRecorder.wait(for: "bob's welcome") {
            if case .received(let m) = $0 { m.type == .welcome } else { false }
        }
        bob.send("seen")
        try await recorder.wait(for: "seen", chats("seen"))
        try await recorder.waitUntil("the idle drop after seen") { events in
            guard let seen = events.firstIndex(where: chats("seen")) else { return false }
            return events[seen...].contains { if case .disconnected = $0 { true } else { false } }
        }
        for index in 1...3 { bob.send("missed \(index)") }
        try await bobRecorder.wait(for: "bob's own last line", chats("missed 3"))
        // Back: a resumed welcome, then lobby's replay_end (sent only to a resume), with the three lines before it.
        try await recorder.waitUntil("a welcome back, then lobby's replay_end") { events in
            let frames = events.compactMap { if case .received(let m) = $0 { m } else { nil } }
            guard let back = frames.firstIndex(where: { $0.type == .welcome && $0.data.hasPrefix("Welcome back") })
            else { return false }
            return frames[back...].contains { $0.type == .replayEnd && $0.room == "lobby" }
                && frames.contains { $0.type == .chat && $0.data == "missed 3" }
        }
        await alice.stop()
        await bob.stop()
        try await SessionTests.finish(aliceRunner)
        try await SessionTests.finish(bobRunner)
        await server.shutdown()

        // On a loaded machine alice may be dropped (and resume) more than once, and come back before bob's lines are
        // in: whatever the timing, every line came exactly once (a newcomer's welcome would replay them all again).
        let frames = recorder.events.withLockedValue { $0 }.compactMap {
            if case .received(let m) = $0 { m } else { nil }
        }
        let chats = frames.filter { $0.type == .chat }
        #expect(chats.map(\.data) == ["seen", "missed 1", "missed 2", "missed 3"], "nothing twice, nothing missed")
        #expect(alice.resume.since["lobby"] == chats.last?.seq)
    }
}
