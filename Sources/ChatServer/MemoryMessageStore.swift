/// Keeps nothing beyond the process: ids from one counter, answered at once. What each room replays to newcomers
/// is the room's own recent history (`Room.history`), so this store has nothing else to hold.
public final class MemoryMessageStore: MessageStore {
    /// The last id given out.
    public private(set) var lastID: UInt64 = 0

    public init() {}

    public func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void) {
        self.lastID += 1
        completion(.success(StoredMessage(id: self.lastID, post: post)))
    }
}

@available(*, unavailable)
extension MemoryMessageStore: Sendable {}
