import NIOCore

/// What the line decoder hands on: a complete line, or notice that an over-long one was dropped.
public enum InboundLine: Equatable, Sendable {
    /// One line without its "\n" (and without a "\r" before it).
    case line(ByteBuffer)
    /// A line longer than the limit was discarded up to its newline (or is still being discarded).
    case tooLong(limit: Int)
}
