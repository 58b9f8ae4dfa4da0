import ChatProtocol
import Testing

@testable import ChatUI

/// Frames reach the buffer they belong to: by `room`, to the conversation with the other person, or where the user
/// is looking; and a server that names no rooms still has its one room.
@Suite("Room routing")
struct RoomRoutingTests {
    typealias F = RoomFixture

    @Test("the welcome makes a buffer for each room it lists; the first gets its roster, the next the users frame's")
    func welcomeRooms() throws {
        let state = F.state()
        #expect(F.labels(state) == ["#lobby", "#dev"])
        #expect(state.currentIndex == 0)
        #expect(state.users == ["alice", "bob"])
        let dev = try #require(F.buffer(state, "#dev"))
        #expect(dev.users == ["alice", "carol"])
        #expect(dev.entries.map(\.text).last == "#dev: 2 online: alice, carol")
        #expect(F.texts(state, "#lobby").last == "Welcome to swchat, alice! 2 online.")
        #expect(state.joinedRooms == ["lobby", "dev"])
    }

    @Test("chat, actions, joins, leaves and topics go to their room's buffer, and only there")
    func byRoom() throws {
        var state = F.state()
        F.receive(F.frame(.chat, "carol", "tests are green", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.me, "bob", "waves", room: "lobby", id: 2), into: &state)
        F.receive(F.frame(.join, "dave", "dave joined (3 online)", room: "dev", online: 3), into: &state)
        F.receive(F.frame(.leave, "bob", "quit: lunch", room: "lobby", online: 1), into: &state)
        F.receive(F.frame(.topic, "carol", "release friday", room: "dev"), into: &state)
        let dev = try #require(F.buffer(state, "#dev"))
        #expect(
            dev.entries.suffix(3).map(\.text) == [
                "tests are green", "dave joined (3 online)", "carol set the topic: release friday",
            ])
        #expect(dev.users == ["alice", "carol", "dave"])
        #expect(dev.topic == "release friday")
        #expect(F.texts(state, "#lobby").suffix(2) == ["waves", "bob left (quit: lunch)"])
        #expect(state.users == ["alice"], "bob left the lobby, not dev")
        #expect(F.buffer(state, "#lobby")?.topic == nil)
    }

    @Test("room names are matched as the server matches them: without regard to case, with or without #")
    func roomKeys() {
        var state = F.state(rooms: ["lobby", "Dev"])
        F.receive(F.frame(.chat, "carol", "hi", room: "dev", id: 1), into: &state)
        F.receive(F.frame(.chat, "carol", "again", room: "DEV", id: 2), into: &state)
        #expect(F.labels(state) == ["#lobby", "#Dev"], "the spelling the room was created with stays")
        #expect(F.texts(state, "#Dev").suffix(2) == ["hi", "again"])
        #expect(BufferID.room("#dev") == BufferID.room("DEV"))
    }

    @Test("a frame of a room with no buffer yet opens one at the end of the bar (the server put us there)")
    func unknownRoomOpens() {
        var state = F.state()
        F.receive(F.frame(.chat, "eve", "hello", room: "中文", id: 1), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "#中文"])
        #expect(state.currentIndex == 0, "a new room does not take the screen")
    }

    @Test("private messages go to the conversation with the other person, whoever sent them")
    func privates() throws {
        var state = F.state()
        F.receive(F.frame(.private, "bob", "psst", id: 1, to: "alice"), into: &state)
        F.receive(F.frame(.private, "alice", "yes?", id: 2, to: "bob"), into: &state)
        F.receive(F.frame(.private, "alice", "hi carol", id: 3, to: "carol"), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "@bob", "@carol"])
        let bob = try #require(F.buffer(state, "@bob"))
        #expect(bob.entries.map(\.text) == ["psst", "yes?"])
        #expect(bob.users == ["alice", "bob"])
        #expect(!F.texts(state, "#lobby").contains("psst"))
    }

    @Test("errors and notices of no room go where the user is looking; an error about a room goes to its buffer")
    func noticesWhereLooking() {
        var state = F.state()
        F.press(.alt(.character("2")), into: &state)
        F.receive(F.frame(.error, "server", "unknown command /frob"), into: &state)
        F.receive(F.frame(.system, "server", "server shutting down soon"), into: &state)
        F.receive(F.frame(.error, "server", "topic too long", room: "lobby"), into: &state)
        F.receive(F.frame(.rooms, "server", "2 rooms: #lobby (2), #dev (2)"), into: &state)
        #expect(
            F.texts(state, "#dev").suffix(3) == [
                "unknown command /frob", "server shutting down soon", "2 rooms: #lobby (2), #dev (2)",
            ])
        #expect(F.texts(state, "#lobby").last == "topic too long")
    }

    @Test("a server without rooms: one implicit room takes every frame, nothing names a room")
    func oldServer() {
        var state = ScreenTests.state()
        _ = state.apply(.frame(ScreenTests.frame(.chat, "bob", "hi", id: 1)), now: F.t0)
        #expect(state.buffers.count == 1)
        #expect(state.current.isImplicitRoom)
        #expect(state.joinedRooms == nil, "the hello names no rooms")
        #expect(F.enter("hello", into: &state) == [.send("hello")])
        #expect(!state.showsRoomBar)
        #expect(state.terminalTitle == "swchat 127.0.0.1:8080")
    }

    @Test("frames of a room that name none belong to the welcome's room (a server from before rooms on some frames)")
    func roomlessFramesToWelcomeRoom() {
        var state = F.state()
        F.press(.alt(.character("2")), into: &state)
        F.receive(F.frame(.chat, "bob", "no room named", id: 5), into: &state)
        #expect(F.texts(state, "#lobby").last == "no room named")
    }

    @Test("/who is answered where it was typed; a list nobody asked for goes to its room")
    func whoReplies() throws {
        var state = F.state()
        #expect(F.enter("/who dev", into: &state) == [.send("/who dev", room: "lobby")])
        F.receive(
            F.frame(
                .users, "server", "#dev: 3 online: alice, carol, dave", room: "dev", users: ["alice", "carol", "dave"],
                online: 3),
            into: &state)
        #expect(F.texts(state, "#lobby").last == "#dev: 3 online: alice, carol, dave")
        #expect(F.buffer(state, "#dev")?.users == ["alice", "carol", "dave"], "the roster is still the room's")
        F.receive(
            F.frame(
                .users, "server", "the room is down to 2 online", room: "dev", users: ["alice", "carol"], online: 2),
            into: &state)
        #expect(F.texts(state, "#dev").last == "the room is down to 2 online")
        // /who about a room we are not in lists it without making a buffer.
        _ = F.enter("/who ops", into: &state)
        F.receive(
            F.frame(.users, "server", "#ops: 1 online: zed", room: "ops", users: ["zed"], online: 1), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev"])
        #expect(F.texts(state, "#lobby").last == "#ops: 1 online: zed")
    }

    @Test("history is counted per room: each room's replay ends with its own marker, whatever comes between")
    func historyPerRoom() {
        var state = ChatState(serverAddress: "h:1", myName: "alice", size: Size(width: 60, height: 12))
        _ = state.apply(.connected, now: F.t0)
        F.receive(
            F.frame(
                .welcome, "server", "Welcome", room: "lobby", to: "alice", users: ["alice"], history: 1,
                rooms: ["lobby", "dev"]),
            into: &state)
        F.receive(F.frame(.topic, "bob", "lobby topic", room: "lobby"), into: &state)
        F.receive(F.frame(.chat, "bob", "old lobby", room: "lobby", id: 1, replay: true), into: &state)
        F.receive(F.frame(.users, "server", "#dev: 1 online", room: "dev", users: ["alice"], history: 2), into: &state)
        F.receive(F.frame(.topic, "carol", "dev topic", room: "dev"), into: &state)
        F.receive(F.frame(.chat, "carol", "old dev 1", room: "dev", id: 1, replay: true), into: &state)
        // A live line in the lobby does not end dev's history.
        F.receive(F.frame(.chat, "bob", "live lobby", room: "lobby", id: 2), into: &state)
        F.receive(F.frame(.chat, "carol", "old dev 2", room: "dev", id: 2, replay: true), into: &state)
        F.receive(F.frame(.chat, "carol", "live dev", room: "dev", id: 3), into: &state)
        #expect(
            F.texts(state, "#lobby") == [
                "connected to h:1", "Welcome", "topic: lobby topic (set by bob)", "old lobby", "-- end of history --",
                "live lobby",
            ])
        #expect(
            F.texts(state, "#dev") == [
                "#dev: 1 online", "topic: dev topic (set by carol)", "old dev 1", "old dev 2", "-- end of history --",
                "live dev",
            ])
    }

    @Test("a reconnect's replay is deduplicated per room: the same id in two rooms is two messages")
    func dedupePerRoom() {
        var state = F.state()
        F.receive(F.frame(.chat, "bob", "lobby seven", room: "lobby", id: 7), into: &state)
        F.receive(F.frame(.chat, "carol", "dev seven", room: "dev", id: 7), into: &state)
        _ = state.apply(.disconnected(reason: "gone"), now: F.t0)
        _ = state.apply(.connected, now: F.t0)
        var welcome = F.greeting()[0]
        welcome.history = 1
        F.receive(welcome, into: &state)
        F.receive(F.frame(.chat, "bob", "lobby seven", room: "lobby", id: 7, replay: true), into: &state)
        var dev = F.greeting()[1]
        dev.history = 1
        F.receive(dev, into: &state)
        F.receive(F.frame(.chat, "carol", "dev seven", room: "dev", id: 7, replay: true), into: &state)
        #expect(F.texts(state, "#lobby").filter { $0 == "lobby seven" }.count == 1)
        #expect(F.texts(state, "#dev").filter { $0 == "dev seven" }.count == 1)
        #expect(!F.texts(state, "#dev").contains("-- end of history --"), "nothing new was shown")
    }

    @Test(
        "disconnected: every buffer says so and its roster goes stale; the welcome and each room's roster revive them")
    func reconnectRosters() throws {
        var state = F.state()
        _ = state.apply(.disconnected(reason: "gone"), now: F.t0)
        #expect(state.buffers.allSatisfy { $0.rosterIsStale })
        #expect(state.buffers.allSatisfy { $0.entries.last?.text == "disconnected: gone" })
        _ = state.apply(.connecting, now: F.t0)
        _ = state.apply(.connected, now: F.t0)
        F.receive(F.greeting()[0], into: &state)
        #expect(F.buffer(state, "#lobby")?.rosterIsStale == false)
        #expect(F.buffer(state, "#dev")?.rosterIsStale == true, "until its own roster comes")
        F.receive(F.greeting()[1], into: &state)
        #expect(F.buffer(state, "#dev")?.rosterIsStale == false)
        #expect(F.texts(state, "#dev").suffix(2) == ["connected to 127.0.0.1:8080", "#dev: 2 online: alice, carol"])
    }

    @Test("a reconnect that does not rejoin a room leaves its buffer, marked as not joined, out of the next hello")
    func notRejoined() {
        var state = F.state()
        _ = state.apply(.disconnected(reason: "gone"), now: F.t0)
        _ = state.apply(.connected, now: F.t0)
        F.receive(F.greeting(rooms: ["lobby"])[0], into: &state)
        #expect(F.buffer(state, "#dev")?.joined == false)
        #expect(F.texts(state, "#dev").last?.contains("not back in this room") == true)
        #expect(state.joinedRooms == ["lobby"])
    }

    @Test("renames: each room's roster, our own name, and a conversation follows the person renamed")
    func renames() {
        var state = F.state()
        F.receive(F.frame(.private, "carol", "hi", id: 1, to: "alice"), into: &state)
        F.receive(F.frame(.rename, "carol", "caro", room: "dev"), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "@caro"])
        #expect(F.buffer(state, "#dev")?.users == ["alice", "caro"])
        #expect(F.texts(state, "@caro").last == "carol is now known as caro")
        F.receive(F.frame(.rename, "alice", "ally", room: "lobby"), into: &state)
        F.receive(F.frame(.rename, "alice", "ally", room: "dev"), into: &state)
        #expect(state.myName == "ally")
        #expect(state.users == ["ally", "bob"])
        #expect(F.buffer(state, "#dev")?.users == ["ally", "caro"])
        #expect(F.buffer(state, "@caro")?.users == ["ally", "caro"])
    }
}
