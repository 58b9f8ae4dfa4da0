import ChatProtocol

/// The names of the members who spoke most recently, newest first, at most `capacity` of them: what a big room lists
/// in its welcomes and `/who` instead of everyone. Every operation is O(capacity), never O(members).
struct RecentNames {
    let capacity: Int
    /// Newest first.
    private(set) var names: [String] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// `name` spoke: it moves to the front.
    mutating func touch(_ name: String) {
        // The same person speaking again, the usual case on every chat line: nothing to move.
        guard self.capacity > 0, self.names.first != name else { return }
        self.remove(name)
        self.names.insert(name, at: 0)
        if self.names.count > self.capacity { self.names.removeLast() }
    }

    mutating func remove(_ name: String) {
        self.names.removeAll { $0 == name }
    }

    /// A rename keeps its place in the order.
    mutating func rename(_ old: String, to new: String) {
        if let index = self.names.firstIndex(of: old) { self.names[index] = new }
    }
}
