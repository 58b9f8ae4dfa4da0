/// Keeps a room's events in the order they happened while messages wait for the store: a message is shown only
/// once stored, so a join, leave, rename or topic that came after it waits behind it too ("bob left" must not come
/// before bob's last lines). A FIFO of posts not yet answered and broadcasts waiting behind them; the store answers
/// posts in the order they were made. Empty whenever the store answers at once (the memory store): nothing waits.
final class DeliveryOrder<Broadcast> {
    /// A post in the queue, with the store's answer once it came.
    final class Entry {
        let post: Post
        var result: Result<StoredMessage, MessageStoreError>?

        init(post: Post) {
            self.post = post
        }
    }

    enum Item {
        case post(Entry)
        case broadcast(Broadcast)
    }

    private var items: [Item] = []
    private var head = 0

    /// Whether anything waits: a broadcast made now must wait too.
    var isWaiting: Bool { self.head < self.items.count }

    /// A post whose answer has not come yet.
    func wait(for entry: Entry) {
        self.items.append(.post(entry))
    }

    /// A broadcast to make once the posts before it are delivered.
    func hold(_ broadcast: Broadcast) {
        self.items.append(.broadcast(broadcast))
    }

    /// What can go out now, in order: answered posts and broadcasts up to the first post still unanswered.
    func ready() -> [Item] {
        var out: [Item] = []
        while self.head < self.items.count {
            if case .post(let entry) = self.items[self.head], entry.result == nil { break }
            out.append(self.items[self.head])
            self.head += 1
        }
        if self.head == self.items.count {
            self.items.removeAll(keepingCapacity: self.items.count <= 1024)
            self.head = 0
        } else if self.head > 1024, self.head * 2 > self.items.count {
            self.items.removeFirst(self.head)
            self.head = 0
        }
        return out
    }
}

@available(*, unavailable)
extension DeliveryOrder: Sendable {}
