import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A client that floods the server with lines as fast as its socket takes them, and connects again whenever the
/// server cuts it off: what the others' latency must survive (docs/performance.md, S6). It reads and throws away
/// what it gets (its errors), so the server cannot drop it as a slow reader.
enum Flooder {
    /// What the flooders did.
    struct Tally: Sendable {
        var lines: UInt64 = 0
        var connections = 0
    }

    /// When the flooders stop: moved from "not yet" to the end of the senders' run once the flood is under way.
    typealias Deadline = NIOLockedValueBox<ContinuousClock.Instant>

    /// Floods from `count` connections on their own event loop until the deadline, counting into `tally`.
    static func run(
        count: Int, host: String, port: Int, garbage: Bool, until deadline: Deadline, tally: NIOLockedValueBox<Tally>
    ) async {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<count {
                tasks.addTask {
                    await self.flood(
                        index: index, host: host, port: port, garbage: garbage, until: deadline, group: group,
                        tally: tally)
                }
            }
        }
    }

    private static func flood(
        index: Int, host: String, port: Int, garbage: Bool, until deadline: Deadline,
        group: MultiThreadedEventLoopGroup, tally: NIOLockedValueBox<Tally>
    ) async {
        let line = garbage ? #"{"data":"flood",}"# : #"{"data":"flood flood flood flood"}"#
        let linesPerChunk = 1024
        let chunk = ByteBuffer(string: String(repeating: line + "\n", count: linesPerChunk))
        var attempt = 0
        while ContinuousClock.now < deadline.withLockedValue({ $0 }) {
            attempt += 1
            let name = "flooder\(index)x\(attempt)"
            do {
                let channel = try await ClientBootstrap(group: group)
                    .connectTimeout(.seconds(5))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                FloodHandler(hello: name, chunk: chunk, linesPerChunk: linesPerChunk, tally: tally))
                        }
                    }
                    .connect(host: host, port: port).get()
                tally.withLockedValue { $0.connections += 1 }
                // Until the server cuts it off, or the run ends.
                while channel.isActive, ContinuousClock.now < deadline.withLockedValue({ $0 }) {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                try? await channel.close()
            } catch {
                // Refused (the server is full or gone): try again shortly, within the run.
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

/// Writes `chunk` after `chunk` while the channel is writable; discards what it reads.
final class FloodHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let hello: String
    private let chunk: ByteBuffer
    private let linesPerChunk: Int
    private let tally: NIOLockedValueBox<Flooder.Tally>

    init(hello: String, chunk: ByteBuffer, linesPerChunk: Int, tally: NIOLockedValueBox<Flooder.Tally>) {
        self.hello = hello
        self.chunk = chunk
        self.linesPerChunk = linesPerChunk
        self.tally = tally
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(
            Self.wrapOutboundOut(ByteBuffer(string: #"{"type":"hello","data":"\#(self.hello)"}"# + "\n")), promise: nil)
        self.pump(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.pump(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func pump(context: ChannelHandlerContext) {
        var chunks = 0
        while context.channel.isActive, context.channel.isWritable, chunks < 64 {
            context.write(Self.wrapOutboundOut(self.chunk), promise: nil)
            chunks += 1
        }
        context.flush()
        let lines = UInt64(chunks * self.linesPerChunk)
        self.tally.withLockedValue { $0.lines += lines }
    }
}

@available(*, unavailable)
extension FloodHandler: Sendable {}
