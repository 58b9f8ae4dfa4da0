/// The last `capacity` items, oldest first, in a fixed ring (no shifting on every append).
struct HistoryRing<Element> {
    let capacity: Int
    private var storage: [Element] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        self.storage.reserveCapacity(min(self.capacity, 1024))
    }

    mutating func append(_ element: Element) {
        guard self.capacity > 0 else { return }
        if self.storage.count < self.capacity {
            self.storage.append(element)
        } else {
            self.storage[self.head] = element
            self.head = (self.head + 1) % self.capacity
        }
    }

    /// How many items it holds.
    var count: Int { self.storage.count }

    /// Oldest first.
    var elements: [Element] {
        Array(self.storage[self.head...] + self.storage[..<self.head])
    }
}
