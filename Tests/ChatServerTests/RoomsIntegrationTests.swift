import ChatProtocol
import NIOCore
import Testing

@testable import ChatServer

/// Rooms over real sockets: JSON and text clients in several rooms at once.
@Suite("Rooms integration")
struct RoomsIntegrationTests {
    /// A JSON client that says hello with `rooms` and waits until every room has answered.
    static func join(port: Int, name: String, rooms: [String]) async throws -> (TestClient, Message) {
        let client = try await TestClient.connect(port: port)
        let list = rooms.map { "\"\($0)\"" }.joined(separator: ",")
        try await client.send(#"{"type":"hello","data":"\#(name)","rooms":[\#(list)]}"#)
        let welcome = try await client.frame { $0.type == .welcome }
        for room in rooms.dropFirst() {
            _ = try await client.frame { $0.type == .users && $0.room == room }
        }
        return (client, welcome)
    }

    @Test("a message reaches exactly the members of its room, in order; a text client's lines name the room")
    func messagesStayInTheirRooms() async throws {
        try await withServer({ $0.room.floodLimit = nil }) { server in
            let (alice, welcome) = try await Self.join(port: server.port, name: "alice", rooms: ["lobby", "dev"])
            #expect(welcome.rooms?.map(\.name) == ["lobby", "dev"])
            let (carol, _) = try await TestClient.join(port: server.port, name: "carol")
            let nc = try await TestClient.connect(port: server.port)
            _ = try await nc.line { $0.hasPrefix("-!- Welcome") }
            try await nc.send("/nick nia")
            try await nc.send("/join #dev")
            _ = try await nc.line { $0.contains("you are talking in #dev") }
            _ = try await alice.frame { $0.type == .join && $0.room == "dev" && $0.dataSource == "nia" }

            for index in 0..<20 {
                try await alice.send(#"{"data":"dev \#(index)","room":"dev"}"#)
            }
            try await alice.send(#"{"data":"lobby line"}"#)
            for index in 0..<20 {
                let line = try await nc.line { $0.contains("alice: dev") }
                #expect(line.hasSuffix("#dev alice: dev \(index)"), "\(line)")
            }
            try await nc.send("from nc")
            let fromNC = try await alice.frame { $0.type == .chat && $0.dataSource == "nia" }
            #expect(fromNC.room == "dev" && fromNC.data == "from nc")
            // carol, in the lobby only, got the lobby line and nothing of #dev.
            let first = try await carol.frame { $0.type == .chat }
            #expect(first.data == "lobby line" && first.room == "lobby")
            #expect(!carol.drain().contains { $0.contains("\"room\":\"dev\"") })
            // The lobby line reaches nc too (it is in the lobby as well), without a room name.
            let lobby = try await nc.line { $0.contains("lobby line") }
            #expect(lobby.hasSuffix("] alice: lobby line"))
        }
    }

    @Test("a reconnecting client restores its rooms with one hello, and gets each room's history")
    func reconnectRestoresRooms() async throws {
        try await withServer { server in
            let (alice, _) = try await Self.join(port: server.port, name: "alice", rooms: ["lobby", "dev", "ops"])
            try await alice.send(#"{"data":"before the drop","room":"ops"}"#)
            _ = try await alice.frame { $0.type == .chat }
            await alice.close()
            let (again, welcome) = try await Self.join(
                port: server.port, name: "alice", rooms: ["lobby", "dev", "ops"])
            #expect(welcome.rooms?.map(\.name) == ["lobby", "dev", "ops"])
            let replay = try await again.frame { $0.type == .chat && $0.replay == true }
            #expect(replay.room == "ops" && replay.data == "before the drop")
            try await again.send(#"{"data":"/rooms"}"#)
            let list = try await again.frame { $0.type == .rooms }
            #expect(Set(list.rooms?.map(\.name) ?? []) == ["lobby", "dev", "ops"])
        }
    }

    @Test("every malformed room frame gets a clear error, and the connection and the rooms carry on")
    func badRoomFrames() async throws {
        try await withServer { server in
            let (alice, _) = try await Self.join(port: server.port, name: "alice", rooms: ["lobby", "dev"])
            let (bob, _) = try await Self.join(port: server.port, name: "bob", rooms: ["dev"])
            let bad = [
                #"{"data":"x","room":5}"#, #"{"data":"x","room":["dev"]}"#, #"{"data":"x","room":"nope"}"#,
                #"{"data":"x","room":"a b"}"#, #"{"data":"/join"}"#, #"{"data":"/join dev"}"#,
                #"{"data":"/part #ops"}"#, #"{"data":"/who no!"}"#,
            ]
            for frame in bad {
                try await alice.send(frame)
                let error = try await alice.frame { $0.type == .error }
                #expect(!error.data.isEmpty, "\(frame)")
            }
            try await alice.send(#"{"data":"still here","room":"dev"}"#)
            let chat = try await bob.frame { $0.type == .chat }
            #expect(chat.data == "still here" && chat.room == "dev")
            #expect(!bob.drain().contains { $0.contains("\"type\":\"error\"") })
        }
    }
}
