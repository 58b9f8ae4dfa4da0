import ChatServer
import Testing

@testable import ChatStore

/// Retention deletes old messages in batches, and never the numbering.
@Suite("SQLite store retention")
struct RetentionTests {
    @Test("by count: each room keeps its newest N; before() says there is no more at the oldest kept")
    func byCount() async throws {
        let fixture = try StoreFixture()
        var configuration = SQLiteStoreConfiguration(retainMessages: 5)
        configuration.pruneBatch = 3
        let (store, _) = try await fixture.open(configuration: configuration)
        let calls = store.calls
        _ = try await calls.stored(
            (1...12).map { Posts.chat("lobby \($0)") } + (1...4).map { Posts.chat("dev \($0)", in: "dev") })
        try await store.retain()
        #expect(try await calls.after("lobby", 0).map(\.seq) == Array(8...12))
        #expect(try await calls.after("dev", 0).map(\.seq) == Array(1...4))
        let page = try await calls.before("lobby", 10, limit: 5)
        #expect(page.messages.map(\.seq) == [8, 9] && !page.more)
        #expect(try await store.read(\.pruned) == 7)
        // Only rooms written to since the last round are looked at again; numbering goes on.
        let next = try await calls.stored([Posts.chat("lobby 13")])
        #expect(next.map(\.seq) == [13] && next.map(\.id) == [17])
        try await store.retain()
        #expect(try await calls.after("lobby", 0).map(\.seq) == Array(9...13))
        try await calls.close()
    }

    @Test("by age: messages older than the limit go, rooms' and privates alike")
    func byAge() async throws {
        let fixture = try StoreFixture()
        let now = SQLiteMessageStore.now()
        var configuration = SQLiteStoreConfiguration(retainMilliseconds: 60_000)
        configuration.pruneBatch = 2
        let (store, _) = try await fixture.open(configuration: configuration)
        let calls = store.calls
        _ = try await calls.stored(
            (1...5).map { Posts.chat("old \($0)", wall: now - 3_600_000) }
                + [Posts.whisper("old psst", from: "a", session: 1, to: "b", session: 2, wall: now - 120_000)]
                + (6...7).map { Posts.chat("new \($0)", wall: now - 1000) }
                + [Posts.whisper("new psst", from: "a", session: 1, to: "b", session: 2, wall: now)])
        try await store.retain()
        #expect(try await calls.after("lobby", 0).map(\.post.text) == ["new 6", "new 7"])
        #expect(try await calls.privates(1).map(\.post.text) == ["new psst"])
        #expect(try await calls.before("lobby", 100, limit: 10).more == false)
        try await calls.close()
    }

    @Test("counters survive deleting everything: ids and seqs continue, also after a restart")
    func countersSurvive() async throws {
        let fixture = try StoreFixture()
        let now = SQLiteMessageStore.now()
        let configuration = SQLiteStoreConfiguration(retainMilliseconds: 1000)
        let (store, _) = try await fixture.open(configuration: configuration)
        _ = try await store.calls.stored(
            (1...3).map { Posts.chat("old \($0)", wall: now - 10_000) }
                + [Posts.chat("old dev", in: "dev", wall: now - 10_000)]
                + [Posts.whisper("old psst", from: "a", session: 1, to: "b", session: 2, wall: now - 10_000)])
        try await store.retain()
        #expect(try await store.calls.after("lobby", 0).isEmpty)
        #expect(try await store.read(\.pruned) == 5)
        try await store.calls.close()

        let (again, snapshot) = try await fixture.open(configuration: configuration)
        #expect(snapshot.rooms["lobby"]?.lastSeq == 3 && snapshot.rooms["dev"]?.lastSeq == 1)
        #expect(snapshot.recent.isEmpty)
        let next = try await again.calls.stored([Posts.chat("new", wall: now), Posts.chat("new dev", in: "dev")])
        #expect(next.map(\.id) == [6, 7] && next.map(\.seq) == [4, 2])
        try await again.calls.close()
    }

    @Test("expired sessions are deleted by retention")
    func expiredSessions() async throws {
        let fixture = try StoreFixture()
        let now = SQLiteMessageStore.now()
        let (store, _) = try await fixture.open()
        try await store.calls.run { store in
            store.save(SessionRecord(number: 1, tokenHash: "a", name: "a", rooms: [], expiresMilliseconds: now - 5))
            store.save(
                SessionRecord(number: 2, tokenHash: "b", name: "b", rooms: [], expiresMilliseconds: now + 60_000))
        }
        try await store.retain()
        #expect(try await store.read(\.pruned) == 1)
        try await store.calls.close()
        let (again, snapshot) = try await fixture.open()
        #expect(snapshot.sessions.map(\.number) == [2] && snapshot.lastSessionNumber == 2)
        try await again.calls.close()
    }
}
