/// A room's last messages, oldest first: at most `capacity` of them and at most `byteLimit` bytes, the oldest
/// dropped first. Bytes matter as much as the count: fifty 16 KiB lines in each of a thousand rooms would be 800 MB.
public struct RoomHistory {
    let capacity: Int
    let byteLimit: Int
    private var storage: [StoredMessage] = []
    private var head = 0
    /// The bytes of the messages held, as `bytes(of:)` counts them.
    private(set) var bytes = 0

    init(capacity: Int, byteLimit: Int) {
        self.capacity = max(0, capacity)
        self.byteLimit = max(0, byteLimit)
    }

    var count: Int { self.storage.count - self.head }

    /// Oldest first.
    var elements: ArraySlice<StoredMessage> { self.storage[self.head...] }

    /// What a message costs to keep and to send, near enough: its text and name, and a frame's fields.
    public static func bytes(of message: StoredMessage) -> Int {
        message.post.text.utf8.count + message.post.senderName.utf8.count + 128
    }

    mutating func append(_ message: StoredMessage) {
        guard self.capacity > 0 else { return }
        self.storage.append(message)
        self.bytes += Self.bytes(of: message)
        while self.count > self.capacity || (self.bytes > self.byteLimit && self.count > 1) {
            self.bytes -= Self.bytes(of: self.storage[self.head])
            self.head += 1
        }
        // Drop what fell off once it is half the array, so appends stay O(1) on average.
        if self.head > 64 && self.head * 2 > self.storage.count {
            self.storage.removeFirst(self.head)
            self.head = 0
        }
    }

    /// The newest messages that fit in `budget` bytes, oldest first: what a newcomer is replayed.
    func newest(within budget: Int) -> ArraySlice<StoredMessage> {
        Self.newest(of: self.elements, within: budget)
    }

    /// The newest of `messages` (oldest first) that fit in `budget` bytes, as `bytes(of:)` counts them.
    public static func newest(
        of messages: ArraySlice<StoredMessage>, within budget: Int
    ) -> ArraySlice<StoredMessage> {
        var start = messages.endIndex
        var used = 0
        while start > messages.startIndex {
            let cost = Self.bytes(of: messages[start - 1])
            guard used + cost <= budget else { break }
            used += cost
            start -= 1
        }
        return messages[start...]
    }
}
