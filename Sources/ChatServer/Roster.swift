import ChatProtocol

/// The names in the room, kept sorted case-insensitively so `who` and `welcome` never sort.
struct Roster {
    /// (key, name) pairs sorted by key.
    private var entries: [(key: String, name: String)] = []
    private(set) var names: [String] = []

    var count: Int { self.entries.count }

    mutating func insert(_ name: String) {
        let key = NameRules.key(name)
        let index = self.index(of: key)
        self.entries.insert((key, name), at: index)
        self.names.insert(name, at: index)
    }

    mutating func remove(_ name: String) {
        let key = NameRules.key(name)
        let index = self.index(of: key)
        guard index < self.entries.count, self.entries[index].key == key else { return }
        self.entries.remove(at: index)
        self.names.remove(at: index)
    }

    /// Binary search: the first position whose key is not less than `key`.
    private func index(of key: String) -> Int {
        var low = 0
        var high = self.entries.count
        while low < high {
            let mid = (low + high) / 2
            if NameRules.precedes(self.entries[mid].key, key) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
