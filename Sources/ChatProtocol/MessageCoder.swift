import Foundation
import NIOCore
import NIOFoundationCompat

/// Encodes frames to bytes and decodes bytes to frames. Pure: no sockets, no NIO pipeline.
///
/// Not thread-safe (it keeps one encoder and one decoder): give each event loop or thread its own.
public final class MessageCoder {
    private let decoder = JSONDecoder()

    public init() {}

    /// Encodes one frame as a JSON line ending in "\n" (sorted keys, no spaces: see `MessageWriter`).
    /// Static: encoding needs no state, so callers that only encode need no coder (and no JSONDecoder).
    public static func encodeLine(
        _ message: Message, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        var size = message.data.utf8.count + message.dataSource.utf8.count + 96
        for name in message.users ?? [] { size += name.utf8.count + 3 }
        var buffer = allocator.buffer(capacity: size)
        MessageWriter.write(message, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    /// Encodes one frame as a JSON string without the newline (for tests and logs).
    public static func encodeString(_ message: Message) -> String {
        var line = Self.encodeLine(message)
        return line.readString(length: line.readableBytes - 1) ?? ""
    }

    /// Decodes one frame (without its newline).
    /// - Throws: `ProtocolError` saying what was wrong.
    public func decode(_ line: ByteBuffer) throws(ProtocolError) -> Message {
        let valid = line.withUnsafeReadableBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil
        }
        guard valid else { throw .invalidUTF8 }
        let checked = line.withUnsafeReadableBytes { raw -> Result<Message?, ProtocolError> in
            do throws(ProtocolError) {
                try StrictJSON.validate(raw)
                return .success(FastFrameDecoder.decode(raw))
            } catch {
                return .failure(error)
            }
        }
        switch checked {
        case .failure(let error): throw error
        case .success(let message?): return message
        case .success(nil): break
        }
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
