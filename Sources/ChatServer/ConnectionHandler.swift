import ChatProtocol
import NIOCore

/// One client connection: hands decoded input and connection events to the hub, and writes what the hub gives
/// it. Lives on the server's event loop, so its calls into the hub are plain synchronous calls.
final class ConnectionHandler: ChannelInboundHandler, ClientInputSink {
    typealias InboundIn = Never
    typealias OutboundOut = ByteBuffer

    let id: MemberID
    private let hub: ServerHub
    private(set) var context: ChannelHandlerContext?
    /// `context != nil`, as a plain flag for the hot path.
    var attached = false
    /// Where the connection is in its life; the hub moves it on.
    var state = ConnectionState.sniffing {
        didSet {
            self.kind = self.state.kind
            self.closing = self.state.isClosing
        }
    }
    /// The state's kind and whether it is closing, kept in step with it: read for every recipient of every
    /// broadcast, where a switch over the state (whose reasons hold strings) cost retains and releases.
    private(set) var kind: ClientKind?
    private(set) var closing = false
    /// The last name the core gave this connection, for the log lines.
    var name: String?
    /// The rooms whose audiences hold it (unretained): it leaves them all before it is let go.
    var audiences: [RoomID] = []
    /// How long a closing connection may take to receive its last frames before it is closed anyway.
    static let closeGrace: TimeAmount = .seconds(2)
    /// The peer's address, for logs.
    private(set) var peer = "?"
    /// The peer's IP address without the port, for the connection throttle.
    private(set) var address: String?
    /// Whether the connection is TLS (told by the sniffer that found the handshake).
    var encrypted = false
    /// Counted among its address's connections by the throttle (to be released when it closes).
    var countedByThrottle = false
    /// When the client last sent a line (or connected), in uptime nanoseconds: for the idle timeout.
    private(set) var lastHeard: UInt64 = 0
    /// Whether a whole line has come yet; until then `lastHeard` is when it connected (for the header timeout).
    private(set) var heardLine = false
    /// Nothing has come from it at all (the sniffer decided by silence, and nothing came since): a reader, not held
    /// to the header timeout.
    private(set) var silent = false

    init(id: MemberID, hub: ServerHub) {
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

    /// The flood limit, asked by the decoder before it parses a line.
    func admit(mayBeHandshake: Bool) -> Bool {
        self.lastHeard = NIODeadline.now().uptimeNanoseconds
        self.heardLine = true
        return self.hub.admit(from: self, mayBeHandshake: mayBeHandshake)
    }

    /// A line its decoder read (the decoder hands them over directly; nothing comes down the pipeline).
    func received(_ input: ClientInput) {
        self.hub.received(input, from: self)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let sniffed = event as? SniffResult {
            // Before the hub hears of it: the core's origin (passwords over TLS) is taken from it.
            self.encrypted = sniffed.encrypted
            self.silent = sniffed.byTimeout
            self.hub.decided(self, kind: sniffed.kind)
        } else if event is FirstInput {
            // Its header time starts with its first byte.
            self.silent = false
            if !self.heardLine { self.lastHeard = NIODeadline.now().uptimeNanoseconds }
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            // Every line before it was handled (the decoder delivers a last line without its newline first).
            self.hub.inputClosed(self)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// NIO's writability, kept from its events: a plain load on the hot path instead of the channel's atomic.
    var writable = true

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.writable = context.channel.isWritable
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and broken pipes end here; the close that follows tells the core.
        self.hub.failed(self, error: error)
    }

    // MARK: - Flush bookkeeping (FlushScheduler)

    /// Has writes not yet flushed; it is on the scheduler's dirty list.
    var dirty = false
    /// Waits in the scheduler's flush queue.
    var queuedForFlush = false
    /// Waits in the scheduler's queue for small rooms, which goes before the big rooms' queue.
    var queuedSoon = false
    /// Has a small room's broadcast to flush: in the small rooms' queue.
    var soon = false
    /// Has something to flush at the end of this turn, ahead of the queue.
    var urgent = false
    /// Has staged bytes not yet flushed.
    var staged = false
    /// How many bytes were staged since the last flush.
    var stagedBytes = 0

    // MARK: - Output of the current tick (ConnectionHandler+Output)
    //
    // What the connection sends in a tick is kept as segments, in order: ranges of the tick's shared buffers
    // (broadcasts: nothing copied per recipient) and bytes of its own (unicast frames). At most one segment is open
    // (being extended) at a time, and it is the last; in the common case it is the only one, a single shared range.

    /// The open shared range, if any: `openStart..<openEnd` of the tick buffer for `openKind`.
    var openStart = -1
    var openEnd = -1
    var openKind = ClientKind.json
    /// The open own-bytes segment, if any.
    var own: ByteBuffer?
    /// Closed segments before the open one.
    var segments: [OutboundSegment] = []
    /// Output waiting behind a store read (empty but while one is pending), and its bytes.
    var held: [HeldPart] = []
    var heldBytes = 0
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
