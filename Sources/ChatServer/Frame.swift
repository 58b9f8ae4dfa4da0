import ChatProtocol
import NIOCore

/// A frame on its way out, with its bytes encoded at most once per wire format, however many members get it.
///
/// The shell's: the core speaks in `Notice`s, and the hub makes one frame of each notice it sends. Confined to the
/// event loop (not Sendable): the caches are filled lazily by `FrameEncoder`.
public final class Frame {
    /// What is sent.
    public let message: Message
    var json: ByteBuffer?
    var text: ByteBuffer?

    public init(_ message: Message) {
        self.message = message
    }
}

@available(*, unavailable)
extension Frame: Sendable {}
