/// The room seqs one client received, as sorted ranges, and how each new one compared with those before it: what the
/// resume check (`--reconnect-every`) counts as doubled and out of order, and later as missing.
///
/// Seqs mostly arrive one above the last, so recording one is usually extending the last range; a hole (a lost
/// message) costs one range more, an old seq a binary search.
public struct SeqLedger: Sendable, Equatable {
    /// What one received seq was.
    public enum Outcome: Sendable, Equatable {
        /// Above every seq received before.
        case new
        /// Received before.
        case doubled
        /// Not received before, but lower than one that was.
        case outOfOrder
    }

    /// Disjoint, sorted, never adjacent (`1...3` and `4...5` are kept as `1...5`).
    public private(set) var ranges: [ClosedRange<UInt64>] = []
    /// Distinct seqs received.
    public private(set) var count: UInt64 = 0
    /// Seqs received again.
    public private(set) var doubled: UInt64 = 0
    /// Seqs received after a higher one.
    public private(set) var outOfOrder: UInt64 = 0

    public init() {}

    /// The highest seq received, if any.
    public var last: UInt64? { self.ranges.last?.upperBound }

    /// Records one received seq.
    @discardableResult
    public mutating func record(_ seq: UInt64) -> Outcome {
        guard let last = self.ranges.last else {
            self.ranges.append(seq...seq)
            self.count = 1
            return .new
        }
        if seq > last.upperBound {
            if seq == last.upperBound + 1 {
                self.ranges[self.ranges.count - 1] = last.lowerBound...seq
            } else {
                self.ranges.append(seq...seq)
            }
            self.count += 1
            return .new
        }
        // The first range that ends at or above seq: seq is in it, or in the hole before it.
        var low = 0
        var high = self.ranges.count - 1
        while low < high {
            let middle = (low + high) / 2
            if self.ranges[middle].upperBound < seq { low = middle + 1 } else { high = middle }
        }
        if self.ranges[low].contains(seq) {
            self.doubled += 1
            return .doubled
        }
        self.insert(seq, before: low)
        self.count += 1
        self.outOfOrder += 1
        return .outOfOrder
    }

    /// Puts `seq` into the hole just below `ranges[index]`, joining it to its neighbours where it touches them.
    private mutating func insert(_ seq: UInt64, before index: Int) {
        let next = self.ranges[index]
        let joinsNext = seq + 1 == next.lowerBound
        let joinsPrevious = index > 0 && self.ranges[index - 1].upperBound + 1 == seq
        switch (joinsPrevious, joinsNext) {
        case (true, true):
            self.ranges[index - 1] = self.ranges[index - 1].lowerBound...next.upperBound
            self.ranges.remove(at: index)
        case (true, false):
            self.ranges[index - 1] = self.ranges[index - 1].lowerBound...seq
        case (false, true):
            self.ranges[index] = seq...next.upperBound
        case (false, false):
            self.ranges.insert(seq...seq, at: index)
        }
    }

    /// How many of the seqs in `sent` (sorted, disjoint ranges, as `union` gives) this ledger does not have.
    public func missing(of sent: [ClosedRange<UInt64>]) -> UInt64 {
        var missing: UInt64 = 0
        var mine = 0
        for range in sent {
            var held: UInt64 = 0
            while mine < self.ranges.count, self.ranges[mine].upperBound < range.lowerBound { mine += 1 }
            var index = mine
            while index < self.ranges.count, self.ranges[index].lowerBound <= range.upperBound {
                let overlap = self.ranges[index].clamped(to: range)
                held += overlap.upperBound - overlap.lowerBound + 1
                index += 1
            }
            missing += range.upperBound - range.lowerBound + 1 - held
        }
        return missing
    }

    /// Every seq any of `ledgers` holds, as sorted, disjoint, never adjacent ranges.
    public static func union(_ ledgers: [SeqLedger]) -> [ClosedRange<UInt64>] {
        let all = ledgers.flatMap(\.ranges).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt64>] = []
        for range in all {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound - last.upperBound == 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
