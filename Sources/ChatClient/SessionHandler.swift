import ChatProtocol
import NIOCore

/// The pipeline end of a session's connection: hello on connect, frames to the session, pings when idle,
/// and a close when the server has said nothing for too long.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias OutboundOut = ByteBuffer

    private let session: ChatSession
    private let coder = MessageCoder()

    init(session: ChatSession) {
        self.session = session
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(Self.wrapOutboundOut(MessageCoder.encodeLine(self.session.helloFrame())), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .line(let bytes):
            do {
                self.session.observe(try self.coder.decode(bytes))
            } catch {
                self.session.undecodable(String(decoding: bytes.readableBytesView, as: UTF8.self))
            }
        case .tooLong:
            self.session.undecodable("(a frame from the server was too long and was skipped)")
        }
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
