import NIOCore

/// The bytes of every broadcast in the current event-loop tick, once per wire format in use.
///
/// Each recipient gets slices of these (ByteBuffer slices share storage), so a broadcast is copied once into here
/// and never per recipient: the kernel gathers the slices straight into each socket. A new pair starts every tick;
/// slices still queued for a slow client keep the old storage alive until written, or until the client is dropped.
struct TickBuffers {
    private(set) var json: ByteBuffer
    private(set) var text: ByteBuffer
    private var allocator: ByteBufferAllocator
    private var lastSize = (json: 512, text: 256)

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
        self.json = allocator.buffer(capacity: 0)
        self.text = allocator.buffer(capacity: 0)
    }

    /// Appends a frame's bytes. - Returns: where they landed (`start..<end`).
    mutating func append(_ bytes: ByteBuffer, kind: ClientKind) -> (start: Int, end: Int) {
        switch kind {
        case .json:
            if self.json.capacity == 0 { self.json = self.allocator.buffer(capacity: self.lastSize.json) }
            let start = self.json.writerIndex
            self.json.writeImmutableBuffer(bytes)
            return (start, self.json.writerIndex)
        case .text:
            if self.text.capacity == 0 { self.text = self.allocator.buffer(capacity: self.lastSize.text) }
            let start = self.text.writerIndex
            self.text.writeImmutableBuffer(bytes)
            return (start, self.text.writerIndex)
        }
    }

    /// Bytes held, both formats.
    var size: Int { self.json.writerIndex + self.text.writerIndex }

    /// A slice of this tick's bytes (sharing storage).
    func slice(_ kind: ClientKind, start: Int, end: Int) -> ByteBuffer? {
        (kind == .json ? self.json : self.text).getSlice(at: start, length: end - start)
    }

    /// Starts the next tick: the next buffers are sized like this tick's, so they rarely grow.
    mutating func reset() {
        if self.json.capacity > 0 { self.lastSize.json = max(512, self.json.writerIndex + self.json.writerIndex / 4) }
        if self.text.capacity > 0 { self.lastSize.text = max(256, self.text.writerIndex + self.text.writerIndex / 4) }
        self.json = self.allocator.buffer(capacity: 0)
        self.text = self.allocator.buffer(capacity: 0)
    }
}
