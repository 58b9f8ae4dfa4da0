import ChatProtocol
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import ChatServer

/// What NIOPosix's PendingWritesManager does for a client that reads everything at once: unflushed bytes over the
/// high mark make the channel unwritable (the event fires synchronously, inside the write), a flush that the kernel
/// takes whole makes it writable again. EmbeddedChannel's `bufferedWritableBytes` counts the unflushed bytes, which is
/// what NIOPosix's counts for such a reader too.
final class WatermarkEmulator: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let high: Int
    var unflushed = 0
    init(high: Int) { self.high = high }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        self.unflushed += Self.unwrapOutboundIn(data).readableBytes
        context.write(data, promise: promise)
        if self.unflushed > self.high, let channel = context.channel as? EmbeddedChannel, channel.isWritable {
            channel.isWritable = false
            context.fireChannelWritabilityChanged()
        }
    }

    func flush(context: ChannelHandlerContext) {
        self.unflushed = 0
        context.flush()
        if let channel = context.channel as? EmbeddedChannel, !channel.isWritable {
            channel.isWritable = true
            context.fireChannelWritabilityChanged()
        }
    }
}

/// The hub's flush queue with many embedded connections: bounded, and fair to readers that keep up.
@Suite("Flush queue", .serialized)
struct FlushQueueTests {
    final class Setup {
        let loop = EmbeddedEventLoop()
        let hub: ServerHub
        var channels: [EmbeddedChannel] = []

        init(_ configure: (inout ServerConfiguration) -> Void) {
            var configuration = ServerConfiguration()
            configuration.idleTimeout = nil
            configuration.room = RoomConfiguration(
                historyLimit: 0, floodLimit: nil, batchAnnouncementsFrom: 20, rosterLimit: 50)
            configure(&configuration)
            self.hub = ServerHub(
                configuration: configuration, eventLoop: self.loop,
                logger: {
                    var l = Logger(label: "flush-queue")
                    l.logLevel = .error
                    return l
                }())
        }

        func connect(_ count: Int, high: Int) throws {
            for _ in 0..<count {
                let channel = EmbeddedChannel(loop: self.loop)
                try channel.pipeline.syncOperations.addHandler(WatermarkEmulator(high: high))
                let (decoder, connection) = self.hub.makeHandlers()
                try channel.pipeline.syncOperations.addHandler(decoder)
                try channel.pipeline.syncOperations.addHandler(connection)
                channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1), promise: nil)
                channel.pipeline.fireUserInboundEventTriggered(SniffResult(kind: .text, byTimeout: false))
                self.channels.append(channel)
                self.loop.run()
            }
            self.settle()
        }

        /// Lets the flush queue drain and drops what the clients received.
        func settle() {
            for _ in 0..<10_000 where self.hub.flushQueueEntries > 0 {
                self.loop.advanceTime(by: .milliseconds(1))
            }
            for channel in self.channels where channel.isActive {
                while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
            }
        }

        func say(_ text: String, from index: Int) {
            self.channels[index].pipeline.fireChannelRead(InboundLine.line(ByteBuffer(string: text)))
        }
    }

    @Test("a big room that keeps talking keeps the flush queue within twice its connections")
    func queueGrowsWithoutBound() throws {
        let setup = Setup { _ in }
        try setup.connect(1500, high: 64 * 1024)
        #expect(setup.hub.connectionCount == 1500)
        var most = 0
        for turn in 1...300 {
            setup.say("hello \(turn)", from: 0)
            // One event-loop turn: the flush queue's next slice of work is due 50 µs later.
            setup.loop.advanceTime(by: .microseconds(50))
            most = max(most, setup.hub.flushQueueEntries)
        }
        #expect(most <= 2 * 1500, "the flush queue held up to \(most) entries for 1500 connections")
    }

    @Test(
        "readers that keep up are not dropped as too slow when the tick outgrows its limit and is handed out unflushed")
    func stageQueueDropsGoodReaders() throws {
        let setup = Setup { $0.maxQueueBytes = 1 << 20 }
        try setup.connect(1000, high: 64 * 1024)
        #expect(setup.hub.connectionCount == 1000)
        let line = String(repeating: "x", count: 15_000)
        var firstDrop: Int?
        for turn in 1...40 {
            // A busy room: 40 lines of 15 KB per turn (600 KB).
            for index in 0..<40 { setup.say("\(turn).\(index) \(line)", from: 1 + index) }
            setup.loop.advanceTime(by: .microseconds(50))
            if firstDrop == nil && setup.hub.connectionCount < 1000 { firstDrop = turn }
            // Every client reads everything it was sent.
            for channel in setup.channels where channel.isActive {
                while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
            }
        }
        #expect(
            setup.hub.connectionCount == 1000,
            "\(1000 - setup.hub.connectionCount) perfect readers dropped as too slow, the first at turn \(firstDrop ?? -1)"
        )
    }
}
