import ChatProtocol
import Testing

@testable import ChatUI

/// Which messages the log shows across reconnects when the server numbers them: a room's messages by server identity
/// and `seq`, private ones by server identity and `id`, never by `id` alone; another server starts afresh.
@Suite("Resume dedup")
struct ResumeDedupTests {
    typealias F = ResumeFixture

    @Test("after a resume the replay of what was shown is skipped by seq, and what came after it is shown")
    func resumeReplay() {
        var state = F.state()
        F.receive((1...3).map { F.chat(seq: $0) }, into: &state)
        F.reconnect(&state)
        F.receive(
            [F.welcome(server: "9f2c"), F.roster("dev"), F.chat(seq: 2, replay: true), F.chat(seq: 3, replay: true)]
                + [F.chat(seq: 4, replay: true), F.chat(seq: 5)], into: &state)
        #expect(F.chats(state) == ["m1", "m2", "m3", "m4", "m5"])
    }

    @Test("the same seq twice is shown once, live or replayed; each room has its own numbers")
    func sameSeq() {
        var state = F.state()
        F.receive([F.chat(seq: 7), F.chat(seq: 7), F.chat("dev", seq: 7, id: 8, text: "dev's 7")], into: &state)
        #expect(F.chats(state) == ["m7"])
        #expect(F.chats(state, "#dev") == ["dev's 7"])
    }

    @Test("the same id from a restarted server with a new seq is shown: ids prove nothing, seqs do")
    func sameIDNewSeq() {
        var state = F.state()
        F.receive([F.chat(seq: 1, id: 1, text: "hi"), F.chat(seq: 2, id: 2, text: "two")], into: &state)
        F.reconnect(&state)
        // Same identity (the same store), its ids counting from 1 again, bob saying the same again (same sender, text
        // and time: all that an id-based check could compare): the seqs go on, so it is new.
        F.receive(
            [
                F.welcome(server: "9f2c"), F.roster("dev"), F.chat(seq: 3, id: 1, replay: true, text: "hi"),
                F.chat(seq: 4, id: 2),
            ], into: &state)
        #expect(F.chats(state) == ["hi", "two", "hi", "m4"])
    }

    @Test("a private message replayed after a resume is skipped by id; a later one is shown")
    func privates() throws {
        var state = F.state()
        F.receive([F.privateMessage(id: 41, "psst")], into: &state)
        F.reconnect(&state)
        F.receive(
            [
                F.welcome(server: "9f2c"), F.privateMessage(id: 41, "psst", replay: true),
                F.privateMessage(id: 57, "later", replay: true), F.roster("dev"),
            ], into: &state)
        let conversation = try #require(RoomFixture.buffer(state, "@bob"))
        #expect(conversation.entries.filter { $0.sender == "bob" }.map(\.text) == ["psst", "later"])
    }

    @Test("another server: what was seen is forgotten, the log stays, and every room says so in one line")
    func anotherServer() throws {
        var state = F.state()
        F.receive([F.chat(seq: 1, text: "old one"), F.chat("dev", seq: 1, text: "old dev")], into: &state)
        F.receive([F.privateMessage(id: 9, "old psst")], into: &state)
        F.reconnect(&state)
        F.receive(
            [
                F.welcome(server: "e0e0"), F.roster("dev"), F.chat(seq: 1, replay: true, text: "new one"),
                F.privateMessage(id: 9, "new psst"),
            ], into: &state)
        #expect(F.chats(state) == ["old one", "new one"])
        for label in ["#lobby", "#dev"] {
            let texts = RoomFixture.texts(state, label)
            #expect(texts.filter { $0 == ChatState.otherServerText }.count == 1, "\(label): \(texts)")
        }
        #expect(!RoomFixture.texts(state, "@bob").contains(ChatState.otherServerText), "conversations are no rooms")
        let conversation = try #require(RoomFixture.buffer(state, "@bob"))
        #expect(conversation.entries.filter { $0.sender == "bob" }.map(\.text) == ["old psst", "new psst"])
        #expect(state.serverIdentity == "e0e0")

        // The same (new) server again says nothing more.
        F.reconnect(&state)
        F.receive([F.welcome(server: "e0e0"), F.roster("dev")], into: &state)
        #expect(RoomFixture.texts(state, "#lobby").filter { $0 == ChatState.otherServerText }.count == 1)
    }

    @Test("the first welcome, and a server from before resume, say nothing of another server")
    func firstWelcome() {
        var state = F.state(server: nil)
        F.reconnect(&state)
        F.receive([F.welcome(server: nil), F.roster("dev")], into: &state)
        #expect(!RoomFixture.texts(state, "#lobby").contains(ChatState.otherServerText))
        let fresh = F.state()
        #expect(!RoomFixture.texts(fresh, "#lobby").contains(ChatState.otherServerText))
    }

    @Test("a gap is one line in its room, the count with thousands separators")
    func gap() {
        var state = F.state()
        let gap = Message(
            type: .gap, dataSource: "server", data: "2,345 messages not shown", room: "dev", before: 2446, after: 100,
            missing: 2345)
        F.receive([gap], into: &state)
        #expect(RoomFixture.texts(state, "#dev").last == "-- 2,345 messages not shown --")
        #expect(!RoomFixture.texts(state, "#lobby").contains { $0.contains("not shown") })
        F.receive([Message(type: .gap, dataSource: "server", room: "dev", missing: 1)], into: &state)
        #expect(RoomFixture.texts(state, "#dev").last == "-- 1 message not shown --")
    }

    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (2345, "2,345"), (1_234_567, "1,234,567")])
    func grouped(number: Int, text: String) {
        #expect(number.grouped == text)
    }

    @Test("a join's roster with the room's seq and no history count (its replay read from the store) answers the join")
    func joinFromStore() throws {
        var state = F.state()
        _ = RoomFixture.enter("/join ops", into: &state)
        F.receive(
            [
                Message(
                    type: .users, dataSource: "server", data: "#ops: 1 online: alice", users: ["alice"], room: "ops",
                    seq: 3),
                F.chat("ops", seq: 2, replay: true), F.chat("ops", seq: 3, replay: true),
                Message(type: .replayEnd, dataSource: "server", room: "ops", seq: 3),
            ], into: &state)
        #expect(state.current.id == .room("ops"), "the room asked for is shown")
        let ops = try #require(RoomFixture.buffer(state, "#ops"))
        #expect(ops.users == ["alice"] && ops.joined)
        #expect(F.chats(state, "#ops") == ["m2", "m3"])
        #expect(!RoomFixture.texts(state, "#lobby").contains { $0.contains("#ops: 1 online") }, "not a /who answer")
    }

    @Test("a resume's replay_end ends the room's replay without a line")
    func replayEnd() {
        var state = F.state()
        F.receive([F.chat(seq: 1)], into: &state)
        F.reconnect(&state)
        F.receive(
            [F.welcome(server: "9f2c"), F.roster("dev", history: 3), F.chat("dev", seq: 5, replay: true)], into: &state)
        let before = RoomFixture.texts(state, "#dev")
        F.receive([Message(type: .replayEnd, dataSource: "server", room: "dev", seq: 5)], into: &state)
        #expect(RoomFixture.texts(state, "#dev") == before)
        #expect(RoomFixture.buffer(state, "#dev")?.historyPending == 0)
    }
}
