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

        init() {
            var configuration = ServerConfiguration()
            configuration.idleTimeout = nil
            configuration.room = RoomConfiguration(historyLimit: 5, floodLimit: nil)
            var logger = Logger(label: "hub-tests")
            logger.logLevel = .error
            self.hub = ServerHub(configuration: configuration, eventLoop: self.loop, logger: logger)
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
}
