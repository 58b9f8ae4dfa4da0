import ChatProtocol
import NIOCore
import Testing

@testable import ChatServer

/// Resumes over real sockets: what a client that was away gets, in order, once.
@Suite("Resume integration")
struct ResumeIntegrationTests {
    /// The chat frames of a room up to its `replay_end`.
    static func replay(of room: String, on client: TestClient) async throws -> [Message] {
        var replayed: [Message] = []
        var frame = try await client.nextFrame()
        while !(frame.type == .replayEnd && frame.room == room) {
            if frame.type == .chat { replayed.append(frame) }
            frame = try await client.nextFrame()
        }
        return replayed
    }

    @Test(
        "away while 300 messages pass: a resume replays exactly those 300, then replay_end, then live ones, none twice")
    func resumeAfter300() async throws {
        try await withServer({ $0.room.floodLimit = nil }) { server in
            let (alice, welcome) = try await RoomsIntegrationTests.join(
                port: server.port, name: "alice", rooms: ["lobby", "dev"])
            let (bob, _) = try await RoomsIntegrationTests.join(
                port: server.port, name: "bob", rooms: ["lobby", "dev"])
            try await bob.send(#"{"data":"seen"}"#)
            let seen = try await alice.frame { $0.type == .chat && $0.data == "seen" }
            let lastSeen = try #require(seen.seq)
            await alice.close()
            _ = try await bob.frame { $0.type == .leave && $0.dataSource == "alice" }
            for index in 0..<300 { try await bob.send(#"{"data":"missed \#(index)"}"#) }
            _ = try await bob.frame { $0.data == "missed 299" }

            let back = try await TestClient.connect(port: server.port)
            let hello = Message(
                type: .hello, data: "alice", rooms: [RoomInfo(name: "lobby"), RoomInfo(name: "dev")],
                server: welcome.server, session: welcome.session, since: ["lobby": lastSeen, "dev": 0])
            try await back.send(MessageCoder.encodeString(hello))
            let again = try await back.frame { $0.type == .welcome }
            #expect(again.to == "alice" && again.server == welcome.server && again.session == welcome.session)
            // Sent while the replay is on its way: it must come after replay_end.
            try await bob.send(#"{"data":"live"}"#)
            let replayed = try await Self.replay(of: "lobby", on: back)
            #expect(replayed.count == 300)
            #expect(replayed.map(\.data) == (0..<300).map { "missed \($0)" })
            #expect(replayed.allSatisfy { $0.replay == true })
            #expect(replayed.map(\.seq) == (1...300).map { lastSeen + UInt64($0) })
            let live = try await back.frame { $0.type == .chat }
            #expect(live.data == "live" && live.replay == nil)
            try await bob.send(#"{"data":"after"}"#)
            let after = try await back.frame { $0.type == .chat }
            #expect(after.data == "after", "nothing twice in between")
        }
    }
}
