import ChatProtocol
import Testing

@testable import ChatServer

@Suite("RoomHistory")
struct RoomHistoryTests {
    static func message(_ id: UInt64, bytes: Int = 10) -> StoredMessage {
        StoredMessage(
            id: id, seq: id,
            post: Post(
                kind: .chat, destination: .room(RoomRef(id: RoomID(1), name: "r")), sender: MemberID(1),
                senderName: "a", text: String(repeating: "x", count: bytes), wallMilliseconds: 0))
    }

    @Test("keeps the last `capacity` messages, oldest first")
    func count() {
        var history = RoomHistory(capacity: 3, byteLimit: 1 << 20)
        for id in 1...200 { history.append(Self.message(UInt64(id))) }
        #expect(history.elements.map(\.id) == [198, 199, 200])
        #expect(history.bytes == 3 * RoomHistory.bytes(of: Self.message(1)))
    }

    @Test("keeps within its bytes, but always the newest message")
    func bytes() {
        var history = RoomHistory(capacity: 50, byteLimit: 1000)
        for id in 1...10 { history.append(Self.message(UInt64(id), bytes: 300)) }
        #expect(history.elements.map(\.id) == [9, 10])
        history.append(Self.message(11, bytes: 5000))
        #expect(history.elements.map(\.id) == [11])
    }

    @Test("the newest that fit a budget, oldest first; none when even the newest does not fit")
    func newest() {
        var history = RoomHistory(capacity: 50, byteLimit: 1 << 20)
        for id in 1...10 { history.append(Self.message(UInt64(id))) }
        let cost = RoomHistory.bytes(of: Self.message(1))
        #expect(history.newest(within: cost * 3 + 1).map(\.id) == [8, 9, 10])
        #expect(history.newest(within: cost - 1).isEmpty)
        #expect(history.newest(within: 1 << 30).count == 10)
    }

    @Test("a capacity of 0 keeps nothing")
    func none() {
        var history = RoomHistory(capacity: 0, byteLimit: 1000)
        history.append(Self.message(1))
        #expect(history.count == 0)
    }
}

@Suite("Memory store")
struct MemoryMessageStoreTests {
    static func post(_ room: String, _ text: String) -> Post {
        Post(
            kind: .chat, destination: .room(RoomRef(id: RoomID(1), name: room)), sender: MemberID(1),
            senderName: "a", text: text, wallMilliseconds: 0)
    }

    static func kept(_ store: MemoryMessageStore, _ room: String) -> [String] {
        var texts: [String] = []
        store.messages(inRoom: room, after: 0, through: .max, limit: 100) {
            texts = ((try? $0.get()) ?? []).map(\.post.text)
        }
        return texts
    }

    @Test("over its total bytes, the room written to longest ago loses its log, never the one being written")
    func quietestGoesFirst() {
        // A message costs its text, its sender and 128: these are 1,130 bytes ("a again…" 1,136); four fit.
        let store = MemoryMessageStore(perRoom: 100, roomBytes: 1 << 20, totalBytes: 4600)
        let line = String(repeating: "x", count: 1000)
        for room in ["a", "b", "c"] { store.append(Self.post(room, room + line)) { _ in } }
        store.append(Self.post("a", "a again" + line)) { _ in }
        #expect(Self.kept(store, "b").count == 1 && Self.kept(store, "c").count == 1)
        store.append(Self.post("d", "d" + line)) { _ in }
        #expect(Self.kept(store, "b").isEmpty, "b was written longest ago")
        #expect(
            Self.kept(store, "a").count == 2 && Self.kept(store, "c").count == 1 && Self.kept(store, "d").count == 1)
        for _ in 0..<3 { store.append(Self.post("d", "d" + line)) { _ in } }
        #expect(Self.kept(store, "d").count == 4, "the room being written keeps its log")
        #expect(Self.kept(store, "a").isEmpty && Self.kept(store, "c").isEmpty)
    }
}
