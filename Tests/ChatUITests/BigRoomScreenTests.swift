import ChatProtocol
import Testing

@testable import ChatUI

/// A big room lists only who spoke lately: the sidebar says how many are online, shows the names it knows, learns
/// speakers as they talk, and the log is not flooded with count-only join notices.
@Suite("Big room screen")
struct BigRoomScreenTests {
    static let t0 = ScreenTests.t0

    static func frame(
        _ type: MessageType, _ source: String, _ data: String, id: UInt64? = nil, users: [String]? = nil,
        online: Int? = nil, replay: Bool? = nil
    ) -> Message {
        Message(
            type: type, dataSource: source, data: data, id: id, ts: Timestamp.format(millisecondsSince1970: t0),
            users: users, to: type == .welcome ? "alice" : nil, replay: replay, online: online)
    }

    /// alice in a room of 10,003 whose welcome listed who spoke lately.
    static func state() -> ChatState {
        var state = ChatState(serverAddress: "127.0.0.1:8080", myName: "alice", size: Size(width: 60, height: 12))
        _ = state.apply(.connected, now: t0)
        let welcome = frame(
            .welcome, "server", "Welcome to swchat, alice! 10003 online (the list shows who spoke lately).",
            users: ["alice", "bob"], online: 10_003)
        _ = state.apply(.frame(welcome), now: t0)
        return state
    }

    static func sidebar(_ state: ChatState) -> [String] {
        ScreenTests.render(state).lines.prefix(10).map { line in
            line.split(separator: "│", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
                ?? ""
        }
    }

    @Test("the sidebar counts everyone online and shows the names it has, then how many more")
    func sidebarCount() {
        let state = Self.state()
        let sidebar = Self.sidebar(state)
        #expect(sidebar[0] == "Online 10003")
        #expect(sidebar[1] == "*alice" && sidebar[2] == "bob")
        #expect(sidebar[3] == "… 10001 more")
    }

    @Test("count-only joins and leaves change the count without a log line; named leaves are logged and removed")
    func countOnly() {
        var state = Self.state()
        let entries = state.entries.count
        _ = state.apply(
            .frame(Self.frame(.join, "server", "37 joined (10040 online)", users: [], online: 10_040)), now: Self.t0)
        #expect(state.entries.count == entries && state.onlineCount == 10_040)
        _ = state.apply(
            .frame(
                Self.frame(.leave, "server", "2 left (10038 online): bob and 1 more", users: ["bob"], online: 10_038)),
            now: Self.t0)
        #expect(state.users == ["alice"] && state.onlineCount == 10_038)
        #expect(state.entries.last?.text == "2 left (10038 online): bob and 1 more")
        #expect(Self.sidebar(state)[0] == "Online 10038")
    }

    @Test("someone who speaks joins the list; replayed history does not add anyone")
    func speakersJoinTheList() {
        var state = Self.state()
        _ = state.apply(.frame(Self.frame(.chat, "zoe", "old news", id: 1, replay: true)), now: Self.t0)
        #expect(state.users == ["alice", "bob"])
        _ = state.apply(.frame(Self.frame(.chat, "carol", "hello big room", id: 2)), now: Self.t0)
        _ = state.apply(.frame(Self.frame(.me, "Dave", "waves", id: 3)), now: Self.t0)
        #expect(state.users == ["alice", "bob", "carol", "Dave"])
        #expect(Self.sidebar(state)[5] == "… 9999 more")
    }

    @Test("a partial /who adds to the list; a whole roster (the room shrank) replaces it")
    func whoFrames() {
        var state = Self.state()
        _ = state.apply(
            .frame(
                Self.frame(.users, "server", "10003 online; who spoke lately: erin", users: ["erin"], online: 10_003)),
            now: Self.t0)
        #expect(state.users == ["alice", "bob", "erin"])
        _ = state.apply(
            .frame(Self.frame(.users, "server", "the room is down to 2 online", users: ["alice", "frank"], online: 2)),
            now: Self.t0)
        #expect(state.users == ["alice", "frank"] && state.onlineCount == 2)
        let sidebar = Self.sidebar(state)
        #expect(sidebar[0] == "Online 2" && sidebar[3] == "", "a complete list has no 'more' line")
    }

    @Test("frames without counts (an older server) count the list; a speaker the list lacks is added all the same")
    func withoutCounts() {
        var state = ChatState(serverAddress: "x", myName: "alice", size: Size(width: 60, height: 12))
        _ = state.apply(.frame(Self.frame(.welcome, "server", "hi", users: ["alice", "bob"])), now: Self.t0)
        #expect(state.onlineCount == 2)
        // Right after a room turns big, before its first count: the speaker is online, so it belongs in the list.
        _ = state.apply(.frame(Self.frame(.chat, "carol", "hi", id: 1)), now: Self.t0)
        #expect(state.onlineCount == 3 && state.users == ["alice", "bob", "carol"])
    }
}
