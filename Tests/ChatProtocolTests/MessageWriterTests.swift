import Foundation
import Testing

@testable import ChatProtocol

/// The hand-written encoder must produce exactly what Foundation's JSONEncoder (sorted keys) does, and decode back.
@Suite("MessageWriter")
struct MessageWriterTests {
    static let strings = [
        "", "hello", "quote \" and backslash \\ and slash /", "tab\there\nnewline\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}",
        "你好，世界 🙂 👍🏽 e\u{301}", "\u{2028}\u{2029}", String(repeating: "x", count: 5000),
    ]

    static func foundation(_ message: Message) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(message), as: UTF8.self)
    }

    @Test("same bytes as JSONEncoder with sorted keys, for every field and awkward strings", arguments: strings)
    func matchesFoundation(text: String) throws {
        let messages = [
            Message(dataSource: text, data: text),
            Message(
                type: .welcome, dataSource: "server", data: text, id: 42, ts: "2026-11-21T12:00:00.000Z",
                users: [text, "b", ""], to: text, replay: true),
            Message(type: .private, dataSource: "a", data: text, id: UInt64.max, to: "b", replay: false),
            Message(type: .users, dataSource: "server", data: text, users: []),
            Message(
                type: .join, dataSource: "server", data: text, ts: "2026-11-21T12:00:00.000Z", users: [], online: 10_003
            ),
            Message(type: .leave, dataSource: "server", data: text, online: 0),
            Message(type: .welcome, dataSource: "server", data: text, floodBurst: 10, floodRate: 5, history: 3),
            Message(type: .welcome, dataSource: "server", data: text, floodBurst: 1, floodRate: 2.5, history: 0),
            Message(
                type: .welcome, dataSource: "server", data: text, users: ["a"], to: "a", history: 0, room: text,
                rooms: [RoomInfo(name: text), RoomInfo(name: "dev")]),
            Message(
                type: .rooms, dataSource: "server", data: text,
                rooms: [
                    RoomInfo(name: "dev", online: 3, topic: text), RoomInfo(name: text, online: 0),
                    RoomInfo(name: "x", topic: ""),
                ]),
            Message(type: .topic, dataSource: "alice", data: text, room: "dev"),
            Message(type: .chat, dataSource: "a", data: text, room: "中文", rooms: []),
            Message(type: .chat, dataSource: "a", data: text, id: 9, room: "dev", seq: 1234),
            Message(
                type: .welcome, dataSource: "server", data: text, to: "a", server: text, session: "0f" + text,
                seqs: ["lobby": 3, "dev": 0, "中文": UInt64.max, "Z": 1]),
            Message(
                type: .hello, data: text, server: "s", session: text, since: ["lobby": 1234, "dev": 88],
                privateSince: 7),
            Message(type: .history, room: "dev", before: 1200, limit: 100),
            Message(type: .gap, dataSource: "server", data: text, room: "dev", before: 2446, after: 100, missing: 2345),
            Message(type: .replayEnd, dataSource: "server", data: "", room: "dev", seq: 5, more: false),
            Message(type: .replayEnd, dataSource: "server", data: "", room: "dev", before: 3, more: true),
        ]
        let coder = MessageCoder()
        for message in messages {
            let ours = MessageCoder.encodeString(message)
            #expect(ours == (try Self.foundation(message)))
            #expect((try coder.decode(ours)) == message)
        }
    }

    @Test("one line: nothing in any field can produce a newline inside the frame")
    func oneLine() {
        let line = MessageCoder.encodeLine(Message(dataSource: "a\nb", data: "c\r\nd", users: ["e\n"]))
        #expect(line.readableBytesView.filter { $0 == 10 }.count == 1)
        #expect(line.readableBytesView.last == 10)
    }
}
