import ChatServer
import Testing

@testable import ChatStore

/// The SQLite store answers every call as the in-memory store does (within the memory store's limits), apart from
/// what does not outlive a process: read back, a sender is `MemberID(0)` and a room's id `RoomID(0)`.
@Suite("SQLite store answers as the memory store does")
struct MemoryParityTests {
    /// What of a message both stores must agree on.
    struct Seen: Equatable {
        var id: UInt64
        var seq: UInt64
        var text: String
        var sender: String
        var senderSession: UInt64
        var kind: Post.Kind
        var room: String?
        var recipient: String?

        init(_ message: StoredMessage) {
            self.id = message.id
            self.seq = message.seq
            self.text = message.post.text
            self.sender = message.post.senderName
            self.senderSession = message.post.senderSession
            self.kind = message.post.kind
            self.room = message.room?.name
            if case .person(_, let name, _) = message.post.destination { self.recipient = name }
        }
    }

    @Test("the same appends, then the same questions: the same answers")
    func parity() async throws {
        let fixture = try StoreFixture()
        let (sqlite, _) = try await fixture.open()
        let memory = try await value(
            of: fixture.loop.submit { StoreCalls(store: MemoryMessageStore(), loop: fixture.loop) })
        var posts: [Post] = []
        for index in 1...90 {
            switch index % 6 {
            case 0: posts.append(Posts.whisper("w\(index)", from: "a", session: 1, to: "b", session: 2))
            case 1: posts.append(Posts.whisper("w\(index)", from: "b", session: 2, to: "c", session: 3))
            case 2: posts.append(Posts.chat("me\(index)", in: "Dev", kind: .action))
            case 3: posts.append(Posts.chat("d\(index)", in: "Dev", session: 4))
            default: posts.append(Posts.chat("l\(index)", in: "lobby"))
            }
        }
        let fromSQLite = try await sqlite.calls.stored(posts).map(Seen.init)
        let fromMemory = try await memory.stored(posts).map(Seen.init)
        #expect(fromSQLite == fromMemory)

        for key in ["lobby", "dev", "none"] {
            for (after, through, limit) in [(0, UInt64.max, 1000), (3, 10, 4), (5, 5, 10), (0, 20, 0), (10, 3, 5)] {
                let a = try await sqlite.calls.after(key, UInt64(after), through: through, limit: limit).map(Seen.init)
                let b = try await memory.after(key, UInt64(after), through: through, limit: limit).map(Seen.init)
                #expect(a == b, "\(key) after \(after) through \(through) limit \(limit)")
            }
            for (before, limit) in [(UInt64.max, 5), (10, 3), (3, 10), (1, 1), (0, 4), (20, 0)] {
                let a = try await sqlite.calls.before(key, before, limit: limit)
                let b = try await memory.before(key, before, limit: limit)
                #expect(
                    a.messages.map(Seen.init) == b.messages.map(Seen.init), "\(key) before \(before) limit \(limit)")
                #expect(a.more == b.more, "\(key) before \(before) limit \(limit): more")
            }
        }
        for session in [0, 1, 2, 3, 4] as [UInt64] {
            for (after, limit) in [(0, 1000), (30, 3), (0, 0)] as [(UInt64, Int)] {
                let a = try await sqlite.calls.privates(session, after: after, limit: limit).map(Seen.init)
                let b = try await memory.privates(session, after: after, limit: limit).map(Seen.init)
                #expect(a == b, "session \(session) after \(after) limit \(limit)")
            }
        }
        try await sqlite.calls.close()
        try await memory.close()
    }
}
