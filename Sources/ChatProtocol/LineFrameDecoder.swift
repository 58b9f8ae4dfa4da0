import NIOCore

/// Splits a byte stream into "\n"-terminated lines ("\r\n" accepted) of at most `maximumLineLength` bytes.
///
/// A line over the limit is not an error that ends the connection: the decoder reports `.tooLong` once,
/// discards bytes up to the next newline, and carries on with the line after it. Buffered bytes never
/// exceed the limit, so a peer that sends endless bytes without a newline costs bounded memory.
/// Bytes left without a newline when the peer closes are delivered as a last line.
public struct LineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundLine

    /// The largest line accepted, in bytes, newline excluded.
    public let maximumLineLength: Int
    /// True while the rest of an over-long line is being thrown away.
    private var discarding = false
    /// How far the current buffer has already been searched for a newline (avoids rescanning).
    private var scanned = 0

    public init(maximumLineLength: Int) {
        self.maximumLineLength = max(1, maximumLineLength)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = self.nextEvent(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(event))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if let event = self.nextEvent(&buffer) {
            context.fireChannelRead(Self.wrapInboundOut(event))
            return .continue
        }
        // The peer is gone: what is left (a line without its newline) is still a line.
        // It may be one byte over the limit (the slack kept for a "\r"): then it is too long, not a line.
        if !self.discarding, buffer.readableBytes > 0, let rest = buffer.readSlice(length: buffer.readableBytes) {
            let line = Self.trimmingCR(rest)
            let event =
                line.readableBytes > self.maximumLineLength
                ? InboundLine.tooLong(limit: self.maximumLineLength) : .line(line)
            context.fireChannelRead(Self.wrapInboundOut(event))
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    /// The next decoded event from `buffer`, or nil when more bytes are needed. Pure, so tests can call it.
    public mutating func nextEvent(_ buffer: inout ByteBuffer) -> InboundLine? {
        let view = buffer.readableBytesView
        let start = view.startIndex + min(self.scanned, view.count)
        if let newline = view[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - view.startIndex
            self.scanned = 0
            if self.discarding {
                self.discarding = false
                buffer.moveReaderIndex(forwardBy: length + 1)
                return self.nextEvent(&buffer)
            }
            // A "\r" right before the newline does not count towards the limit.
            let content = length > 0 && view[newline - 1] == UInt8(ascii: "\r") ? length - 1 : length
            guard content <= self.maximumLineLength, let slice = buffer.readSlice(length: content) else {
                buffer.moveReaderIndex(forwardBy: length + 1)
                return .tooLong(limit: self.maximumLineLength)
            }
            buffer.moveReaderIndex(forwardBy: length - content + 1)
            return .line(slice)
        }
        // No newline yet. One byte of slack leaves room for a "\r" that may precede the coming "\n".
        if view.count > self.maximumLineLength + 1 {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            self.scanned = 0
            if !self.discarding {
                self.discarding = true
                return .tooLong(limit: self.maximumLineLength)
            }
            return nil
        }
        if self.discarding {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            self.scanned = 0
        } else {
            self.scanned = view.count
        }
        return nil
    }

    private static func trimmingCR(_ line: ByteBuffer) -> ByteBuffer {
        var line = line
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }
}
