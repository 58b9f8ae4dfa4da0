import ChatProtocol
import NIOCore

/// One client connection: hands decoded lines and connection events to the hub, and writes what the hub
/// gives it. Lives on the room's event loop, so its calls into the hub are plain synchronous calls.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    let id: MemberID
    private let hub: RoomHub
    private(set) var context: ChannelHandlerContext?
    /// `context != nil`, as a plain flag for the hot path.
    private var attached = false
    /// Known once the sniffer has decided.
    var kind: ClientKind?
    /// Taken for text only because it was silent, and no line has come yet: a JSON first line upgrades it.
    var guessedText = false
    /// Receives broadcasts (has a name in the room).
    var joined = false
    /// Has writes not yet flushed; it is on the hub's dirty list.
    var dirty = false
    /// Being closed: write nothing more.
    var closing = false
    /// Why the connection is being closed, for the log line (nil: the peer closed it).
    var leaveReason: LeaveReason?
    /// The last name the room gave this connection, for the disconnect log line.
    var name: String?
    /// How long a closing connection may take to receive its last frames before it is closed anyway.
    static let closeGrace: TimeAmount = .seconds(2)
    /// The peer's address, for logs.
    private(set) var peer = "?"
    /// The peer's IP address without the port, for the connection throttle.
    private(set) var address: String?
    /// Counted among its address's connections by the throttle (to be released when it closes).
    var countedByThrottle = false
    /// When the client last sent a line (or connected), in uptime nanoseconds: for the idle timeout.
    private(set) var lastHeard: UInt64 = 0

    init(id: MemberID, hub: RoomHub) {
        self.id = id
        self.hub = hub
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.attached = true
        self.peer = context.channel.remoteAddress.map { "\($0)" } ?? "?"
        self.address = context.channel.remoteAddress?.ipAddress
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.attached = false
    }

    func channelActive(context: ChannelHandlerContext) {
        self.lastHeard = NIODeadline.now().uptimeNanoseconds
        self.hub.opened(self)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.hub.closed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.lastHeard = NIODeadline.now().uptimeNanoseconds
        self.hub.received(Self.unwrapInboundIn(data), from: self)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let sniffed = event as? SniffResult {
            self.kind = sniffed.kind
            self.guessedText = sniffed.byTimeout
            self.hub.decided(self)
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            // Every line before it was handled (the decoder delivers a last line without its newline first).
            self.hub.inputClosed(self)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// NIO's writability, kept from its events: a plain load on the hot path instead of the channel's atomic.
    private var writable = true

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.writable = context.channel.isWritable
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and broken pipes end here; the close that follows tells the room.
        self.hub.failed(self, error: error)
    }

    // MARK: - Output of the current tick
    //
    // What the connection sends in a tick is kept as segments, in order: ranges of the hub's shared tick buffers
    // (broadcasts: nothing copied per recipient) and bytes of its own (unicast frames). At most one segment is open
    // (being extended) at a time, and it is the last; in the common case it is the only one, a single shared range.

    /// The open shared range, if any: `openStart..<openEnd` of the tick buffer for `openKind`.
    private var openStart = -1
    private var openEnd = -1
    private var openKind = ClientKind.json
    /// The open own-bytes segment, if any.
    private var own: ByteBuffer?
    /// Closed segments before the open one.
    private var segments: [OutboundSegment] = []

    /// Adds a range of the tick's shared bytes (a broadcast). The per-recipient step of every broadcast, so it is
    /// two integers in the common case: the range continues the open one.
    func addShared(_ range: (start: Int, end: Int), kind: ClientKind) {
        guard self.attached, !self.closing else { return }
        if self.openStart >= 0, self.openEnd == range.start, self.openKind == kind {
            self.openEnd = range.end
            return
        }
        self.closeOpenSegment()
        self.openStart = range.start
        self.openEnd = range.end
        self.openKind = kind
    }

    /// Queues bytes for this connection only (a unicast frame), after everything queued before.
    func write(_ bytes: ByteBuffer) {
        guard self.attached, !self.closing else { return }
        if self.own != nil {
            self.own?.writeImmutableBuffer(bytes)
            return
        }
        self.closeOpenSegment()
        self.own = bytes
    }

    private func closeOpenSegment() {
        if self.openStart >= 0 {
            self.segments.append(.shared(self.openKind, start: self.openStart, end: self.openEnd))
            self.openStart = -1
            self.openEnd = -1
        }
        if let own = self.own {
            self.segments.append(.own(own))
            self.own = nil
        }
    }

    /// Hands the tick's segments to NIO without flushing them (no system call yet): they then need nothing of the
    /// tick. - Returns: the bytes that were still queued for the client before these, for the slow-reader check.
    ///
    /// The caller compares that with the queue limit. NIO's writability event would be wrong for this: it counts
    /// unflushed bytes too (one busy tick larger than the limit would flip it for a client that reads perfectly
    /// well), and it turns back only below the low watermark.
    func stage(_ tick: TickBuffers) -> Int {
        // Nothing new (its bytes were handed over already): nothing to check either.
        guard let context = self.context, self.openStart >= 0 || self.own != nil || !self.segments.isEmpty else {
            return 0
        }
        // The backlog is what earlier ticks left queued, measured before this tick's bytes go in: counting those
        // too would drop good readers whenever one busy tick (a few pastes) is bigger than the limit. The writable
        // flag says less than the high mark (at most 64 KiB, never above the limit) is queued; only otherwise is the
        // exact count worth asking for.
        // Bytes staged earlier and not flushed yet (the hub's flush queue) are this connection's turn still to come,
        // not the client's slowness: NIO counts them, so they are taken off.
        let queued = self.writable ? 0 : ((try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0)
        let backlog = max(0, queued - self.stagedBytes)
        self.closeOpenSegment()
        for segment in self.segments {
            switch segment {
            case .shared(let kind, let start, let end):
                guard var slice = tick.slice(kind, start: start, end: end) else { continue }
                if backlog > 0 {
                    // A client that is behind gets its own copy: a slice would keep the whole tick buffer alive for
                    // as long as it stays queued, far more memory than the bytes counted against it.
                    var copy = context.channel.allocator.buffer(capacity: slice.readableBytes)
                    copy.writeBuffer(&slice)
                    slice = copy
                }
                self.stagedBytes += slice.readableBytes
                context.write(Self.wrapOutboundOut(slice), promise: nil)
            case .own(let bytes):
                self.stagedBytes += bytes.readableBytes
                context.write(Self.wrapOutboundOut(bytes), promise: nil)
            }
        }
        self.segments.removeAll(keepingCapacity: self.segments.count <= 4)
        self.staged = true
        return backlog
    }

    /// Has staged bytes not yet flushed.
    private(set) var staged = false
    /// How many bytes were staged since the last flush.
    private var stagedBytes = 0
    /// Waits in the hub's flush queue.
    var queuedForFlush = false
    /// Has something to flush at the end of this turn, ahead of the queue.
    var urgent = false

    /// Sends what was staged (the system call).
    func flushStaged() {
        guard self.staged else { return }
        self.staged = false
        self.stagedBytes = 0
        self.context?.flush()
    }

    /// Closes after what was queued has been written (a goodbye, an error), or at once if `immediately`.
    /// - Parameter tick: the current tick's shared bytes, which queued segments may refer to.
    func close(immediately: Bool, tick: TickBuffers) {
        guard !self.closing, let context = self.context else { return }
        if immediately {
            self.closing = true
            self.segments.removeAll()
            self.own = nil
            self.openStart = -1
            context.close(promise: nil)
            return
        }
        // Closing first: a write error inside the flush can deliver the peer's last input synchronously.
        self.closing = true
        _ = self.stage(tick)
        self.flushStaged()
        let channel = context.channel
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer()), promise: promise)
        // A client that does not read would never let the goodbye through: close it anyway after a grace period.
        let deadline = context.eventLoop.scheduleTask(in: Self.closeGrace) { channel.close(promise: nil) }
        promise.futureResult.whenComplete { _ in
            deadline.cancel()
            channel.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
