import ChatProtocol
import Testing

@testable import ChatUI

/// What typed lines do in rooms and conversations: the room they go to, /join, /part, /close, /query, completion,
/// and the rooms a reconnect asks for.
@Suite("Room commands")
struct RoomCommandTests {
    typealias F = RoomFixture

    @Test("a line goes out with the room shown; commands too")
    func outgoingRoom() {
        var state = F.state()
        #expect(F.enter("hello", into: &state) == [.send("hello", room: "lobby")])
        F.press(.alt(.character("2")), into: &state)
        #expect(F.enter("ship it", into: &state) == [.send("ship it", room: "dev")])
        #expect(F.enter("/topic release friday", into: &state) == [.send("/topic release friday", room: "dev")])
        #expect(F.enter("/me waves", into: &state) == [.send("/me waves", room: "dev")])
    }

    @Test("/join asks the server; the room appears, and is shown, when its roster comes")
    func join() {
        var state = F.state()
        #expect(F.enter("/join #ops", into: &state) == [.send("/join #ops", room: "lobby")])
        #expect(F.labels(state) == ["#lobby", "#dev"], "nothing until the server answers")
        F.receive(
            F.frame(.users, "server", "#ops: 2 online: alice, zed", room: "ops", users: ["alice", "zed"], history: 0),
            into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "#ops"])
        #expect(F.label(state) == "#ops")
        #expect(state.users == ["alice", "zed"])
        #expect(state.joinedRooms == ["lobby", "dev", "ops"])
    }

    @Test("/join of a room we are in just shows it, with no round trip")
    func joinJoined() {
        var state = F.state()
        #expect(F.enter("/join DEV", into: &state) == [])
        #expect(F.label(state) == "#dev")
        #expect(F.enter("/j #lobby", into: &state) == [])
        #expect(F.label(state) == "#lobby")
    }

    @Test("/part: the server's word closes the membership; the buffer stays, saying so, until /close")
    func part() throws {
        var state = F.state()
        F.press(.alt(.character("2")), into: &state)
        #expect(F.enter("/part lunch", into: &state) == [.send("/part lunch", room: "dev")])
        #expect(state.joinedRooms == ["lobby"], "a room being left is not rejoined by a reconnect")
        F.receive(F.frame(.system, "server", "you left #dev", room: "dev"), into: &state)
        let dev = try #require(F.buffer(state, "#dev"))
        #expect(!dev.joined)
        #expect(dev.entries.last?.text == "you left #dev")
        #expect(state.users.isEmpty)
        let lines = ScreenTests.render(state).lines
        #expect(lines[0].hasSuffix("│ (not joined)"))
        #expect(lines[10].contains("in #dev (not joined)"))
        // Typing there is refused here; /join goes back (with no room named: the server refuses frames for a room
        // we are not in).
        #expect(F.enter("anyone?", into: &state) == [])
        #expect(state.entries.last?.text.hasPrefix("you are not in #dev") == true)
        #expect(F.enter("/join dev", into: &state) == [.send("/join dev")])
        F.receive(
            F.frame(.users, "server", "#dev: 2 online", room: "dev", users: ["alice", "carol"], history: 0),
            into: &state)
        #expect(F.buffer(state, "#dev")?.joined == true)
        #expect(F.labels(state) == ["#lobby", "#dev"], "the same buffer, its log kept")
    }

    @Test("/part #room from another room leaves that one; /part in a conversation is refused")
    func partNamed() {
        var state = F.state()
        #expect(F.enter("/part #dev", into: &state) == [.send("/part #dev", room: "lobby")])
        #expect(state.joinedRooms == ["lobby"])
        _ = F.enter("/query bob", into: &state)
        #expect(F.enter("/part", into: &state) == [])
        #expect(state.entries.last?.kind == .error)
    }

    @Test("/close: a conversation closes locally; a room we are in is left and closed at once, its last frames dropped")
    func close() {
        var state = F.state()
        _ = F.enter("/query bob", into: &state)
        #expect(F.label(state) == "@bob")
        #expect(F.enter("/close", into: &state) == [])
        #expect(F.labels(state) == ["#lobby", "#dev"])
        #expect(F.label(state) == "#dev", "the left neighbour is shown")
        #expect(F.enter("/close", into: &state) == [.send("/part #dev", room: "dev")])
        #expect(F.labels(state) == ["#lobby"])
        F.receive(F.frame(.chat, "carol", "late", room: "dev", id: 9), into: &state)
        #expect(F.labels(state) == ["#lobby"], "a frame still on its way does not bring the room back")
        F.receive(F.frame(.system, "server", "you left #dev", room: "dev"), into: &state)
        #expect(state.entries.last?.text == "you left #dev")
        F.receive(F.frame(.users, "server", "#dev: 1", room: "dev", users: ["alice"], history: 0), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev"], "after the server's word, a new join opens it again")
        F.press(.alt(.character("1")), into: &state)
        _ = F.enter("/close", into: &state)
        _ = F.enter("/close", into: &state)
        #expect(F.labels(state) == ["#dev"])
        #expect(state.entries.last?.text.hasPrefix("nothing to close") == true, "the last buffer stays")
    }

    @Test("in a conversation a plain line is a private message; //text is the text /text; /me is refused")
    func conversationLines() {
        var state = F.state()
        #expect(F.enter("/query bob", into: &state) == [])
        #expect(F.label(state) == "@bob")
        #expect(F.enter("lunch?", into: &state) == [.send("/msg bob lunch?")])
        #expect(F.enter("//shrug", into: &state) == [.send("/msg bob /shrug")])
        #expect(F.enter("/me waves", into: &state) == [])
        #expect(F.enter("/who", into: &state) == [.send("/who")])
        #expect(F.enter("/query carol hi there", into: &state) == [.send("/msg carol hi there")])
        #expect(F.label(state) == "@carol")
    }

    @Test("/msg NAME TEXT only sends: the server's echo opens the conversation, not shown; /msg NAME opens it")
    func msg() {
        var state = F.state()
        #expect(F.enter("/msg bob psst", into: &state) == [.send("/msg bob psst", room: "lobby")])
        #expect(F.labels(state) == ["#lobby", "#dev"])
        F.receive(F.frame(.private, "alice", "psst", id: 4, to: "bob"), into: &state)
        #expect(F.labels(state) == ["#lobby", "#dev", "@bob"])
        #expect(F.label(state) == "#lobby")
        #expect(F.buffer(state, "@bob")?.unread == 0, "our own message is not unread")
        #expect(F.enter("/msg carol", into: &state) == [])
        #expect(F.label(state) == "@carol")
    }

    @Test("Tab completes the room commands, and room names after /join (with or without #)")
    func completion() {
        var state = F.state()
        F.receive(
            Message(
                type: .rooms, dataSource: "server", data: "3 rooms",
                rooms: [
                    RoomInfo(name: "lobby", online: 2), RoomInfo(name: "ops", online: 1),
                    RoomInfo(name: "中文", online: 1),
                ]),
            into: &state)
        for character in "/jo" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/join ")
        for character in "#o" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/join #ops ")
        F.press(.control("u"), into: &state)
        for character in "/join 中" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/join 中文 ")
        F.press(.control("u"), into: &state)
        for character in "/part #" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/part #lobby ")
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/part #dev ", "only rooms we are in")
        F.press(.control("u"), into: &state)
        for (prefix, command) in [
            ("/par", "/part "), ("/ro", "/rooms "), ("/to", "/topic "), ("/cl", "/clear "), ("/q", "/quit "),
        ] {
            for character in prefix { _ = state.apply(.key(.character(character)), now: F.t0) }
            F.press(.tab, into: &state)
            #expect(state.editor.text == command)
            F.press(.control("u"), into: &state)
        }
        for character in "/clo" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "/close ")
    }

    @Test("names complete from the room shown")
    func namesPerRoom() {
        var state = F.state()
        F.press(.alt(.character("2")), into: &state)
        for character in "b" { _ = state.apply(.key(.character(character)), now: F.t0) }
        F.press(.tab, into: &state)
        #expect(state.editor.text == "b", "bob is in the lobby, not in #dev")
        F.press(.control("u"), into: &state)
        _ = state.apply(.key(.character("c")), now: F.t0)
        F.press(.tab, into: &state)
        #expect(state.editor.text == "carol: ")
    }

    @Test("the rooms a reconnect asks for follow joins and parts, in bar order")
    func joinedRooms() {
        var state = F.state()
        #expect(state.joinedRooms == ["lobby", "dev"])
        _ = F.enter("/join ops", into: &state)
        F.receive(F.frame(.users, "server", "#ops", room: "ops", users: ["alice"], history: 0), into: &state)
        #expect(state.joinedRooms == ["lobby", "dev", "ops"])
        _ = F.enter("/part", into: &state)
        F.receive(F.frame(.system, "server", "you left #ops", room: "ops"), into: &state)
        #expect(state.joinedRooms == ["lobby", "dev"])
        _ = F.enter("/query bob", into: &state)
        #expect(state.joinedRooms == ["lobby", "dev"], "conversations are no rooms")
        // A reconnect then asks for those: the welcome lists them and nothing is marked as lost.
        _ = state.apply(.disconnected(reason: "gone"), now: F.t0)
        _ = state.apply(.connected, now: F.t0)
        for message in F.greeting(rooms: ["lobby", "dev"]) { F.receive(message, into: &state) }
        #expect(state.joinedRooms == ["lobby", "dev"])
        #expect(F.buffer(state, "#ops")?.joined == false)
        #expect(F.texts(state, "#ops").contains { $0.contains("not back") } == false, "it was left on purpose")
    }
}
