import Testing

@testable import ChatServer

@Suite("HistoryRing")
struct HistoryRingTests {
    @Test func startsEmpty() {
        let ring = HistoryRing<Int>(capacity: 3)
        #expect(ring.elements.isEmpty)
        #expect(ring.capacity == 3)
    }

    @Test func keepsEverythingBelowCapacity() {
        var ring = HistoryRing<Int>(capacity: 5)
        ring.append(1)
        ring.append(2)
        #expect(ring.elements == [1, 2])
    }

    @Test func atCapacity() {
        var ring = HistoryRing<Int>(capacity: 3)
        for i in 1...3 { ring.append(i) }
        #expect(ring.elements == [1, 2, 3])
    }

    @Test(arguments: [1, 2, 3, 7, 50])
    func keepsTheLastCapacityItemsOldestFirst(capacity: Int) {
        var ring = HistoryRing<Int>(capacity: capacity)
        for count in 1...(capacity * 3 + 2) {
            ring.append(count)
            let expected = Array(max(1, count - capacity + 1)...count)
            #expect(ring.elements == expected, "after \(count) appends")
        }
    }

    @Test(arguments: [0, -1, -100])
    func zeroOrNegativeCapacityKeepsNothing(capacity: Int) {
        var ring = HistoryRing<String>(capacity: capacity)
        #expect(ring.capacity == 0)
        ring.append("a")
        ring.append("b")
        #expect(ring.elements.isEmpty)
    }

    @Test func largeCapacity() {
        var ring = HistoryRing<Int>(capacity: 5000)
        for i in 0..<12_345 { ring.append(i) }
        #expect(ring.elements == Array(7345..<12_345))
    }
}
