import NIOCore

/// One load-generator connection: joins, then counts and times every bench message it receives, and (for a
/// sender) keeps up to `window` of its own messages in flight, sending more as their echoes come back.
///
/// With `--reconnect-every` it also checks exactly-once delivery by room seq, and a reader drops its connection once
/// in each window and resumes on a new one with the same handler (BenchClientHandler+Resume.swift).
final class BenchClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Setup: Sendable {
        let index: Int
        let senderIndex: Int?  // nil: only reads
        let senders: Int
        let run: UInt32
        let window: Int
        let rate: Double
        let payload: Int
        let text: Bool
        let ping: Bool
        let name: String
        /// The room to join instead of the default one, if any.
        let room: String?
        /// Seconds of each window in which a reader drops its connection and resumes; 0: never, and seqs are not
        /// checked (the hot path stays as it was).
        var reconnectEvery: Double = 0
        /// Testing only: resume without `since`, so that the server replays a join's history instead.
        var resumeWithoutSince = false
    }

    let setup: Setup
    let stats: BenchStats
    var context: ChannelHandlerContext?
    var partial: ByteBuffer?
    /// The partial-line buffer, kept for reuse between lines.
    var spare: ByteBuffer?
    var joined = false
    private var sending = false
    var inFlight = 0
    private var sequence: UInt64 = 0
    /// Last sequence seen from each sender.
    private var lastSeen: [UInt64]
    private var ticker: RepeatedTask?
    var stopped = false

    /// Whether seqs are checked (`--reconnect-every`): kept apart so that the hot path pays one test for it.
    let checksResume: Bool
    /// What the resume check keeps across this client's connections. Only this handler's loop touches it, one access
    /// at a time: the runtime's exclusivity checks on it were a tenth of the checked path's time.
    @exclusivity(unchecked) var resume = ResumeState()
    /// Connects this handler again on a new channel of the loop (the runner's, which knows where to).
    let reconnect: ((BenchClientHandler, any EventLoop) -> Void)?

    init(setup: Setup, stats: BenchStats, reconnect: ((BenchClientHandler, any EventLoop) -> Void)? = nil) {
        self.setup = setup
        self.stats = stats
        self.lastSeen = Array(repeating: 0, count: max(1, setup.senders))
        self.checksResume = setup.reconnectEvery > 0
        self.reconnect = reconnect
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        self.resume.loop = context.eventLoop
        if self.resume.awaitingWelcome {
            context.writeAndFlush(
                Self.wrapOutboundOut(self.resumeHello(allocator: context.channel.allocator)), promise: nil)
            return
        }
        let rooms = self.setup.room.map { #","rooms":["\#($0)"]"# } ?? ""
        let hello =
            self.setup.text
            ? "/nick \(self.setup.name)\r\n" : #"{"type":"hello","data":"\#(self.setup.name)"\#(rooms)}"# + "\n"
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: hello)), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.ticker?.cancel()
        self.context = nil
        if self.checksResume, self.resumeAfterClose() { return }
        if !self.stopped { self.stats.readersLost += 1 }
    }

    /// Splits reads into lines without copying them: only the unfinished line at the end of a read is copied (into a
    /// small buffer of our own), and completed from the next read. Keeping NIO's read buffer instead would make NIO
    /// allocate a fresh one for every read, and appending to it would copy it whole.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        let now = NIODeadline.now().uptimeNanoseconds
        if var partial = self.partial {
            self.partial = nil
            let view = buffer.readableBytesView
            guard let newline = view.firstIndex(of: 10) else {
                partial.writeBuffer(&buffer)
                self.partial = partial
                return
            }
            let head = newline - view.startIndex
            if var rest = buffer.readSlice(length: head) { partial.writeBuffer(&rest) }
            buffer.moveReaderIndex(forwardBy: 1)
            partial.withUnsafeReadableBytes { self.handleLine($0, now: now) }
            partial.clear()
            self.spare = partial
        }
        let consumed = buffer.withUnsafeReadableBytes { bytes -> Int in
            var start = 0
            while start < bytes.count, let newline = bytes[start...].firstIndex(of: 10) {
                self.handleLine(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), now: now)
                start = newline + 1
            }
            return start
        }
        buffer.moveReaderIndex(forwardBy: consumed)
        if buffer.readableBytes > 0 {
            var partial = self.spare ?? context.channel.allocator.buffer(capacity: max(buffer.readableBytes, 1024))
            self.spare = nil
            partial.writeBuffer(&buffer)
            self.partial = partial
        }
        if self.sending { self.fill() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func handleLine(_ line: UnsafeRawBufferPointer, now: UInt64) {
        if self.checksResume {
            self.handleCheckedLine(line, now: now)
            return
        }
        guard let payload = BenchPayload.parse(line), payload.run == self.setup.run else {
            if !self.joined, Self.isWelcome(line, text: self.setup.text) {
                self.joined = true
                self.stats.joined += 1
            } else if self.setup.index == 0, Self.contains(line, self.setup.text ? Self.tooSlow : Self.tooSlowJSON) {
                // A client that never reads cannot see its own disconnection; the room's notice tells.
                self.stats.slowDropped += 1
            }
            return
        }
        self.stats.deliveries += 1
        self.stats.lastDelivery = now
        self.stats.latency.record(max(1, (now &- payload.sentNanoseconds) / 1000))
        if payload.sender < self.lastSeen.count {
            if payload.sequence != self.lastSeen[payload.sender] + 1 { self.stats.outOfOrder += 1 }
            self.lastSeen[payload.sender] = payload.sequence
        }
        if payload.sender == self.setup.senderIndex { self.inFlight -= 1 }
    }

    static let welcomeJSON = Array(#""type":"welcome""#.utf8)
    private static let welcomeText = Array("-!- Welcome".utf8)
    private static let tooSlow = Array("left (disconnected as too slow)".utf8)
    static let tooSlowJSON = Array(#""data":"disconnected as too slow""#.utf8)

    private static func isWelcome(_ line: UnsafeRawBufferPointer, text: Bool) -> Bool {
        text ? line.starts(with: self.welcomeText) : self.contains(line, self.welcomeJSON)
    }

    private static func contains(_ line: UnsafeRawBufferPointer, _ marker: [UInt8]) -> Bool {
        guard let first = marker.first, line.count >= marker.count else { return false }
        var index = 0
        while index + marker.count <= line.count {
            if line[index] == first, line[index..<index + marker.count].elementsEqual(marker) { return true }
            index += 1
        }
        return false
    }

    /// Starts sending (senders only).
    func start() {
        if self.checksResume, self.setup.senderIndex == nil { self.startDropping() }
        guard self.setup.senderIndex != nil, let context = self.context else { return }
        self.sending = true
        if self.setup.rate > 0 {
            let interval = TimeAmount.nanoseconds(Int64(1e9 / self.setup.rate))
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            // Each sender starts at a random point of its interval: people do not type in lockstep, and senders
            // that did would turn a steady load into bursts.
            let phase = TimeAmount.nanoseconds(Int64.random(in: 0..<max(1, interval.nanoseconds)))
            self.ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: phase, delay: interval) { _ in
                let handler = loopBound.value
                if handler.sending && handler.inFlight < handler.setup.window { handler.send(count: 1) }
            }
        } else {
            self.fill()
        }
    }

    func stopSending() {
        self.sending = false
        self.ticker?.cancel()
        self.resume.dropTask?.cancel()
    }

    /// As fast as the server takes them: top the window up.
    private func fill() {
        guard self.setup.rate == 0, self.inFlight < self.setup.window else { return }
        self.send(count: self.setup.window - self.inFlight)
    }

    private func send(count: Int) {
        guard let context = self.context, let sender = self.setup.senderIndex else { return }
        var buffer = context.channel.allocator.buffer(capacity: count * (self.setup.payload + 16))
        for _ in 0..<count {
            self.sequence += 1
            let payload = BenchPayload(
                run: self.setup.run, sender: sender, sequence: self.sequence,
                sentNanoseconds: NIODeadline.now().uptimeNanoseconds)
            if self.setup.text {
                buffer.writeString(payload.text(size: self.setup.payload))
                buffer.writeString("\r\n")
            } else {
                buffer.writeString(self.setup.ping ? #"{"type":"ping","data":""# : #"{"data":""#)
                buffer.writeString(payload.text(size: self.setup.payload))
                buffer.writeString("\"}\n")
            }
        }
        self.inFlight += count
        self.stats.messagesSent += UInt64(count)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }
}

@available(*, unavailable)
extension BenchClientHandler: Sendable {}
