import ChatProtocol
import Testing

@testable import ChatUI

/// Switching rooms: keys, unread counts and marks, the "-- new --" line, drafts, the bell. All local and instant.
@Suite("Room activity")
struct RoomActivityTests {
    typealias F = RoomFixture

    /// alice in #lobby, #dev and #ops, looking at #lobby.
    static func threeRooms() -> ChatState {
        F.state(rooms: ["lobby", "dev", "ops"])
    }

    @Test("Alt-2 shows the second room, Alt-1 the first; Alt-9 with no ninth room does nothing")
    func altDigits() {
        var state = Self.threeRooms()
        #expect(F.press(.alt(.character("2")), into: &state) == [], "no network round trip")
        #expect(state.current.label == "#dev")
        #expect(state.users == ["alice", "carol"], "the sidebar's list is the room's")
        F.press(.alt(.character("1")), into: &state)
        #expect(state.current.label == "#lobby")
        F.press(.alt(.character("9")), into: &state)
        #expect(state.current.label == "#lobby")
    }

    @Test("Ctrl-N and Alt-Right go to the next room, Ctrl-P and Alt-Left to the previous, wrapping around")
    func nextPrevious() {
        var state = Self.threeRooms()
        F.press(.control("n"), into: &state)
        #expect(state.current.label == "#dev")
        F.press(.alt(.right), into: &state)
        #expect(state.current.label == "#ops")
        F.press(.control("n"), into: &state)
        #expect(state.current.label == "#lobby")
        F.press(.control("p"), into: &state)
        #expect(state.current.label == "#ops")
        F.press(.alt(.left), .alt(.left), into: &state)
        #expect(state.current.label == "#lobby")
        #expect(state.editor.history.isEmpty, "Ctrl-P no longer walks the input history; Up does")
    }

    @Test("messages in rooms not shown count as unread, mentions mark them; showing a room clears both")
    func unreadAndMentions() throws {
        var state = Self.threeRooms()
        F.receive(F.frame(.chat, "carol", "one", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.chat, "carol", "two", room: "dev", id: 2), into: &state)
        F.receive(F.frame(.join, "dave", "dave joined", room: "dev"), into: &state)
        F.receive(F.frame(.chat, "bob", "here", room: "lobby", id: 3), into: &state)
        F.receive(F.frame(.chat, "zed", "alice: look", room: "ops", id: 4), into: &state)
        let dev = try #require(F.buffer(state, "#dev"))
        #expect(dev.unread == 2, "notices do not count")
        #expect(!dev.highlighted)
        #expect(F.buffer(state, "#lobby")?.unread == 0, "what is on screen is read")
        #expect(F.buffer(state, "#ops")?.highlighted == true)
        #expect(state.unreadTotal == 3)
        #expect(state.terminalTitle == "swchat #lobby (3)")
        F.press(.alt(.character("2")), into: &state)
        #expect(F.buffer(state, "#dev")?.unread == 0)
        #expect(state.terminalTitle == "swchat #dev (1)")
    }

    @Test("our own lines and replayed history never count as unread")
    func ownAndHistoryDoNotCount() {
        var state = Self.threeRooms()
        F.receive(F.frame(.chat, "alice", "mine", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.chat, "carol", "old", room: "dev", id: 2, replay: true), into: &state)
        #expect(F.buffer(state, "#dev")?.unread == 0)
    }

    @Test("Alt-A goes to mentions and private messages first, then other unread rooms, then back where it began")
    func activityOrder() {
        var state = F.state(rooms: ["lobby", "dev", "ops", "qa"])
        F.receive(F.frame(.chat, "carol", "plain", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.chat, "zed", "hey alice", room: "qa", id: 2), into: &state)
        F.receive(F.frame(.private, "bob", "psst", id: 3, to: "alice"), into: &state)
        F.receive(F.frame(.chat, "yan", "plain too", room: "ops", id: 4), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "#ops", "#qa", "@bob"])
        var visited: [String] = []
        for _ in 0..<5 {
            F.press(.alt(.character("a")), into: &state)
            visited.append(F.label(state))
        }
        #expect(visited == ["#qa", "@bob", "#dev", "#ops", "#lobby"])
        F.press(.alt(.character("a")), into: &state)
        #expect(F.label(state) == "#lobby", "nothing left to read, nowhere to return to: it stays")
    }

    @Test("leaving a room arms a -- new -- line: it appears before the first line that comes while away")
    func newMarker() throws {
        var state = Self.threeRooms()
        F.receive(F.frame(.chat, "carol", "seen", room: "dev", id: 1), into: &state)
        F.press(.alt(.character("2")), into: &state)
        F.press(.alt(.character("1")), into: &state)
        F.receive(F.frame(.chat, "carol", "unseen 1", room: "dev", id: 2), into: &state)
        F.receive(F.frame(.chat, "carol", "unseen 2", room: "dev", id: 3), into: &state)
        #expect(F.texts(state, "#dev").suffix(4) == ["seen", "-- new --", "unseen 1", "unseen 2"])
        F.press(.alt(.character("2")), into: &state)
        let lines = ScreenTests.render(state).lines
        let marker = try #require(lines.firstIndex { $0.hasPrefix("-- new --") })
        #expect(lines[marker - 1].contains("seen") && lines[marker + 1].contains("unseen 1"))
        // Seen now: leaving again takes the old line away, and the next arrival gets a new one.
        F.press(.alt(.character("1")), into: &state)
        #expect(!F.texts(state, "#dev").contains("-- new --"))
        F.receive(F.frame(.chat, "carol", "later", room: "dev", id: 4), into: &state)
        #expect(F.texts(state, "#dev").suffix(3) == ["unseen 2", "-- new --", "later"])
        #expect(F.texts(state, "#dev").filter { $0 == "-- new --" }.count == 1)
    }

    @Test("a room never shown gets no -- new -- line: all of it is new")
    func noMarkerInFreshRoom() {
        var state = Self.threeRooms()
        F.receive(F.frame(.chat, "carol", "hello", room: "dev", id: 1), into: &state)
        #expect(!F.texts(state, "#dev").contains("-- new --"))
    }

    @Test("each room keeps its own input draft and scroll position")
    func draftsAndScroll() {
        var state = Self.threeRooms()
        for index in 1...30 {
            F.receive(F.frame(.chat, "bob", "line \(index)", room: "lobby", id: UInt64(index)), into: &state)
        }
        F.press(.pageUp, into: &state)
        let scrolled = state.scrollOffset
        #expect(scrolled > 0)
        for character in "half a thought" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.left, .left, into: &state)
        F.press(.alt(.character("2")), into: &state)
        #expect(state.editor.text == "", "the other room's input line is its own")
        #expect(state.scrollOffset == 0)
        for character in "dev words" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.alt(.character("1")), into: &state)
        #expect(state.editor.text == "half a thought")
        #expect(state.editor.cursor == 12)
        #expect(state.scrollOffset == scrolled)
        F.press(.alt(.character("2")), into: &state)
        #expect(state.editor.text == "dev words")
        // The input history is one for all rooms.
        _ = F.enter("", into: &state)
        F.press(.up, into: &state)
        #expect(state.editor.text == "dev words")
    }

    @Test(
        "the bell: --bell mentions rings for a mention or a private message in a room not shown; all for every message",
        arguments: [
            (BellPolicy.mentions, [false, true, true, false, false]),
            (.all, [true, true, true, true, false]),
            (.off, [false, false, false, false, false]),
        ])
    func bell(policy: BellPolicy, rings: [Bool]) {
        var state = Self.threeRooms()
        state.bell = policy
        let frames = [
            F.frame(.chat, "carol", "plain", room: "dev", id: 1),
            F.frame(.chat, "carol", "alice, look", room: "dev", id: 2),
            F.frame(.private, "bob", "psst", id: 3, to: "alice"),
            F.frame(.chat, "bob", "alice here, on screen", room: "lobby", id: 4),
            F.frame(.chat, "alice", "mine", room: "dev", id: 5),
        ]
        let rang = frames.map { F.receive($0, into: &state).contains(.bell) }
        #expect(rang == rings)
    }
}

extension RoomFixture {
    /// The label of the buffer shown.
    static func label(_ state: ChatState) -> String {
        state.label(of: state.current)
    }
}
