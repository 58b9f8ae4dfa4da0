import ChatProtocol
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite("LineFrameDecoder")
struct LineFrameDecoderTests {
    // MARK: - Helpers

    private static func line(_ text: String) -> InboundLine {
        .line(ByteBuffer(string: text))
    }

    private static func channel(limit: Int, maximumBufferSize: Int? = nil) -> EmbeddedChannel {
        EmbeddedChannel(
            handler: ByteToMessageHandler(
                LineFrameDecoder(maximumLineLength: limit), maximumBufferSize: maximumBufferSize))
    }

    /// Writes each chunk in turn, then returns everything decoded so far.
    private static func feed(_ channel: EmbeddedChannel, _ chunks: [String]) throws -> [InboundLine] {
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
        }
        return try self.drain(channel)
    }

    private static func drain(_ channel: EmbeddedChannel) throws -> [InboundLine] {
        var out: [InboundLine] = []
        while let event = try channel.readInbound(as: InboundLine.self) {
            out.append(event)
        }
        return out
    }

    /// Every event `nextEvent` yields for `buffer` until it asks for more bytes.
    private static func events(_ decoder: inout LineFrameDecoder, _ buffer: inout ByteBuffer) -> [InboundLine] {
        var out: [InboundLine] = []
        while let event = decoder.nextEvent(&buffer) {
            out.append(event)
        }
        return out
    }

    // MARK: - NIOTestUtils verifier

    @Test func verifierWithStrings() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("hello\n", [Self.line("hello")]),
                ("with cr\r\n", [Self.line("with cr")]),
                ("\n", [Self.line("")]),
                ("\r\n", [Self.line("")]),
                ("two\nlines\n", [Self.line("two"), Self.line("lines")]),
                ("exactly16bytes!!\n", [Self.line("exactly16bytes!!")]),
                ("exactly16bytes!!\r\n", [Self.line("exactly16bytes!!")]),
                ("seventeen bytes!!\n", [.tooLong(limit: 16)]),
                ("a line that is far too long for the limit\n", [.tooLong(limit: 16)]),
                ("cr\rinside\n", [Self.line("cr\rinside")]),
            ],
            decoderFactory: { LineFrameDecoder(maximumLineLength: 16) }
        )
    }

    @Test func verifierWithByteBuffers() throws {
        let chinese = "你好，世界"
        let emoji = "🙂👍🏽"
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (ByteBuffer(string: chinese + "\n"), [Self.line(chinese)]),
                (ByteBuffer(string: emoji + "\r\n"), [Self.line(emoji)]),
                (ByteBuffer(bytes: [0xFF, 0x00, 0x0A]), [.line(ByteBuffer(bytes: [0xFF, 0x00]))]),
                (ByteBuffer(string: #"{"data":"hi"}"# + "\n"), [Self.line(#"{"data":"hi"}"#)]),
                (ByteBuffer(string: String(repeating: "x", count: 100) + "\n"), [.tooLong(limit: 32)]),
            ],
            decoderFactory: { LineFrameDecoder(maximumLineLength: 32) }
        )
    }

    // MARK: - EmbeddedChannel

    @Test func splitFrame() throws {
        let channel = Self.channel(limit: 64)
        #expect(try Self.feed(channel, ["hel"]) == [])
        #expect(try Self.feed(channel, ["lo wor"]) == [])
        #expect(try Self.feed(channel, ["ld\n"]) == [Self.line("hello world")])
        #expect(try channel.finish().isClean)
    }

    @Test func mergedFrames() throws {
        let channel = Self.channel(limit: 64)
        #expect(
            try Self.feed(channel, ["one\ntwo\r\nthree\nfou"]) == [
                Self.line("one"), Self.line("two"), Self.line("three"),
            ])
        #expect(try Self.feed(channel, ["r\n"]) == [Self.line("four")])
        #expect(try channel.finish().isClean)
    }

    @Test func oneByteAtATime() throws {
        let channel = Self.channel(limit: 64)
        let text = "alpha\r\nbeta\n\ngamma 你好\n"
        var out: [InboundLine] = []
        for byte in text.utf8 {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            out += try Self.drain(channel)
        }
        #expect(out == [Self.line("alpha"), Self.line("beta"), Self.line(""), Self.line("gamma 你好")])
        #expect(try channel.finish().isClean)
    }

    @Test func crlfIsStrippedOnlyBeforeNewline() throws {
        let channel = Self.channel(limit: 64)
        #expect(
            try Self.feed(channel, ["a\r\n", "b\r", "\n", "c\r\r\n", "\rd\n"])
                == [Self.line("a"), Self.line("b"), Self.line("c\r"), Self.line("\rd")])
        #expect(try channel.finish().isClean)
    }

    @Test func emptyLines() throws {
        let channel = Self.channel(limit: 8)
        #expect(try Self.feed(channel, ["\n\r\n\n"]) == [Self.line(""), Self.line(""), Self.line("")])
        #expect(try channel.finish().isClean)
    }

    @Test func overLongLineYieldsOneTooLongAndTheNextLineIsIntact() throws {
        let channel = Self.channel(limit: 8)
        #expect(try Self.feed(channel, ["this line is too long\nnext\n"]) == [.tooLong(limit: 8), Self.line("next")])
        #expect(try channel.finish().isClean)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func overLongLineInSmallChunks(chunkSize: Int) throws {
        let channel = Self.channel(limit: 10)
        let text = String(repeating: "0123456789", count: 20) + "\r\nafter\n"
        let bytes = Array(text.utf8)
        var out: [InboundLine] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + chunkSize, bytes.count)]))
            out += try Self.drain(channel)
        }
        #expect(out == [.tooLong(limit: 10), Self.line("after")])
        #expect(try channel.finish().isClean)
    }

    @Test(arguments: [1, 3, 100])
    func lineExactlyAtTheLimitIsDelivered(chunkSize: Int) throws {
        let channel = Self.channel(limit: 10)
        let text = "0123456789\n0123456789\r\nok\n"
        let bytes = Array(text.utf8)
        var out: [InboundLine] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + chunkSize, bytes.count)]))
            out += try Self.drain(channel)
        }
        #expect(out == [Self.line("0123456789"), Self.line("0123456789"), Self.line("ok")])
        #expect(try channel.finish().isClean)
    }

    @Test(arguments: [1, 3, 100])
    func lineOneOverTheLimitIsTooLong(chunkSize: Int) throws {
        let channel = Self.channel(limit: 10)
        let text = "0123456789A\nnext\n0123456789A\r\nlast\n"
        let bytes = Array(text.utf8)
        var out: [InboundLine] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + chunkSize, bytes.count)]))
            out += try Self.drain(channel)
        }
        #expect(out == [.tooLong(limit: 10), Self.line("next"), .tooLong(limit: 10), Self.line("last")])
        #expect(try channel.finish().isClean)
    }

    @Test func consecutiveOverLongLinesEachReportOnce() throws {
        let channel = Self.channel(limit: 4)
        #expect(
            try Self.feed(channel, ["aaaaaaa", "aaaa\nbbbbbbbbb", "bbb\n", "ok\n"])
                == [.tooLong(limit: 4), .tooLong(limit: 4), Self.line("ok")])
        #expect(try channel.finish().isClean)
    }

    @Test func bufferStaysBoundedWhileDiscarding() throws {
        let limit = 1024
        // ByteToMessageHandler throws PayloadTooLargeError if it ever holds more than this after a decode.
        let channel = Self.channel(limit: limit, maximumBufferSize: limit + 2)
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 4096)
        var out: [InboundLine] = []
        for _ in 0..<(1 << 20) / 4096 {
            try channel.writeInbound(chunk)
            out += try Self.drain(channel)
        }
        #expect(out == [.tooLong(limit: limit)])
        #expect(try Self.feed(channel, ["still discarding\nfine\n"]) == [Self.line("fine")])
        #expect(try channel.finish().isClean)
    }

    @Test func bufferStaysBoundedWithoutThePipeline() {
        let limit = 100
        var decoder = LineFrameDecoder(maximumLineLength: limit)
        var buffer = ByteBuffer()
        var out: [InboundLine] = []
        for _ in 0..<(1 << 20) / 1000 {
            buffer.writeRepeatingByte(UInt8(ascii: "y"), count: 1000)
            out += Self.events(&decoder, &buffer)
            #expect(buffer.readableBytes <= limit + 1)
        }
        #expect(out == [.tooLong(limit: limit)])
        buffer.writeString("tail\nnext\n")
        #expect(Self.events(&decoder, &buffer) == [Self.line("next")])
        #expect(buffer.readableBytes == 0)
    }

    @Test func bytesWithoutNewlineAtEOFAreALastLine() throws {
        let channel = Self.channel(limit: 64)
        #expect(try Self.feed(channel, ["first\nunterminated"]) == [Self.line("first")])
        _ = try channel.finish()
        #expect(try Self.drain(channel) == [Self.line("unterminated")])
    }

    @Test func carriageReturnAloneAtEOFIsStripped() throws {
        let channel = Self.channel(limit: 64)
        #expect(try Self.feed(channel, ["bye\r"]) == [])
        _ = try channel.finish()
        #expect(try Self.drain(channel) == [Self.line("bye")])
    }

    @Test func nothingBufferedAtEOFGivesNothing() throws {
        let channel = Self.channel(limit: 64)
        #expect(try Self.feed(channel, ["done\n"]) == [Self.line("done")])
        #expect(try channel.finish().isClean)
    }

    @Test func overLongRestAtEOFIsNotDelivered() throws {
        let channel = Self.channel(limit: 4)
        #expect(try Self.feed(channel, ["toolongtoolong"]) == [.tooLong(limit: 4)])
        _ = try channel.finish()
        #expect(try Self.drain(channel) == [])
    }

    @Test func restOneOverTheLimitAtEOFIsTooLong() throws {
        // limit + 1 bytes without "\r": not a line within the limit, even when the peer closes.
        let channel = Self.channel(limit: 4)
        #expect(try Self.feed(channel, ["12345"]) == [])
        _ = try channel.finish()
        #expect(try Self.drain(channel) == [.tooLong(limit: 4)])
    }

    @Test func restAtTheLimitWithCRAtEOFIsALine() throws {
        let channel = Self.channel(limit: 4)
        #expect(try Self.feed(channel, ["1234\r"]) == [])
        _ = try channel.finish()
        #expect(try Self.drain(channel) == [Self.line("1234")])
    }

    // MARK: - nextEvent directly

    @Test func nextEventDirectly() {
        var decoder = LineFrameDecoder(maximumLineLength: 5)
        var buffer = ByteBuffer(string: "ab")
        #expect(decoder.nextEvent(&buffer) == nil)
        #expect(buffer.readableBytes == 2)
        buffer.writeString("c\r\nde")
        #expect(decoder.nextEvent(&buffer) == Self.line("abc"))
        #expect(decoder.nextEvent(&buffer) == nil)
        #expect(buffer.readableBytes == 2)
        buffer.writeString("fghij\nk\n")
        #expect(decoder.nextEvent(&buffer) == .tooLong(limit: 5))
        #expect(decoder.nextEvent(&buffer) == Self.line("k"))
        #expect(decoder.nextEvent(&buffer) == nil)
        #expect(buffer.readableBytes == 0)
    }

    @Test func nextEventRescansAfterDiscardingStarts() {
        var decoder = LineFrameDecoder(maximumLineLength: 3)
        var buffer = ByteBuffer(string: "abcde")
        #expect(decoder.nextEvent(&buffer) == .tooLong(limit: 3))
        #expect(buffer.readableBytes == 0)
        buffer.writeString("fgh")
        #expect(decoder.nextEvent(&buffer) == nil)
        #expect(buffer.readableBytes == 0)
        buffer.writeString("i\nxyz\n")
        #expect(decoder.nextEvent(&buffer) == Self.line("xyz"))
        #expect(decoder.nextEvent(&buffer) == nil)
    }

    @Test func nextEventWithNonZeroReaderIndex() {
        var decoder = LineFrameDecoder(maximumLineLength: 8)
        var buffer = ByteBuffer(string: "skipme|one\ntwo")
        buffer.moveReaderIndex(forwardBy: 7)
        #expect(decoder.nextEvent(&buffer) == Self.line("one"))
        #expect(decoder.nextEvent(&buffer) == nil)
        buffer.writeString("\n")
        #expect(decoder.nextEvent(&buffer) == Self.line("two"))
    }

    @Test func limitIsAtLeastOne() {
        #expect(LineFrameDecoder(maximumLineLength: 0).maximumLineLength == 1)
        #expect(LineFrameDecoder(maximumLineLength: -5).maximumLineLength == 1)
        #expect(LineFrameDecoder(maximumLineLength: 4096).maximumLineLength == 4096)
    }
}

extension EmbeddedChannel.LeftOverState {
    fileprivate var isClean: Bool {
        if case .clean = self { return true }
        return false
    }
}
