import ChatProtocol
import NIOCore

/// The pipeline end of a session's connection: hello on connect, frames to the session, pings when idle,
/// and a close when the server has said nothing for too long.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let session: ChatSession
    private let coder = MessageCoder()
    /// Whether a valid frame has come on this connection. A swchat server's first line is always a frame (its
    /// welcome, or an error such as "server full"), so a first line that is not one means another kind of server.
    private var sawFrame = false
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
                let line = String(decoding: bytes.readableBytesView.prefix(200), as: UTF8.self)
                guard self.sawFrame else { return self.reject(context: context, firstLine: line) }
                self.session.undecodable(String(decoding: bytes.readableBytesView, as: UTF8.self))
            }
        case .tooLong:
            guard self.sawFrame else { return self.reject(context: context, firstLine: "(a line too long to show)") }
            self.session.undecodable("(a frame from the server was too long and was skipped)")
        }
    }

    /// The first line was not a frame: says so once, closes, and tells the session not to come back.
    private func reject(context: ChannelHandlerContext, firstLine: String) {
        self.rejected = true
        self.session.notChatServer(firstLine: firstLine)
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch idle {
        case .write:
            context.writeAndFlush(Self.wrapOutboundOut(MessageCoder.encodeLine(Message(type: .ping, data: "keepalive"))), promise: nil)
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
