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

/// What a client that asks for history and never reads costs the server.
@Suite("History and slow readers")
struct HistorySlowReaderTests {
    /// The memory store, with reads answered a turn later, as a database's are.
    static let answeringLater = StoreOpener { loop, _ in
        try await loop.submit {
            let store = DeferredStore()
            store.answersOn = loop
            return OpenedStore(store, snapshot: store.memory.snapshot, eventLoop: loop)
        }.get()
    }

    @Test("history pages to a client that never reads: dropped as too slow, not held in memory without end")
    func pagesToANonReader() async throws {
        try await withServer(
            {
                $0.room.floodLimit = nil
                $0.maxQueueBytes = 256 * 1024
                $0.sendBufferBytes = 16 * 1024
            }, store: Self.answeringLater
        ) { server in
            let (writer, _) = try await TestClient.join(port: server.port, name: "writer")
            let line = String(repeating: "h", count: 8000)
            // In steps the writer's own echoes keep up with (its queue is the same small one).
            for index in 0..<300 {
                try await writer.send(#"{"data":"\#(index) \#(line)"}"#)
                if index % 10 == 9 { _ = try await writer.frame { $0.data.hasPrefix("\(index) ") } }
            }
            let stalled = try await TestClient.connect(port: server.port, autoRead: false, receiveBuffer: 4096)
            try await stalled.send(#"{"type":"hello","data":"stalled","rooms":["lobby"]}"#)
            _ = try await writer.frame { $0.type == .join && $0.dataSource == "stalled" }
            // Four pages (the most allowed at once), each answered after the one before went out, and nothing else
            // for it: only the pages can fill its queue.
            for _ in 0..<4 {
                try? await stalled.send(#"{"type":"history","room":"lobby","limit":500}"#)
                try await Task.sleep(for: .milliseconds(100))
            }
            let leave = try? await writer.frame(timeout: .seconds(10)) {
                $0.type == .leave && $0.dataSource == "stalled"
            }
            let dropped = leave != nil
            #expect(dropped, "the stalled client was dropped as too slow")
        }
    }
}
