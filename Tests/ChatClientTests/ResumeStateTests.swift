import ChatClient
import ChatProtocol
import Testing

/// What a reconnect's hello resumes from, fed the frames a session receives (no sockets).
@Suite("Resume state")
struct ResumeStateTests {
    static func welcome(server: String?, session: String?, seqs: [String: UInt64]? = nil) -> Message {
        Message(
            type: .welcome, dataSource: "server", data: "Welcome", to: "alice", room: "lobby",
            rooms: [RoomInfo(name: "lobby"), RoomInfo(name: "dev")], server: server, session: session, seqs: seqs)
    }

    static func chat(_ room: String, seq: UInt64, id: UInt64, replay: Bool? = nil) -> Message {
        Message(type: .chat, dataSource: "bob", data: "m\(seq)", id: id, replay: replay, room: room, seq: seq)
    }

    static func fed(_ frames: [Message]) -> ResumeState {
        var state = ResumeState()
        for frame in frames { state.observe(frame) }
        return state
    }

    @Test("before any welcome (the first connect) the hello carries no resume fields")
    func firstHello() {
        let hello = ResumeState().hello(name: "alice", rooms: ["lobby", "dev"])
        #expect(hello.type == .hello && hello.data == "alice")
        #expect(hello.rooms?.map(\.name) == ["lobby", "dev"])
        #expect(hello.server == nil && hello.session == nil && hello.since == nil && hello.privateSince == nil)
    }

    @Test("the hello names the server, the last token, each room's last seq and the last private id")
    func resumeHello() {
        let state = Self.fed([
            Self.welcome(server: "9f2c", session: "5be1"),
            Self.chat("lobby", seq: 1229, id: 30, replay: true),
            Self.chat("lobby", seq: 1230, id: 31, replay: true),
            Message(type: .me, dataSource: "carol", data: "waves", id: 40, room: "dev", seq: 88),
            Message(type: .private, dataSource: "bob", data: "psst", id: 41, to: "alice"),
            Self.chat("lobby", seq: 1231, id: 42),
            // A page of older history does not move the room back.
            Self.chat("lobby", seq: 12, id: 5, replay: true),
            Message(type: .replayEnd, dataSource: "server", room: "lobby", before: 12, more: true),
        ])
        let hello = state.hello(name: "alice", rooms: ["lobby", "dev"])
        #expect(hello.server == "9f2c")
        #expect(hello.session == "5be1")
        #expect(hello.since == ["lobby": 1231, "dev": 88])
        #expect(hello.privateSince == 41)
        #expect(hello.rooms?.map(\.name) == ["lobby", "dev"])
    }

    @Test("since is only for the rooms the hello asks for (all of them when it asks for none); names match as keys")
    func sinceFollowsRooms() {
        let state = Self.fed([
            Self.welcome(server: "s", session: "t"), Self.chat("lobby", seq: 5, id: 1), Self.chat("Dev", seq: 7, id: 2),
        ])
        #expect(state.hello(name: "a", rooms: ["lobby"]).since == ["lobby": 5])
        #expect(state.hello(name: "a", rooms: ["#dev"]).since == ["Dev": 7])
        #expect(state.hello(name: "a", rooms: []).since == ["lobby": 5, "Dev": 7])
        #expect(state.hello(name: "a", rooms: ["ops"]).since == nil)
    }

    @Test("a resume's replay_end and a room with no messages yet (seq 0) set a room's position; a page's end does not")
    func replayEndAndEmptyRooms() {
        let state = Self.fed([
            Self.welcome(server: "s", session: "t", seqs: ["lobby": 40, "dev": 0]),
            Message(type: .replayEnd, dataSource: "server", room: "lobby", seq: 44),
            Message(type: .users, dataSource: "server", room: "ops", seq: 0),
            Message(type: .users, dataSource: "server", history: 3, room: "qa", seq: 9),
        ])
        #expect(state.since == ["lobby": 44, "dev": 0, "ops": 0])
    }

    @Test("a welcome from another server forgets the positions; its token replaces the last one")
    func anotherServer() {
        var state = Self.fed([
            Self.welcome(server: "old", session: "t1"), Self.chat("lobby", seq: 900, id: 1000),
            Message(type: .private, dataSource: "bob", data: "psst", id: 1001, to: "alice"),
        ])
        state.observe(Self.welcome(server: "old", session: "t2"))
        #expect(state.since == ["lobby": 900] && state.privateSince == 1001 && state.session == "t2")
        state.observe(Self.welcome(server: "new", session: "t3"))
        #expect(state.server == "new" && state.session == "t3")
        #expect(state.since.isEmpty && state.privateSince == nil)
        state.observe(Self.chat("lobby", seq: 3, id: 3))
        #expect(state.hello(name: "a", rooms: []).since == ["lobby": 3])
    }

    @Test("a server from before resume (no identity in its welcome) gets a plain hello")
    func oldServer() {
        let state = Self.fed([Self.welcome(server: nil, session: nil), Self.chat("lobby", seq: 3, id: 3)])
        let hello = state.hello(name: "alice", rooms: [])
        #expect(hello.server == nil && hello.since == nil && hello.session == nil && hello.privateSince == nil)
    }

    @Test("a roster that says no history follows (a server with --history 0) starts the room at its latest seq")
    func noHistoryToReplay() {
        var welcome = Self.welcome(server: "s", session: "t", seqs: ["lobby": 40, "dev": 9])
        welcome.history = 0
        welcome.seq = 40
        let joined = Message(type: .users, dataSource: "server", history: 0, room: "ops", seq: 12)
        let asked = Message(type: .users, dataSource: "server", room: "dev", seq: nil)
        let withHistory = Message(type: .users, dataSource: "server", history: 3, room: "dev", seq: 9)
        let state = Self.fed([welcome, joined, asked, withHistory])
        #expect(state.hello(name: "a", rooms: []).since == ["lobby": 40, "ops": 12], "dev's 3 replayed come next")
    }
}
