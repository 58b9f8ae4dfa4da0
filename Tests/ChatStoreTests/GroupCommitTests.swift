import ChatServer
import Foundation
import NIOCore
import Testing

@testable import ChatStore

/// A tick's appends are one transaction; appends made while it is in flight are the next.
@Suite("SQLite store group commit")
struct GroupCommitTests {
    @Test("1,000 appends in one tick: one transaction, completions in append order, all readable")
    func oneTick() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let before = try await store.read(\.transactions)
        let results = try await store.calls.append(
            (1...1000).map { Posts.chat("line \($0)", in: $0 % 2 == 0 ? "even" : "odd") })
        let stored = try results.map { try $0.get() }
        #expect(stored.map(\.id) == Array(1...1000), "completions in append order")
        #expect(stored.map(\.post.text) == (1...1000).map { "line \($0)" })
        #expect(try await store.read(\.transactions) == before + 1)
        #expect(try await store.calls.after("even", 0).count == 500)
        try await store.calls.close()
    }

    @Test("appends made while a transaction is in flight form the next batch, in order")
    func nextBatch() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let loop = store.eventLoop
        let results = try await value(
            of: loop.flatSubmit {
                let promise = loop.makePromise(of: [UInt64].self)
                var ids: [UInt64] = []
                func record(_ result: Result<StoredMessage, MessageStoreError>) {
                    if case .success(let stored) = result { ids.append(stored.id) }
                    if ids.count == 300 { promise.succeed(ids) }
                }
                for index in 1...100 { store.append(Posts.chat("first \(index)"), completion: record) }
                // The next ticks, while the first batch is being written.
                loop.assumeIsolated().execute {
                    for index in 1...100 { store.append(Posts.chat("second \(index)"), completion: record) }
                }
                loop.assumeIsolated().execute {
                    loop.assumeIsolated().execute {
                        for index in 1...100 { store.append(Posts.chat("third \(index)"), completion: record) }
                    }
                }
                return promise.futureResult
            })
        #expect(results == Array(1...300))
        let transactions = try await store.read(\.transactions)
        #expect(transactions >= 2 && transactions <= 3, "the first tick alone, then what came meanwhile")
        try await store.calls.close()
    }

    /// How many appends the bench makes: SWCHAT_STORE_BENCH=100000 runs it (it is off in the suite, where its
    /// seconds of CPU would slow the timing tests running beside it).
    static let benchCount = Int(ProcessInfo.processInfo.environment["SWCHAT_STORE_BENCH"] ?? "")

    @Test(
        "bench: appends per second through the store alone (prints, does not assert)",
        .enabled(if: Self.benchCount != nil, "SWCHAT_STORE_BENCH=100000 runs it"))
    func bench() async throws {
        let count = Self.benchCount ?? 0
        // Flooded: every tick appends 100 more without waiting, as a busy server's ticks do; batches grow to
        // whatever came while the last one was written.
        try await Self.measure(count: count, waitForEachTick: false, "flooded")
        // Paced: a tick of 100 appends, then nothing until they are stored: one transaction per tick.
        try await Self.measure(count: count / 10, waitForEachTick: true, "paced")
    }

    static func measure(count: Int, waitForEachTick: Bool, _ name: String) async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        let text = String(repeating: "x", count: 64)
        let loop = store.eventLoop
        let started = ContinuousClock.now
        let done = try await value(
            of: loop.flatSubmit {
                let promise = loop.makePromise(of: Int.self)
                var completed = 0
                var sent = 0
                func tick() {
                    let first = sent
                    for _ in 0..<100 where sent < count {
                        sent += 1
                        store.append(Posts.chat(text, in: "room\(sent % 10)")) { _ in
                            completed += 1
                            if completed == count { return promise.succeed(completed) }
                            if waitForEachTick, completed == sent { loop.assumeIsolated().execute { tick() } }
                        }
                    }
                    if !waitForEachTick, sent < count, sent > first { loop.assumeIsolated().execute { tick() } }
                }
                tick()
                return promise.futureResult
            }, within: 600)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let transactions = try await store.read(\.transactions)
        print(
            "store bench (\(name)): \(done) appends of 64 bytes in 10 rooms, 100 per tick: "
                + "\(String(format: "%.2f", seconds)) s, \(Int(Double(done) / seconds)) appends/s, "
                + "\(transactions) transactions of \(done / max(1, transactions)) on average, "
                + "\(String(format: "%.2f", seconds * 1000 / Double(max(1, transactions)))) ms each")
        try await store.calls.close()
    }
}
