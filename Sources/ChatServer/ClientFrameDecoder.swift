import ChatProtocol
import NIOCore

/// Turns a client's lines into `ClientInput`s by its kind: JSON frames, text lines, or why a line is unreadable,
/// and hands them to its connection (the sink) directly: passed down the pipeline, each frame would be boxed.
///
/// Each line is put to the sink (the flood limit) before it is parsed: a flood costs a counter, and dropped lines
/// are not parsed or answered. The kind comes from the sniffer's `SniffResult`; a connection taken for text only
/// because it was silent becomes JSON if its first line is a JSON frame.
final class ClientFrameDecoder: ChannelInboundHandler {
    typealias InboundIn = InboundLine

    /// Strong: the connection does not hold its decoder, so there is no cycle; and a weak reference would give the
    /// connection a side table, which makes every retain and release of it (several per message it receives) slow.
    private let sink: any ClientInputSink
    /// Shared by the connections of one event loop.
    private let coder: MessageCoder
    private var kind: ClientKind?
    /// Taken for text only because it was silent, and no line has come yet.
    private var guessed = false

    init(sink: any ClientInputSink, coder: MessageCoder) {
        self.sink = sink
        self.coder = coder
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let sniffed = event as? SniffResult {
            self.kind = sniffed.kind
            self.guessed = sniffed.byTimeout
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let kind = self.kind else { return }
        let sink = self.sink
        let mayBeHandshake = self.guessed
        self.guessed = false
        guard sink.admit(mayBeHandshake: mayBeHandshake) else { return }
        guard let input = self.decode(Self.unwrapInboundIn(data), kind: kind, mayBeHandshake: mayBeHandshake) else {
            return
        }
        sink.received(input)
    }

    /// - Returns: nil for a line to ignore (a blank line between JSON frames).
    private func decode(_ line: InboundLine, kind: ClientKind, mayBeHandshake: Bool) -> ClientInput? {
        let bytes: ByteBuffer
        switch line {
        case .tooLong(let limit): return .invalid(.frameTooLarge(limit: limit))
        case .line(let line): bytes = line
        }
        switch kind {
        case .json:
            // Blank lines between frames are tolerated (some clients send "\r\n\r\n").
            guard bytes.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
            do {
                return .frame(try self.coder.decode(bytes))
            } catch {
                return .invalid(error)
            }
        case .text:
            if mayBeHandshake {
                if bytes.readableBytesView.first == UInt8(ascii: "{"), let message = try? self.coder.decode(bytes) {
                    self.kind = .json
                    return .upgrade(message)
                }
            }
            let text = bytes.withUnsafeReadableBytes {
                String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self)
            }
            return text.map { .text($0) } ?? .invalid(.invalidUTF8)
        }
    }
}

@available(*, unavailable)
extension ClientFrameDecoder: Sendable {}
