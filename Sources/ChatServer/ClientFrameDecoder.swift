import ChatProtocol
import NIOCore

/// Turns a client's lines into `ClientInput`s by its kind: JSON frames, text lines, or why a line is unreadable.
///
/// Each line is put to the gate (the flood limit) before it is parsed: a flood costs a counter, and dropped lines
/// are not parsed or answered. The kind comes from the sniffer's `SniffResult`; a connection taken for text only
/// because it was silent becomes JSON if its first line is a JSON frame.
final class ClientFrameDecoder: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    typealias InboundOut = ClientInput

    private weak var gate: (any LineGate)?
    /// Shared by the connections of one event loop.
    private let coder: MessageCoder
    private var kind: ClientKind?
    /// Taken for text only because it was silent, and no line has come yet.
    private var guessed = false

    init(gate: any LineGate, coder: MessageCoder) {
        self.gate = gate
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
        guard let kind = self.kind, let gate = self.gate else { return }
        let mayBeHandshake = self.guessed
        self.guessed = false
        guard gate.admit(mayBeHandshake: mayBeHandshake) else { return }
        guard let input = self.decode(Self.unwrapInboundIn(data), kind: kind, mayBeHandshake: mayBeHandshake) else {
            return
        }
        context.fireChannelRead(Self.wrapInboundOut(input))
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
