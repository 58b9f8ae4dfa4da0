import ChatProtocol

@testable import ChatUI

/// A client in rooms, as a rooms server greets it: alice in `#lobby` (with bob) and `#dev` (with carol).
enum RoomFixture {
    static let t0 = ScreenTests.t0

    /// A frame from the server at `t0`.
    static func frame(
        _ type: MessageType, _ source: String, _ data: String, room: String? = nil, id: UInt64? = nil,
        to: String? = nil, users: [String]? = nil, online: Int? = nil, history: Int? = nil, replay: Bool? = nil,
        rooms: [String]? = nil
    ) -> Message {
        Message(
            type: type, dataSource: source, data: data, id: id, ts: Timestamp.format(millisecondsSince1970: t0),
            users: users, to: to, replay: replay, online: online, history: history, room: room,
            rooms: rooms.map { $0.map { RoomInfo(name: $0) } })
    }

    /// The welcome for `rooms` (the first one's roster in it), then each further room's roster.
    static func greeting(rooms: [String] = ["lobby", "dev"]) -> [Message] {
        let first = rooms.first ?? "lobby"
        var frames = [
            frame(
                .welcome, "server", "Welcome to swchat, alice! 2 online.", room: first, to: "alice",
                users: ["alice", "bob"], online: 2, history: 0, rooms: rooms)
        ]
        for room in rooms.dropFirst() {
            frames.append(
                frame(
                    .users, "server", "#\(room): 2 online: alice, carol", room: room, users: ["alice", "carol"],
                    online: 2, history: 0))
        }
        return frames
    }

    /// alice, connected and greeted in `rooms`, on a `width` x `height` screen.
    static func state(rooms: [String] = ["lobby", "dev"], width: Int = 60, height: Int = 12) -> ChatState {
        var state = ChatState(
            serverAddress: "127.0.0.1:8080", myName: "alice", size: Size(width: width, height: height))
        _ = state.apply(.connected, now: t0)
        for message in greeting(rooms: rooms) { _ = state.apply(.frame(message), now: t0) }
        return state
    }

    /// Applies a frame.
    @discardableResult
    static func receive(_ message: Message, into state: inout ChatState) -> [ChatEffect] {
        state.update(.frame(message), now: t0)
    }

    /// Types `line` and presses Enter. - Returns: the effects of Enter.
    static func enter(_ line: String, into state: inout ChatState) -> [ChatEffect] {
        for character in line { _ = state.apply(.key(.character(character)), now: t0) }
        return state.update(.key(.enter), now: t0)
    }

    /// Presses keys. - Returns: the effects of the last.
    @discardableResult
    static func press(_ keys: Key..., into state: inout ChatState) -> [ChatEffect] {
        var effects: [ChatEffect] = []
        for key in keys { effects = state.update(.key(key), now: t0) }
        return effects
    }

    /// The labels of the buffers, in bar order.
    static func labels(_ state: ChatState) -> [String] {
        state.buffers.map { state.label(of: $0) }
    }

    /// The texts of a buffer's log.
    static func texts(_ state: ChatState, _ label: String) -> [String] {
        state.buffers.first { state.label(of: $0) == label }?.entries.map(\.text) ?? []
    }

    /// A buffer by its label.
    static func buffer(_ state: ChatState, _ label: String) -> ChatBuffer? {
        state.buffers.first { state.label(of: $0) == label }
    }
}
