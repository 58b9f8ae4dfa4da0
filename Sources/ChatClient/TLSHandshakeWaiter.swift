import NIOCore
import NIOSSL
import NIOTLS

/// Completes a promise when the TLS handshake of its channel ends: succeeded, failed, or cut short by a close or
/// by `timeout`, so that a connect can report a refused certificate as its own failure.
final class TLSHandshakeWaiter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    /// The handshake did not end within the timeout.
    struct Timeout: Error {}

    init(promise: EventLoopPromise<Void>, timeout: TimeAmount) {
        self.promise = promise
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = self.promise
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.timeout) {
            promise.fail(Timeout())
            loopBound.value.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            self.timer?.cancel()
            self.promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.timer?.cancel()
        self.promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension TLSHandshakeWaiter: Sendable {}
