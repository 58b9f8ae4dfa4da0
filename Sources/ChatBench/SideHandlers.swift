import NIOCore

/// A client that joins and then never reads (autoRead off): the server should drop it once its queue is full.
/// (It cannot notice that itself without reading; the first reader counts the room's "too slow" notices.)
final class SlowClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let name: String

    init(name: String) {
        self.name = name
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(
            Self.wrapOutboundOut(ByteBuffer(string: #"{"type":"hello","data":"\#(self.name)"}"# + "\n")), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Churn: hello, wait for the welcome, close.
final class ChurnHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let name: String
    private let text: Bool
    private var seen: [UInt8] = []
    private(set) var welcomed = false

    init(name: String, text: Bool) {
        self.name = name
        self.text = text
    }

    func channelActive(context: ChannelHandlerContext) {
        let hello = self.text ? "/nick \(self.name)\r\n" : #"{"type":"hello","data":"\#(self.name)"}"# + "\n"
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: hello)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        self.seen.append(contentsOf: buffer.readableBytesView.prefix(4096 - min(4096, self.seen.count)))
        let marker = self.text ? Array("-!- Welcome".utf8) : Array(#""type":"welcome""#.utf8)
        if !self.welcomed, self.seen.count >= marker.count,
            (0...(self.seen.count - marker.count)).contains(where: {
                self.seen[$0..<$0 + marker.count].elementsEqual(marker)
            })
        {
            self.welcomed = true
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension SlowClientHandler: Sendable {}
@available(*, unavailable)
extension ChurnHandler: Sendable {}
