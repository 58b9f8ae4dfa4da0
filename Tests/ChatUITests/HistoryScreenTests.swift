import ChatProtocol
import Testing

@testable import ChatUI

/// Replayed history is dimmed and ends with a marker; a new day gets a date line.
@Suite("History screen")
struct HistoryScreenTests {
    /// 2026-12-01 21:00 UTC, a Tuesday.
    static let t0: Int64 = 1_796_158_800_000

    static func chat(_ id: UInt64, _ text: String, at ms: Int64 = t0, replay: Bool? = nil) -> ChatEvent {
        .frame(
            Message(
                type: .chat, dataSource: "bob", data: text, id: id, ts: Timestamp.format(millisecondsSince1970: ms),
                replay: replay))
    }

    static func welcome(history: Int?) -> ChatEvent {
        .frame(
            Message(
                type: .welcome, dataSource: "server", data: "Welcome, alice!",
                ts: Timestamp.format(millisecondsSince1970: t0), users: ["alice", "bob"], to: "alice", history: history)
        )
    }

    static func state(offset: Int = 0) -> ChatState {
        var state = ChatState(
            serverAddress: "h:1", myName: "alice", size: Size(width: 80, height: 20), utcOffsetSeconds: offset)
        _ = state.apply(.connected, now: t0)
        return state
    }

    static func texts(_ state: ChatState) -> [String] {
        state.entries.map(\.text)
    }

    @Test("replayed lines are dimmed and followed by an end-of-history line, live ones are not dimmed")
    func replayMarked() throws {
        var state = Self.state()
        _ = state.apply(Self.welcome(history: 2), now: Self.t0)
        _ = state.apply(Self.chat(1, "old one", replay: true), now: Self.t0)
        #expect(!Self.texts(state).contains("-- end of history --"), "not before the last history frame")
        _ = state.apply(Self.chat(2, "old two", replay: true), now: Self.t0)
        _ = state.apply(Self.chat(3, "new"), now: Self.t0)
        #expect(
            Self.texts(state) == [
                "connected to h:1", "Welcome, alice!", "old one", "old two", "-- end of history --", "new",
            ])

        let canvas = ScreenTests.render(state)
        let lines = canvas.lines
        let old = try #require(lines.firstIndex { $0.contains("old one") })
        let new = try #require(lines.firstIndex { $0.contains("<bob> new") })
        let marker = try #require(
            lines.firstIndex { $0.hasPrefix("-- end of history --") }, "the marker stands alone, without a time")
        #expect(old < marker && marker < new)
        #expect(canvas.style(at: Point(x: 14, y: old)).dim, "history text is dimmed")
        #expect(canvas.style(at: Point(x: 7, y: old)).dim, "its sender too")
        #expect(!canvas.style(at: Point(x: 14, y: new)).dim)
        #expect(!canvas.style(at: Point(x: 7, y: new)).dim)
    }

    @Test("no end-of-history line when the welcome announces none", arguments: [nil, 0] as [Int?])
    func noHistory(history: Int?) {
        var state = Self.state()
        _ = state.apply(Self.welcome(history: history), now: Self.t0)
        _ = state.apply(Self.chat(1, "live"), now: Self.t0)
        #expect(Self.texts(state) == ["connected to h:1", "Welcome, alice!", "live"])
    }

    @Test("a live frame before the announced count ends the history early, once")
    func endsEarly() {
        var state = Self.state()
        _ = state.apply(Self.welcome(history: 5), now: Self.t0)
        _ = state.apply(Self.chat(1, "old", replay: true), now: Self.t0)
        _ = state.apply(
            .frame(
                Message(
                    type: .join, dataSource: "carol", data: "carol joined",
                    ts: Timestamp.format(millisecondsSince1970: Self.t0))), now: Self.t0)
        _ = state.apply(Self.chat(2, "new"), now: Self.t0)
        #expect(
            Self.texts(state) == [
                "connected to h:1", "Welcome, alice!", "old", "-- end of history --", "carol joined", "new",
            ])
    }

    @Test("a history that was all shown before (a reconnect) adds no marker of its own")
    func replayAllSkipped() {
        var state = Self.state()
        _ = state.apply(Self.welcome(history: 1), now: Self.t0)
        _ = state.apply(Self.chat(1, "old", replay: true), now: Self.t0)
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        _ = state.apply(Self.welcome(history: 1), now: Self.t0)
        _ = state.apply(Self.chat(1, "old", replay: true), now: Self.t0)
        #expect(Self.texts(state).filter { $0 == "-- end of history --" }.count == 1)
    }

    @Test("a new day gets a date line in local time; history from an earlier day starts with its date")
    func dayLines() {
        var state = Self.state(offset: 3 * 3600)  // 21:00 UTC is 00:00 on Wednesday the 2nd here
        let yesterday = Self.t0 - 86_400_000
        _ = state.apply(Self.welcome(history: 1), now: Self.t0)
        _ = state.apply(Self.chat(1, "from monday night", at: yesterday - 3_600_000, replay: true), now: Self.t0)
        _ = state.apply(Self.chat(2, "late tuesday", at: Self.t0 - 60_000), now: Self.t0)
        _ = state.apply(Self.chat(3, "first of wednesday", at: Self.t0), now: Self.t0)
        _ = state.apply(Self.chat(4, "more wednesday", at: Self.t0 + 60_000), now: Self.t0)
        #expect(
            Self.texts(state).suffix(8) == [
                "-- Monday 30 November 2026 --", "from monday night", "-- end of history --",
                "-- Tuesday 1 December 2026 --", "late tuesday",
                "-- Wednesday 2 December 2026 --", "first of wednesday", "more wednesday",
            ])
    }

    @Test(
        "dates by arithmetic",
        arguments: [
            (Int64(0), "Thursday 1 January 1970"), (-1, "Wednesday 31 December 1969"),
            (20_788, "Tuesday 1 December 2026"),
            (20_789, "Wednesday 2 December 2026"), (11_016, "Tuesday 29 February 2000"),
        ])
    func dates(day: Int64, expected: String) {
        #expect(DayLine.text(forDay: day) == expected)
    }
}
