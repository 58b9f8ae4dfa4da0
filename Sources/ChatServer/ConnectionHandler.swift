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
    /// The peer's address, for logs.
    private(set) var peer = "?"

    init(id: MemberID, hub: RoomHub) {
        self.id = id
        self.hub = hub
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.attached = true
        self.peer = context.channel.remoteAddress.map { "\($0)" } ?? "?"
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.attached = false
    }

    func channelActive(context: ChannelHandlerContext) {
        self.hub.opened(self)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.hub.closed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.hub.received(Self.unwrapInboundIn(data), from: self)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let sniffed = event as? SniffResult {
            self.kind = sniffed.kind
            self.guessedText = sniffed.byTimeout
            self.hub.decided(self)
        } else if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            self.hub.timedOut(self)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and broken pipes end here; the close that follows tells the room.
        self.hub.failed(self, error: error)
    }

    /// Frames queued in this event-loop tick, not yet handed to NIO.
    ///
    /// One NIO write per frame costs far more than the bytes (retains, the pipeline, the pending-writes queue), so
    /// frames for a connection are gathered here and handed over once per tick. The first frame is kept as the
    /// shared buffer itself (no copy); only a second one in the same tick copies into a buffer of our own.
    private var batch: ByteBuffer?

    /// Queues bytes without flushing; the hub flushes every dirty connection once per event-loop tick.
    ///
    /// This is the per-recipient step of every broadcast, so it avoids copies of references (each one an atomic
    /// retain and release): a flag instead of loading `context`, and the batch appended to in place.
    func write(_ bytes: ByteBuffer) {
        guard self.attached, !self.closing else { return }
        if self.batch == nil {
            self.batch = bytes
        } else {
            self.batch?.writeImmutableBuffer(bytes)
        }
    }

    /// Hands the tick's frames to NIO in one write and flushes. - Returns: false when, after the flush, more than
    /// the queue limit is still waiting for the client (NIO's high watermark): the client does not keep up.
    ///
    /// Checked after the flush, not on NIO's writability event: NIO counts unflushed bytes too, so one busy tick
    /// larger than the limit would flip it for a client that reads perfectly well.
    func flush() -> Bool {
        guard let context = self.context else { return true }
        if let batch = self.batch {
            self.batch = nil
            context.write(Self.wrapOutboundOut(batch), promise: nil)
        }
        context.flush()
        return context.channel.isWritable
    }

    /// Closes after what was queued has been written (a goodbye, an error), or at once if `immediately`.
    func close(immediately: Bool) {
        guard !self.closing, let context = self.context else { return }
        self.closing = true
        if immediately {
            self.batch = nil
            context.close(promise: nil)
            return
        }
        if let batch = self.batch {
            self.batch = nil
            context.write(Self.wrapOutboundOut(batch), promise: nil)
        }
        let channel = context.channel
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer()), promise: promise)
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
