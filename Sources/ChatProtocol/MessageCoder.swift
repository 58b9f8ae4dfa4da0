import Foundation
import NIOCore
import NIOFoundationCompat

/// Encodes frames to bytes and decodes bytes to frames. Pure: no sockets, no NIO pipeline.
///
/// Not thread-safe (it keeps one encoder and one decoder): give each event loop or thread its own.
public final class MessageCoder {
    private let encoder: JSONEncoder
    private let decoder = JSONDecoder()

    public init() {
        self.encoder = JSONEncoder()
        // Sorted keys give stable bytes for tests; never `.prettyPrinted`, which would break framing.
        self.encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Encodes one frame as a JSON line ending in "\n".
    public func encodeLine(_ message: Message, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        // Encoding a struct of strings, integers and booleans cannot fail; fall back to an error frame anyway.
        let data = (try? self.encoder.encode(message)) ?? Data(#"{"data":"encoding failed","type":"error"}"#.utf8)
        var buffer = allocator.buffer(capacity: data.count + 1)
        buffer.writeBytes(data)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    /// Encodes one frame as a JSON string without the newline (for tests and logs).
    public func encodeString(_ message: Message) -> String {
        var line = self.encodeLine(message)
        return line.readString(length: line.readableBytes - 1) ?? ""
    }

    /// Decodes one frame (without its newline).
    /// - Throws: `ProtocolError` saying what was wrong.
    public func decode(_ line: ByteBuffer) throws(ProtocolError) -> Message {
        let valid = line.withUnsafeReadableBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil
        }
        guard valid else { throw .invalidUTF8 }
        do {
            return try self.decoder.decode(Message.self, from: line)
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw .invalidJSON
        }
    }

    /// Decodes one frame given as a string.
    public func decode(_ line: String) throws(ProtocolError) -> Message {
        try self.decode(ByteBuffer(string: line))
    }
}
