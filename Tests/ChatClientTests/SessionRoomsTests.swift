import ChatClient
import ChatProtocol
import ChatServer
import Testing

/// A session in rooms against the real server: the hello asks for the rooms, lines go to the room they name, and a
/// reconnect's hello asks for the rooms the UI last said it is in.
@Suite("Session rooms")
struct SessionRoomsTests {
    typealias Recorder = SessionTests.Recorder

    /// Whether an event is a frame of `type` in `room` (for welcomes: listing `rooms`).
    static func isFrame(_ event: SessionEvent, _ type: MessageType, room: String? = nil, rooms: [String]? = nil) -> Bool
    {
        guard case .received(let message) = event, message.type == type else { return false }
        if let room, message.room != room { return false }
        if let rooms, message.rooms?.map(\.name) != rooms { return false }
        return true
    }

    @Test("the hello's rooms are joined; a line names its room; a reconnect rejoins the rooms last set")
    func helloRooms() async throws {
        var server = try await SessionTests.startServer()
        let port = server.port
        let recorder = Recorder()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.1, maximum: 0.2, jitter: 0)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "alice", rooms: ["lobby", "dev"],
            configuration: configuration
        ) { recorder.record($0) }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "a welcome in lobby and dev") {
            Self.isFrame($0, .welcome, room: "lobby", rooms: ["lobby", "dev"])
        }
        try await recorder.wait(for: "dev's roster") { Self.isFrame($0, .users, room: "dev") }
        session.send("ship it", room: "dev")
        try await recorder.wait(for: "the line in dev") { event in
            guard case .received(let message) = event else { return false }
            return message.type == .chat && message.data == "ship it" && message.room == "dev"
        }

        // The UI joined ops and left dev: the next hello asks for lobby and ops.
        session.setRooms(["lobby", "ops"])
        #expect(session.rooms == ["lobby", "ops"])
        await server.shutdown()
        try await recorder.wait(for: "disconnected") { if case .disconnected = $0 { true } else { false } }
        server = try await SessionTests.startServer(port: port)
        try await recorder.wait(for: "a welcome in lobby and ops") {
            Self.isFrame($0, .welcome, room: "lobby", rooms: ["lobby", "ops"])
        }
        await session.stop()
        try await SessionTests.finish(runner)
        await server.shutdown()
    }

    @Test("without rooms the hello names none: the server's default room")
    func noRooms() async throws {
        let server = try await SessionTests.startServer()
        let recorder = Recorder()
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: server.port), name: "bob") {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "a welcome in lobby only") { Self.isFrame($0, .welcome, rooms: ["lobby"]) }
        session.setRooms([])
        #expect(session.rooms.isEmpty)
        await session.stop()
        try await SessionTests.finish(runner)
        await server.shutdown()
    }
}
