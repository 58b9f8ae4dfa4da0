import NIOCore

/// Part of what a connection sends in one event-loop tick: a range of the tick's shared broadcast bytes (no copy),
/// or bytes of its own (unicast frames). A connection keeps its segments in order and writes them at the flush.
enum OutboundSegment {
    /// `start..<end` of the tick's shared buffer for this connection's wire format.
    case shared(ClientKind, start: Int, end: Int)
    /// Frames for this connection only (welcome, replies, errors, private messages).
    case own(ByteBuffer)
    /// The place of a store read's answer (`ServerHub` fills it): what follows waits behind it.
    case slot(UInt64)
}

/// What a connection holds back behind a store read not yet answered, in order (copies: a tick's shared bytes do
/// not outlive the tick).
enum HeldPart {
    case bytes(ByteBuffer)
    /// A place still to be filled.
    case slot(UInt64)
}
