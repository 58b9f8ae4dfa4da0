import ChatProtocol
import NIOCore

/// Turns frames into bytes for JSON or text clients, caching the result on the frame.
///
/// Confined to one event loop: the caches it fills on frames are not synchronised.
public final class FrameEncoder {
    private let renderer: TextLineRenderer
    private let allocator = ByteBufferAllocator()

    public init(utcOffsetSeconds: Int, defaultRoom: String = "lobby") {
        self.renderer = TextLineRenderer(utcOffsetSeconds: utcOffsetSeconds, defaultRoom: defaultRoom)
    }

    /// The bytes of `frame` for a client of `kind`: encoded once, then shared (ByteBuffer is copy-on-write).
    public func bytes(of frame: Frame, for kind: ClientKind) -> ByteBuffer {
        switch kind {
        case .json:
            if let bytes = frame.json { return bytes }
            let bytes = MessageCoder.encodeLine(frame.message, allocator: self.allocator)
            frame.json = bytes
            return bytes
        case .text:
            if let bytes = frame.text { return bytes }
            let bytes = self.allocator.buffer(string: self.renderer.render(frame.message))
            frame.text = bytes
            return bytes
        }
    }
}

@available(*, unavailable)
extension FrameEncoder: Sendable {}
