import Testing

@testable import ChatUI

/// The log's time column.
@Suite("Clock")
struct ClockTests {
    @Test(
        "the time column is the protocol's clock in local time",
        arguments: [
            (Int64(1_700_000_000_000), 0, "22:13"), (1_700_000_000_000, 3600, "23:13"),
            (1_700_000_000_000, -23 * 3600, "23:13"),
            (-60_000, 0, "23:59"),
        ])
    func clock(milliseconds: Int64, offset: Int, expected: String) {
        let state = ChatState(
            serverAddress: "x", myName: "a", size: Size(width: 80, height: 20), utcOffsetSeconds: offset)
        #expect(state.clock(milliseconds) == expected)
    }
}
