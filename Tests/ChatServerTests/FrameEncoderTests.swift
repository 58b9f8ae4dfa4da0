import ChatProtocol
import NIOCore
import Testing

@testable import ChatServer

@Suite("FrameEncoder")
struct FrameEncoderTests {
    static let message = Message(
        type: .chat, dataSource: "alice", data: "hello 你好 🙂\nsecond line", id: 7,
        ts: "2023-11-14T22:13:20.123Z")

    @Test func jsonBytesEndWithNewlineAndDecodeBack() throws {
        let encoder = FrameEncoder(utcOffsetSeconds: 0)
        let bytes = encoder.bytes(of: Frame(Self.message), for: .json)
        let view = bytes.readableBytesView
        #expect(view.last == UInt8(ascii: "\n"))
        #expect(view.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        var line = bytes
        line.moveWriterIndex(to: bytes.writerIndex - 1)
        #expect(try MessageCoder().decode(line) == Self.message)
        #expect(bytes == MessageCoder.encodeLine(Self.message))
    }

    @Test(arguments: [0, 3600, -5 * 3600])
    func textBytesAreTheRenderers(offset: Int) {
        let encoder = FrameEncoder(utcOffsetSeconds: offset)
        let message = Message(type: .me, dataSource: "alice", data: "waves", id: 1, ts: "2023-11-14T22:13:20.123Z")
        let bytes = encoder.bytes(of: Frame(message), for: .text)
        #expect(String(buffer: bytes) == TextLineRenderer(utcOffsetSeconds: offset).render(message))
    }

    @Test func textBytesOfAMultiLineSystemFrame() {
        let encoder = FrameEncoder(utcOffsetSeconds: 0)
        let message = Message(type: .system, dataSource: "server", data: "one\ntwo")
        #expect(String(buffer: encoder.bytes(of: Frame(message), for: .text)) == "-!- one\r\n-!- two\r\n")
    }

    @Test(arguments: [ClientKind.json, .text])
    func secondCallReturnsTheCachedBytes(kind: ClientKind) {
        let encoder = FrameEncoder(utcOffsetSeconds: 0)
        let frame = Frame(Self.message)
        #expect(frame.json == nil && frame.text == nil)
        let first = encoder.bytes(of: frame, for: kind)
        #expect((kind == .json ? frame.json : frame.text) == first)
        #expect((kind == .json ? frame.text : frame.json) == nil)
        let second = encoder.bytes(of: frame, for: kind)
        #expect(first == second)
        // The same storage, not an equal copy: encoded once.
        let firstAddress = first.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let secondAddress = second.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(firstAddress == secondAddress)
    }

    @Test func cacheIsPerFrameAndPerKind() {
        let encoder = FrameEncoder(utcOffsetSeconds: 0)
        let frame = Frame(Self.message)
        let json = encoder.bytes(of: frame, for: .json)
        let text = encoder.bytes(of: frame, for: .text)
        #expect(json != text)
        #expect(encoder.bytes(of: frame, for: .json) == json)
        #expect(encoder.bytes(of: frame, for: .text) == text)
        let other = Frame(Message(dataSource: "bob", data: "other"))
        #expect(encoder.bytes(of: other, for: .json) != json)
    }

    @Test func oneEncoderServesAnotherEncodersFrames() {
        // The cache lives on the frame: a second encoder reuses what the first encoded.
        let frame = Frame(Self.message)
        let first = FrameEncoder(utcOffsetSeconds: 0).bytes(of: frame, for: .json)
        let second = FrameEncoder(utcOffsetSeconds: 0).bytes(of: frame, for: .json)
        #expect(first == second)
    }
}
