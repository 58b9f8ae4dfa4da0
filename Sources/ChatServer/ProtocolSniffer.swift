import NIOCore

/// Decides from the first byte whether a connection speaks JSON (`{`) or plain text (anything else, or
/// silence for `timeout`), announces it with a `SniffResult` user event, then passes bytes through untouched.
final class ProtocolSniffer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var decided = false
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.timeout) {
            let (sniffer, context) = loopBound.value
            sniffer.decide(.text, byTimeout: true, context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !self.decided {
            let bytes = Self.unwrapInboundIn(data)
            self.decide(
                bytes.readableBytesView.first == UInt8(ascii: "{") ? .json : .text, byTimeout: false, context: context)
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.decided = true
        context.fireChannelInactive()
    }

    private func decide(_ kind: ClientKind, byTimeout: Bool, context: ChannelHandlerContext) {
        guard !self.decided else { return }
        self.decided = true
        self.timer?.cancel()
        self.timer = nil
        context.fireUserInboundEventTriggered(SniffResult(kind: kind, byTimeout: byTimeout))
    }
}

@available(*, unavailable)
extension ProtocolSniffer: Sendable {}

/// What the sniffer decided, and whether only silence decided it (the client may still turn out to be JSON).
struct SniffResult: Sendable {
    let kind: ClientKind
    let byTimeout: Bool
}
