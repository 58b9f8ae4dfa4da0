import ChatProtocol
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import ChatServer

/// The hub with embedded connections: audiences per room, the formats each gets, upgrades and closes.
@Suite("Server hub")
struct ServerHubTests {
    final class Setup {
        let loop = EmbeddedEventLoop()
        let hub: ServerHub

        init(store: (any MessageStore)? = nil) {
            var configuration = ServerConfiguration()
            configuration.idleTimeout = nil
            configuration.room = RoomConfiguration(historyLimit: 5, floodLimit: nil)
            var logger = Logger(label: "hub-tests")
            logger.logLevel = .error
            self.hub = ServerHub(
                configuration: configuration, eventLoop: self.loop, logger: logger, store: store ?? MemoryMessageStore()
            )
        }

        /// A connection whose kind the sniffer decided (`byTimeout`: only because it was silent).
        func connect(_ kind: ClientKind, byTimeout: Bool = false) throws -> EmbeddedChannel {
            let channel = EmbeddedChannel(loop: self.loop)
            let (decoder, connection) = self.hub.makeHandlers()
            try channel.pipeline.syncOperations.addHandler(decoder)
            try channel.pipeline.syncOperations.addHandler(connection)
            channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1), promise: nil)
            channel.pipeline.fireUserInboundEventTriggered(SniffResult(kind: kind, byTimeout: byTimeout))
            self.loop.run()
            return channel
        }

        func send(_ line: String, on channel: EmbeddedChannel) {
            channel.pipeline.fireChannelRead(InboundLine.line(ByteBuffer(string: line)))
            self.loop.run()
        }

        /// Every line the connection was sent since the last call.
        func lines(of channel: EmbeddedChannel) -> [String] {
            var text = ""
            while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    @Test("a connection taken for text that sends a JSON hello gets JSON from then on, its own echoes included")
    func upgradeChangesTheFormatOfBroadcasts() throws {
        let setup = Setup()
        let late = try setup.connect(.text, byTimeout: true)
        #expect(setup.lines(of: late).first?.hasPrefix("-!- Welcome") == true)
        setup.send(#"{"type":"hello","data":"alice"}"#, on: late)
        #expect(setup.lines(of: late).first?.hasPrefix(#"{"data":"Welcome to swchat, alice!"#) == true)
        setup.send(#"{"data":"hi"}"#, on: late)
        let echo = try MessageCoder().decode(try #require(setup.lines(of: late).first))
        #expect(echo.type == .chat && echo.data == "hi" && echo.dataSource == "alice")
        let nc = try setup.connect(.text)
        _ = setup.lines(of: nc)
        setup.send(#"{"data":"both"}"#, on: late)
        #expect(setup.lines(of: nc).last?.hasSuffix("alice: both") == true)
        #expect(setup.lines(of: late).last?.contains(#""data":"both""#) == true)
    }

    @Test("each room's broadcast reaches its members only, as JSON or text by each one's kind")
    func audiencesPerRoom() throws {
        let setup = Setup()
        let json = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"jo","rooms":["lobby","dev"]}"#, on: json)
        let text = try setup.connect(.text)
        setup.send("/join dev", on: text)
        let lobbyOnly = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"lo"}"#, on: lobbyOnly)
        for channel in [json, text, lobbyOnly] { _ = setup.lines(of: channel) }
        setup.send(#"{"data":"in dev","room":"dev"}"#, on: json)
        #expect(setup.lines(of: json).count == 1)
        #expect(setup.lines(of: text).map { $0.hasSuffix("#dev jo: in dev") } == [true])
        #expect(setup.lines(of: lobbyOnly).isEmpty)
    }

    @Test("a connection that closes leaves every room's audience: the rooms go on without it")
    func closeLeavesEveryAudience() throws {
        let setup = Setup()
        let gone = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"gone","rooms":["lobby","dev","ops"]}"#, on: gone)
        let stays = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"stays","rooms":["lobby","dev","ops"]}"#, on: stays)
        _ = setup.lines(of: stays)
        _ = try gone.close()
        setup.loop.run()
        let leaves = setup.lines(of: stays).compactMap { try? MessageCoder().decode($0) }
        #expect(leaves.map(\.type) == [.leave, .leave, .leave])
        #expect(leaves.map(\.room) == ["lobby", "dev", "ops"])
        for room in ["lobby", "dev", "ops"] {
            setup.send(#"{"data":"still \#(room)","room":"\#(room)"}"#, on: stays)
        }
        #expect(setup.lines(of: stays).count == 3)
        #expect(setup.hub.connectionCount == 1)
    }

    @Test("a resume read from the store keeps its place: what the room says meanwhile comes after replay_end")
    func resumeKeepsItsPlace() throws {
        let store = DeferredStore()
        let setup = Setup(store: store)
        let alice = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"alice","rooms":["lobby","dev"]}"#, on: alice)
        let welcome = try MessageCoder().decode(try #require(setup.lines(of: alice).first))
        let bob = try setup.connect(.text)
        setup.send("/join dev", on: bob)
        _ = try alice.close().wait()
        setup.loop.run()
        for index in 0..<12 { setup.send("m\(index)", on: bob) }
        let back = try setup.connect(.json)
        let hello = Message(
            type: .hello, data: "alice", rooms: [RoomInfo(name: "lobby"), RoomInfo(name: "dev")],
            server: welcome.server, session: welcome.session, since: ["dev": 0, "lobby": 0])
        setup.send(MessageCoder.encodeString(hello), on: back)
        let before = try setup.lines(of: back).map { try MessageCoder().decode($0) }
        // Lobby had nothing new; dev's roster goes out, and its replay's place waits for the store.
        #expect(before.map(\.type) == [.welcome, .replayEnd, .users])
        #expect(before[1].room == "lobby" && before[2].room == "dev" && before[2].seq == 12)
        #expect(store.pendingReads == 1, "dev's 12 are beyond its memory of 5: read from the store")
        setup.send("live", on: bob)
        setup.send("/topic meanwhile", on: bob)
        #expect(setup.lines(of: back).isEmpty, "held behind the read")
        store.answerReads()
        setup.loop.run()
        let frames = try setup.lines(of: back).map { try MessageCoder().decode($0) }
        let replayed = frames.filter { $0.replay == true }.map(\.data)
        #expect(replayed == (0..<12).map { "m\($0)" })
        let devEnd = try #require(frames.firstIndex { $0.type == .replayEnd && $0.room == "dev" })
        #expect(frames[devEnd].seq == 12)
        #expect(frames[(devEnd + 1)...].map(\.data) == ["live", "meanwhile"])
    }

    @Test("while the store has not answered, a leave or rename after a message waits behind it")
    func eventsWaitBehindMessages() throws {
        let store = DeferredStore()
        store.deferAppends = true
        let setup = Setup(store: store)
        let watcher = try setup.connect(.text)
        let bob = try setup.connect(.text)
        setup.send("/nick bob", on: bob)
        _ = setup.lines(of: watcher)
        setup.send("last words", on: bob)
        setup.send("/nick robert", on: bob)
        setup.send("/quit bye", on: bob)
        #expect(!setup.lines(of: watcher).contains { $0.contains("robert") }, "the rename waits for the message")
        #expect(store.pendingAppends == 1)
        store.answerAppends()
        setup.loop.run()
        // Text lines end in "\r\n", one Character: split on the string.
        let lines = setup.lines(of: watcher).flatMap { $0.components(separatedBy: "\r\n") }
        let said = try #require(lines.firstIndex { $0.hasSuffix("bob: last words") })
        let renamed = try #require(lines.firstIndex { $0.contains("bob is now known as robert") })
        let left = try #require(lines.firstIndex { $0.contains("robert left") })
        #expect(said < renamed && renamed < left, "\(lines)")
    }

    @Test("a message stored while its room closed and opened again reaches the reopened room, and its history")
    func roomReopenedWhileStoring() throws {
        let store = DeferredStore()
        let setup = Setup(store: store)
        let alice = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"alice","rooms":["lobby","x"]}"#, on: alice)
        store.deferAppends = true
        setup.send(#"{"data":"lost","room":"x"}"#, on: alice)
        setup.send(#"{"data":"/part x"}"#, on: alice)
        setup.send(#"{"data":"/join x"}"#, on: alice)
        _ = setup.lines(of: alice)
        store.answerAppends()
        setup.loop.run()
        let live = try setup.lines(of: alice).map { try MessageCoder().decode($0) }
        #expect(live.contains { $0.data == "lost" && $0.room == "x" && $0.seq == 1 }, "\(live.map(\.data))")
        store.deferAppends = false
        let dan = try setup.connect(.json)
        setup.send(#"{"type":"hello","data":"dan","rooms":["x"]}"#, on: dan)
        let joined = try setup.lines(of: dan).map { try MessageCoder().decode($0) }
        #expect(joined.filter { $0.replay == true }.map(\.data) == ["lost"])
        #expect(joined.first?.seqs?["x"] == 1)
    }

    @Test("a history page is held to the replay budget, the newest kept, and says there is more")
    func pagesHaveABudget() throws {
        var configuration = ServerConfiguration()
        configuration.idleTimeout = nil
        configuration.room = RoomConfiguration(historyLimit: 5, floodLimit: nil)
        configuration.room.replayBytes = 40 * 1024
        let loop = EmbeddedEventLoop()
        let hub = ServerHub(configuration: configuration, eventLoop: loop, logger: Logger(label: "t"))
        let channel = EmbeddedChannel(loop: loop)
        let (decoder, connection) = hub.makeHandlers()
        try channel.pipeline.syncOperations.addHandler(decoder)
        try channel.pipeline.syncOperations.addHandler(connection)
        channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1), promise: nil)
        channel.pipeline.fireUserInboundEventTriggered(SniffResult(kind: .json, byTimeout: false))
        let line = String(repeating: "y", count: 1000)
        channel.pipeline.fireChannelRead(InboundLine.line(ByteBuffer(string: #"{"type":"hello","data":"a"}"#)))
        for index in 0..<200 {
            channel.pipeline.fireChannelRead(InboundLine.line(ByteBuffer(string: #"{"data":"\#(index) \#(line)"}"#)))
        }
        loop.run()
        while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
        channel.pipeline.fireChannelRead(InboundLine.line(ByteBuffer(string: #"{"type":"history","limit":500}"#)))
        loop.run()
        var text = ""
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        let frames = try text.split(separator: "\n").map { try MessageCoder().decode(String($0)) }
        let replayed = frames.filter { $0.replay == true }
        #expect(replayed.count > 20 && replayed.count < 40, "40 KiB of 1 KB lines: \(replayed.count)")
        #expect(replayed.last?.seq == 200, "the newest")
        #expect(frames.last?.type == .replayEnd && frames.last?.more == true)
        #expect(frames.last?.before == replayed.first?.seq)
    }
}
