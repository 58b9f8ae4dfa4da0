import ChatProtocol

@testable import ChatUI

/// Frames of a server that numbers its messages (protocol.md, "History and resume"), and a client greeted by one.
enum ResumeFixture {
    static let t0 = ScreenTests.t0

    /// A welcome from server `server` into `rooms` (the first one's roster in it; `history` replayed frames follow).
    static func welcome(
        server: String?, session: String? = "token", rooms: [String] = ["lobby", "dev"], history: Int = 0
    ) -> Message {
        Message(
            type: .welcome, dataSource: "server", data: "Welcome to swchat, alice!",
            ts: Timestamp.format(millisecondsSince1970: t0), users: ["alice", "bob"], to: "alice", online: 2,
            history: history, room: rooms.first, rooms: rooms.map { RoomInfo(name: $0) }, server: server,
            session: session)
    }

    /// A further room's roster after the welcome.
    static func roster(_ room: String, history: Int = 0) -> Message {
        Message(
            type: .users, dataSource: "server", data: "#\(room): 2 online: alice, carol",
            ts: Timestamp.format(millisecondsSince1970: t0), users: ["alice", "carol"], online: 2, history: history,
            room: room)
    }

    /// Message `seq` of a room: "m<seq>" from bob (its id is the seq unless given).
    static func chat(
        _ room: String = "lobby", seq: UInt64, id: UInt64? = nil, replay: Bool = false, text: String? = nil,
        at: Int64 = t0
    ) -> Message {
        Message(
            type: .chat, dataSource: "bob", data: text ?? "m\(seq)", id: id ?? seq,
            ts: Timestamp.format(millisecondsSince1970: at), replay: replay ? true : nil, room: room, seq: seq)
    }

    /// A private message from bob to alice.
    static func privateMessage(id: UInt64, _ text: String, replay: Bool = false) -> Message {
        Message(
            type: .private, dataSource: "bob", data: text, id: id, ts: Timestamp.format(millisecondsSince1970: t0),
            to: "alice", replay: replay ? true : nil)
    }

    /// The end of a page of older history.
    static func pageEnd(_ room: String = "lobby", before: UInt64, more: Bool) -> Message {
        Message(type: .replayEnd, dataSource: "server", room: room, before: before, more: more)
    }

    /// alice, connected to `server` and greeted in `rooms`, on a `width` x `height` screen.
    static func state(
        server: String? = "9f2c", rooms: [String] = ["lobby", "dev"], width: Int = 60, height: Int = 12,
        scrollback: Int = 10_000
    ) -> ChatState {
        var state = ChatState(
            serverAddress: "127.0.0.1:8080", myName: "alice", size: Size(width: width, height: height),
            scrollbackLimit: scrollback)
        _ = state.update(.connected, now: t0)
        _ = state.update(.frame(welcome(server: server, rooms: rooms)), now: t0)
        for room in rooms.dropFirst() { _ = state.update(.frame(roster(room)), now: t0) }
        return state
    }

    /// Feeds frames. - Returns: the effects of them all.
    @discardableResult
    static func receive(_ messages: [Message], into state: inout ChatState) -> [ChatEffect] {
        messages.flatMap { state.update(.frame($0), now: t0) }
    }

    /// Loses the connection and gets it back (the welcome is the caller's).
    static func reconnect(_ state: inout ChatState) {
        _ = state.update(.disconnected(reason: "the server closed the connection"), now: t0)
        _ = state.update(.connecting, now: t0)
        _ = state.update(.connected, now: t0)
    }

    /// The chat texts of a buffer, in log order.
    static func chats(_ state: ChatState, _ label: String = "#lobby") -> [String] {
        (RoomFixture.buffer(state, label)?.entries ?? []).filter { $0.kind == .chat }.map(\.text)
    }

    /// The history requests among effects.
    static func requests(_ effects: [ChatEffect]) -> [ChatEffect] {
        effects.filter { if case .history = $0 { true } else { false } }
    }
}
