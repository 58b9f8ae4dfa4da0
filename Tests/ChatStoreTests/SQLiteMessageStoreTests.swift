import ChatServer
import Foundation
import Testing

@testable import ChatStore

/// The store against real SQLite files: numbering, queries, privates, sessions, reopening.
@Suite("SQLite message store")
struct SQLiteMessageStoreTests {
    @Test("seq counts per room (two rooms interleaved); ids are unique and increase across rooms and privates")
    func numbering() async throws {
        let fixture = try StoreFixture()
        let (store, snapshot) = try await fixture.open()
        #expect(snapshot.serverID.count == 32 && snapshot.rooms.isEmpty && snapshot.lastSessionNumber == 0)
        let calls = store.calls
        let stored = try await calls.stored([
            Posts.chat("a1", in: "lobby"), Posts.chat("b1", in: "Dev"), Posts.chat("a2", in: "lobby"),
            Posts.whisper("psst", from: "alice", session: 1, to: "bob", session: 2),
            Posts.chat("b2", in: "dev"), Posts.chat("a3", in: "lobby"),
        ])
        #expect(stored.map(\.seq) == [1, 1, 2, 0, 2, 3])
        #expect(stored.map(\.id) == [1, 2, 3, 4, 5, 6])
        let later = try await calls.stored([Posts.chat("b3", in: "DEV")])
        #expect(later.map(\.id) == [7] && later.map(\.seq) == [3])
        #expect(stored[0].post == Posts.chat("a1", in: "lobby"), "the completion gives back the post as appended")

        let dev = try await calls.after("dev", 0)
        #expect(dev.map(\.post.text) == ["b1", "b2", "b3"] && dev.map(\.seq) == [1, 2, 3])
        #expect(dev.allSatisfy { $0.room?.name == "Dev" }, "the room's name as first spelled")
        #expect(dev.allSatisfy { $0.post.sender == MemberID(0) && $0.room?.id == RoomID(0) })
        try await calls.close()
    }

    @Test("after/through: the newest `limit` in the range, oldest first; before: the newest below, and `more`")
    func ranges() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let calls = store.calls
        _ = try await calls.stored((1...10).map { Posts.chat("m\($0)") })
        #expect(try await calls.after("lobby", 2, through: 6).map(\.seq) == [3, 4, 5, 6])
        #expect(try await calls.after("lobby", 2, through: 6, limit: 2).map(\.seq) == [5, 6])
        #expect(try await calls.after("lobby", 8).map(\.seq) == [9, 10])
        #expect(try await calls.after("lobby", 10).isEmpty)
        #expect(try await calls.after("lobby", 0, limit: 0).isEmpty)
        #expect(try await calls.after("nowhere", 0).isEmpty)

        let page = try await calls.before("lobby", 8, limit: 3)
        #expect(page.messages.map(\.seq) == [5, 6, 7] && page.more)
        let first = try await calls.before("lobby", 4, limit: 3)
        #expect(first.messages.map(\.seq) == [1, 2, 3] && !first.more)
        let all = try await calls.before("lobby", .max, limit: 100)
        #expect(all.messages.map(\.seq) == Array(1...10) && !all.more)
        #expect(try await calls.before("lobby", 1, limit: 5).messages.isEmpty)
        #expect(try await calls.before("nowhere", 5, limit: 5).more == false)
        try await calls.close()
    }

    @Test("privates: those a session sent or received, not a third's, after an id, newest `limit` oldest first")
    func privates() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let calls = store.calls
        _ = try await calls.stored([
            Posts.whisper("a to b", from: "alice", session: 1, to: "bob", session: 2),
            Posts.chat("public", from: "alice", session: 1),
            Posts.whisper("b to a", from: "bob", session: 2, to: "alice", session: 1),
            Posts.whisper("c to b", from: "carol", session: 3, to: "bob", session: 2),
            Posts.whisper("c to a", from: "carol", session: 3, to: "alice", session: 1),
        ])
        #expect(try await calls.privates(1).map(\.post.text) == ["a to b", "b to a", "c to a"])
        #expect(try await calls.privates(2).map(\.post.text) == ["a to b", "b to a", "c to b"])
        #expect(try await calls.privates(3).map(\.post.text) == ["c to b", "c to a"])
        #expect(try await calls.privates(4).isEmpty)
        #expect(try await calls.privates(1, after: 1).map(\.post.text) == ["b to a", "c to a"])
        #expect(try await calls.privates(1, limit: 1).map(\.post.text) == ["c to a"])
        let read = try #require(try await calls.privates(2).first)
        #expect(read.post.destination == .person(MemberID(0), name: "bob", session: 2))
        #expect(read.post.senderSession == 1 && read.post.kind == .whisper && read.seq == 0 && read.id == 1)
        try await calls.close()
    }

    @Test("sessions: saved, changed and forgotten in order; the snapshot has those not expired and the last number")
    func sessions() async throws {
        let fixture = try StoreFixture()
        let now = SQLiteMessageStore.now()
        let (store, _) = try await fixture.open()
        let calls = store.calls
        let alice = SessionRecord(
            number: 1, tokenHash: "aa", name: "alice", rooms: ["lobby", "dev"], expiresMilliseconds: now + 60_000)
        let bob = SessionRecord(number: 2, tokenHash: "bb", name: "bob", rooms: [], expiresMilliseconds: now + 60_000)
        let old = SessionRecord(number: 3, tokenHash: "cc", name: "old", rooms: ["x"], expiresMilliseconds: now - 1)
        let renamed = SessionRecord(
            number: 1, tokenHash: "aa", name: "alicia", rooms: ["lobby", "dev"], expiresMilliseconds: now + 60_000)
        try await calls.run { store in
            store.save(alice)
            store.save(bob)
            store.save(old)
            store.save(renamed)
            store.forget(session: 2)
        }
        _ = try await calls.stored([Posts.chat("after the sessions")])
        let dave = SessionRecord(number: 4, tokenHash: "dd", name: "dave", rooms: [], expiresMilliseconds: now + 1000)
        try await calls.run { store in
            store.save(dave)
            store.forget(session: 4)
        }
        try await calls.close()

        let (again, snapshot) = try await fixture.open()
        #expect(snapshot.sessions == [renamed], "bob forgotten, old expired, alice renamed")
        #expect(snapshot.lastSessionNumber == 4, "the highest number given out, forgotten or not")
        try await again.calls.close()
    }

    @Test("reopened: the same server identity, ids and seqs continue, the snapshot has the rooms and recent history")
    func reopen() async throws {
        let fixture = try StoreFixture()
        let (store, first) = try await fixture.open()
        _ = try await store.calls.stored(
            (1...60).map { Posts.chat("lobby \($0)") } + [Posts.chat("dev 1", in: "Dev")]
                + [Posts.whisper("psst", from: "a", session: 1, to: "b", session: 2)])
        try await store.calls.close()

        let (again, snapshot) = try await fixture.open()
        #expect(snapshot.serverID == first.serverID)
        #expect(
            snapshot.rooms == [
                "lobby": StoredRoom(name: "lobby", lastSeq: 60), "dev": StoredRoom(name: "Dev", lastSeq: 1),
            ])
        #expect(snapshot.recent["lobby"]?.map(\.seq) == Array(11...60), "the newest 50, oldest first")
        #expect(snapshot.recent["dev"]?.map(\.post.text) == ["dev 1"])
        let next = try await again.calls.stored([Posts.chat("lobby 61"), Posts.chat("dev 2", in: "dev")])
        #expect(next.map(\.id) == [63, 64] && next.map(\.seq) == [61, 2])
        try await again.calls.close()
    }

    @Test("close writes what is pending first, then refuses appends; a second close waits for the first")
    func closeWritesPending() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let loop = store.eventLoop
        let (results, late) = try await value(
            of: loop.flatSubmit {
                let promise = loop.makePromise(of: ([UInt64], [MessageStoreError]).self)
                var ids: [UInt64] = []
                var refused: [MessageStoreError] = []
                for index in 1...10 {
                    store.append(Posts.chat("pending \(index)")) { result in
                        if case .success(let stored) = result { ids.append(stored.id) }
                    }
                }
                store.close {}
                store.append(Posts.chat("too late")) { result in
                    if case .failure(let error) = result { refused.append(error) }
                }
                store.close { promise.succeed((ids, refused)) }
                return promise.futureResult
            })
        #expect(results == Array(1...10))
        #expect(late == [.unavailable("the store is closed")])
        let (again, snapshot) = try await fixture.open()
        #expect(snapshot.recent["lobby"]?.map(\.post.text) == (1...10).map { "pending \($0)" })
        try await again.calls.close()
    }

    @Test("the snapshot holds at most 256 KiB of a room's newest messages, and the most recently active rooms")
    func snapshotBudgets() async throws {
        let fixture = try StoreFixture()
        var configuration = SQLiteStoreConfiguration()
        configuration.snapshotRooms = 2
        let (store, _) = try await fixture.open(configuration: configuration)
        let big = String(repeating: "x", count: 16 * 1024)
        _ = try await store.calls.stored(
            (1...30).map { Posts.chat(big + "\($0)", in: "big") } + [Posts.chat("q", in: "quiet")]
                + [Posts.chat("r", in: "recent")] + [Posts.chat("big again", in: "big")])
        try await store.calls.close()

        let (again, snapshot) = try await fixture.open(configuration: configuration)
        #expect(Set(snapshot.recent.keys) == ["big", "recent"], "quiet was active least recently")
        #expect(snapshot.rooms.count == 3)
        let recent = try #require(snapshot.recent["big"])
        let bytes = recent.map { $0.post.text.utf8.count + $0.post.senderName.utf8.count + 128 }.reduce(0, +)
        #expect(bytes <= 256 * 1024 && recent.count == 16 && recent.last?.seq == 31)
        try await again.calls.close()
    }
}
