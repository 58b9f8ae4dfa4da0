import ChatProtocol
import NIOCore

/// The pipeline end of a session's connection: hello on connect, frames to the session, pings when idle,
/// and a close when the server has said nothing for too long.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let session: ChatSession
    private let coder = MessageCoder()
    /// Whether a valid frame has come on this connection. A swchat server's first frame is always a JSON welcome
    /// (or an error such as "server full"), so a connection that ends, or goes on for long, without one is to
    /// another kind of server.
    private var sawFrame = false
    /// The first line that was not a frame, while no frame has come: quoted if the server turns out not to be ours.
    private var firstStrayLine: String?
    /// Lines before the first frame. A swchat server that took us for a text client (our hello was late) greets in
    /// text first, with up to 50 lines of history, then switches to JSON: so stray lines are held, not shown.
    private var strayLines = 0
    /// Stray lines after which the server is taken not to speak swchat even though it stays connected.
    static let strayLineLimit = 200
    /// Set once the server was found not to speak swchat: the rest of what it sends is ignored.
    private var rejected = false

    init(session: ChatSession) {
        self.session = session
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(Self.wrapOutboundOut(MessageCoder.encodeLine(self.session.helloFrame())), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.rejected else { return }
        switch Self.unwrapInboundIn(data) {
        case .line(let bytes):
            do {
                let message = try self.coder.decode(bytes)
                self.sawFrame = true
                self.session.observe(message)
            } catch {
                guard self.sawFrame else {
                    return self.stray(
                        String(decoding: bytes.readableBytesView.prefix(200), as: UTF8.self), context: context)
                }
                self.session.undecodable(String(decoding: bytes.readableBytesView, as: UTF8.self))
            }
        case .tooLong:
            guard self.sawFrame else { return self.stray("(a line too long to show)", context: context) }
            self.session.undecodable("(a frame from the server was too long and was skipped)")
        }
    }

    /// A line that is not a frame before any frame: held; too many of them and the server is not ours.
    private func stray(_ line: String, context: ChannelHandlerContext) {
        if self.firstStrayLine == nil { self.firstStrayLine = line }
        self.strayLines += 1
        if self.strayLines >= Self.strayLineLimit {
            self.rejected = true
            self.session.notChatServer(firstLine: self.firstStrayLine ?? line)
            context.close(promise: nil)
        }
    }

    /// A connection that ends having sent lines but no frame was not to a swchat server (an HTTP server answers
    /// our hello with `HTTP/1.1 400 ...` and closes). Runs before the session sees the channel's close.
    func channelInactive(context: ChannelHandlerContext) {
        if !self.sawFrame, !self.rejected, let line = self.firstStrayLine {
            self.rejected = true
            self.session.notChatServer(firstLine: line)
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch idle {
        case .write:
            context.writeAndFlush(
                Self.wrapOutboundOut(MessageCoder.encodeLine(Message(type: .ping, data: "keepalive"))), promise: nil)
        case .read:
            self.session.closing(because: "no answer from the server for \(self.session.deadAfterText) s")
            context.close(promise: nil)
        case .all:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.session.closing(because: ConnectError.describe(error))
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension SessionHandler: Sendable {}
