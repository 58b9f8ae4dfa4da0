import ChatProtocol
import Testing

@testable import ChatUI

/// Scrolling back past the top of a room's log: older pages asked of the server once at a time, "-- loading --"
/// meanwhile, each page put above the log without moving the view, and the room's start said once it is reached.
@Suite("Server scrollback")
struct ServerScrollbackTests {
    typealias F = ResumeFixture

    /// alice in #lobby (only) with messages `seqs` shown, as a join's replay would show them.
    static func lobby(_ seqs: ClosedRange<UInt64>, height: Int = 12, scrollback: Int = 10_000) -> ChatState {
        var state = F.state(rooms: ["lobby"], height: height, scrollback: scrollback)
        F.receive(seqs.map { F.chat(seq: $0, replay: true) }, into: &state)
        return state
    }

    /// The page the server answers `before` with: the messages below it, down to `from`, oldest first.
    static func page(_ seqs: ClosedRange<UInt64>, room: String = "lobby") -> [Message] {
        seqs.map { F.chat(room, seq: $0, replay: true) }
    }

    /// Presses PgUp until the state asks for history (at most `limit` times). - Returns: the requests made.
    static func pageUpUntilRequest(_ state: inout ChatState, limit: Int = 200) -> [ChatEffect] {
        for _ in 0..<limit {
            let requests = F.requests(state.update(.key(.pageUp), now: F.t0))
            if !requests.isEmpty { return requests }
        }
        return []
    }

    /// The log pane's rows on screen (left of the sidebar, without the spaces that pad them).
    static func logRows(_ state: ChatState) -> [String] {
        ScreenTests.render(state).lines.prefix(state.logSize.height).map { line in
            var row = Substring(line.prefix { $0 != "│" })
            while row.last == " " { row.removeLast() }
            return String(row)
        }
    }

    @Test("PgUp past the top asks once for the 100 before the oldest seq, and shows -- loading -- at the top")
    func requestOnce() {
        var state = Self.lobby(251...300)
        let requests = Self.pageUpUntilRequest(&state)
        #expect(requests == [.history(room: "lobby", before: 251, limit: 100)])
        #expect(Self.logRows(state).first?.hasPrefix("-- loading --") == true, "\(Self.logRows(state))")
        // Pending: more PgUps and wheel steps ask nothing.
        for key in [Key.pageUp, .pageUp, .mouseWheelUp] {
            #expect(F.requests(state.update(.key(key), now: F.t0)).isEmpty)
        }
        #expect(state.current.entries.filter { $0.text == ServerScrollback.loadingText }.count == 1)
    }

    @Test("the mouse wheel past the top asks too")
    func wheel() {
        var state = Self.lobby(11...12)
        #expect(
            F.requests(state.update(.key(.mouseWheelUp), now: F.t0)) == [
                .history(room: "lobby", before: 11, limit: 100)
            ])
    }

    @Test("the page goes above the log and the rows in view stay where they were")
    func pageKeepsTheView() {
        var state = Self.lobby(251...300)
        _ = Self.pageUpUntilRequest(&state)
        let before = Self.logRows(state)
        F.receive(Self.page(151...250) + [F.pageEnd(before: 151, more: true)], into: &state)
        let after = Self.logRows(state)
        #expect(!after.contains { $0.hasPrefix("-- loading --") })
        #expect(after.dropFirst() == before.dropFirst(), "only the loading row changed:\n\(before)\n\(after)")
        #expect(after.first?.contains("m250") == true, "\(after)")
        #expect(F.chats(state) == (151...300).map { "m\($0)" })
        #expect(state.current.entries.first?.seq == 151)
    }

    @Test("page by page to the start: -- start of #lobby --, the first message once, and no more requests")
    func toTheStart() {
        var state = Self.lobby(251...300)
        var asked: [UInt64] = []
        while true {
            let requests = Self.pageUpUntilRequest(&state)
            guard case .history(_, let before, let limit)? = requests.first else { break }
            asked.append(before)
            let from = before > UInt64(limit) ? before - UInt64(limit) : 1
            F.receive(Self.page(from...(before - 1)) + [F.pageEnd(before: from, more: from > 1)], into: &state)
        }
        #expect(asked == [251, 151, 51])
        #expect(F.chats(state) == (1...300).map { "m\($0)" })
        let rows = Self.logRows(state)
        #expect(rows.first?.hasPrefix("-- start of #lobby --") == true, "\(rows)")
        #expect(rows.filter { $0 == "22:13 <bob> m1" }.count == 1, "\(rows)")
        #expect(state.current.entries.filter { $0.text == "-- start of #lobby --" }.count == 1)
    }

    @Test("a room whose oldest message loaded is seq 1 shows its start at once, without asking")
    func startLoaded() {
        var state = Self.lobby(1...30)
        for _ in 0..<10 { #expect(F.requests(state.update(.key(.pageUp), now: F.t0)).isEmpty) }
        #expect(Self.logRows(state).first?.hasPrefix("-- start of #lobby --") == true)
        #expect(state.current.entries.filter { $0.text.hasPrefix("-- start of") }.count == 1)
    }

    @Test("replayed messages already shown are not shown twice, even when a page overlaps the log")
    func overlap() {
        var state = Self.lobby(251...300)
        _ = Self.pageUpUntilRequest(&state)
        F.receive(Self.page(240...260) + [F.pageEnd(before: 240, more: true)], into: &state)
        #expect(F.chats(state) == (240...300).map { "m\($0)" })
    }

    @Test("live messages during the page go at the bottom; the page still goes on top")
    func liveDuringPage() {
        var state = Self.lobby(251...300)
        _ = Self.pageUpUntilRequest(&state)
        F.receive(Self.page(201...249) + [F.chat(seq: 301)] + Self.page(250...250), into: &state)
        F.receive([F.pageEnd(before: 201, more: true)], into: &state)
        #expect(F.chats(state) == (201...301).map { "m\($0)" })
    }

    @Test("the scrollback limit: a request asks only for what fits, and a page is cut to the newest that fit")
    func scrollbackLimit() {
        var state = Self.lobby(251...300, scrollback: 100)
        let count = state.current.entries.count
        let requests = Self.pageUpUntilRequest(&state)
        #expect(requests == [.history(room: "lobby", before: 251, limit: 100 - count)])
        F.receive(Self.page(151...250) + [F.pageEnd(before: 151, more: true)], into: &state)
        #expect(state.current.entries.count <= 100)
        #expect(F.chats(state).first == "m\(250 - (100 - count) + 1)")
        #expect(F.chats(state).last == "m300")
        // Full: no more requests.
        for _ in 0..<20 { #expect(F.requests(state.update(.key(.pageUp), now: F.t0)).isEmpty) }
    }

    @Test("a lost connection cancels the page on its way: the loading line goes, and it is asked again later")
    func disconnect() {
        var state = Self.lobby(251...300)
        _ = Self.pageUpUntilRequest(&state)
        _ = state.update(.disconnected(reason: "gone"), now: F.t0)
        #expect(!state.current.entries.contains { $0.text == ServerScrollback.loadingText })
        // Offline: nothing is asked.
        for _ in 0..<5 { #expect(F.requests(state.update(.key(.pageUp), now: F.t0)).isEmpty) }
        F.reconnect(&state)
        F.receive([F.welcome(server: "9f2c", rooms: ["lobby"])], into: &state)
        #expect(Self.pageUpUntilRequest(&state) == [.history(room: "lobby", before: 251, limit: 100)])
    }

    @Test("a history request waits its turn in the paced queue, and is dropped with the connection")
    func paced() {
        var state = Self.lobby(251...300)
        // A paste that uses up the flood allowance: the request queues behind it.
        let paste = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        _ = state.update(.key(.paste(paste)), now: F.t0)
        #expect(state.outbox.queuedLines > 0)
        #expect(Self.pageUpUntilRequest(&state, limit: 50).isEmpty, "not released yet")
        #expect(state.current.scrollback.pendingBefore == 251)
        _ = state.update(.disconnected(reason: "gone"), now: F.t0)
        let released = state.update(.connected, now: F.t0 + 60_000)
        #expect(F.requests(released).isEmpty, "the request of the lost connection is not sent on the next one")
    }

    @Test("a page from yesterday gets its date line, and today's log gets one below it")
    func dateLines() {
        var state = Self.lobby(251...252)
        _ = Self.pageUpUntilRequest(&state)
        let yesterday = F.t0 - 86_400_000
        F.receive(
            [F.chat(seq: 249, replay: true, at: yesterday), F.chat(seq: 250, replay: true, at: yesterday)]
                + [F.pageEnd(before: 249, more: true)], into: &state)
        let texts = state.current.entries.map(\.text)
        let yesterdayLine = "-- \(DayLine.text(forDay: DayLine.day(ofMilliseconds: yesterday, utcOffsetSeconds: 0))) --"
        let todayLine = "-- \(DayLine.text(forDay: DayLine.day(ofMilliseconds: F.t0, utcOffsetSeconds: 0))) --"
        #expect(Array(texts.prefix(4)) == [yesterdayLine, "m249", "m250", todayLine], "\(texts)")
    }

    @Test("the start line of a room with a wide name keeps the sidebar straight")
    func wideRoomName() {
        var state = F.state(rooms: ["中文"], width: 60, height: 12)
        F.receive((1...3).map { F.chat("中文", seq: $0, replay: true) }, into: &state)
        _ = state.update(.key(.pageUp), now: F.t0)
        let lines = ScreenTests.render(state).lines
        #expect(lines[0].hasPrefix("-- start of #中文 --"), "\(lines)")
        for line in lines.prefix(state.logSize.height) {
            #expect(ScreenTests.barColumn(line) == 41, "\(line)")
        }
    }

    @Test("no request in a room left, in a conversation, or before the room's replay is over")
    func notWhen() {
        var state = Self.lobby(251...300)
        F.receive([F.roster("dev", history: 5), F.chat("dev", seq: 90, replay: true)], into: &state)
        // dev's replay (5 announced, 1 come) is not over.
        let dev = state.buffers.firstIndex { $0.id == .room("dev") } ?? 0
        state.select(dev)
        #expect(Self.pageUpUntilRequest(&state, limit: 20).isEmpty)
        F.receive([Message(type: .private, dataSource: "bob", data: "hi", id: 1000, to: "alice")], into: &state)
        let conversation = state.buffers.firstIndex { $0.id == .conversation("bob") } ?? 0
        state.select(conversation)
        #expect(Self.pageUpUntilRequest(&state, limit: 20).isEmpty)
    }
}
