import ChatServer
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import ChatStore

/// A wait that took too long.
struct TimedOut: Error, CustomStringConvertible {
    let description: String
}

/// A folder of its own for each test, removed at the end, and the loop its stores run on.
final class StoreFixture: Sendable {
    /// The stores' loop: not one of the singleton group's, which other suites' clients use (a thousand rows read
    /// back are a thousand tasks on the loop, and timing tests beside them would feel it).
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let directory: String
    let loop: any EventLoop
    let logger: Logger

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        self.directory = base.path
        self.loop = Self.group.next()
        var logger = Logger(label: "swchat.store.test")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit { try? FileManager.default.removeItem(atPath: self.directory) }

    var path: String { self.directory + "/swchat.sqlite3" }

    /// Opens the store at `path` (by default the fixture's).
    func open(
        _ path: String? = nil, configuration: SQLiteStoreConfiguration = SQLiteStoreConfiguration(),
        logger: Logger? = nil
    ) async throws -> (SQLiteMessageStore, StoreSnapshot) {
        try await SQLiteMessageStore.open(
            path: path ?? self.path, configuration: configuration, eventLoop: self.loop, logger: logger ?? self.logger)
    }
}

/// The future's value, or `TimedOut` after `seconds`.
func value<T: Sendable>(
    of future: EventLoopFuture<T>, within seconds: Int64 = 20, _ what: String = "the store"
) async throws -> T {
    let promise = future.eventLoop.makePromise(of: T.self)
    future.cascade(to: promise)
    let timeout = future.eventLoop.scheduleTask(in: .seconds(seconds)) {
        promise.fail(TimedOut(description: "\(what) did not answer within \(seconds) s"))
    }
    defer { timeout.cancel() }
    return try await promise.futureResult.get()
}

/// Posts for tests: chat lines in rooms and private messages between sessions.
enum Posts {
    static let now: Int64 = 1_700_000_000_000

    static func chat(
        _ text: String, in room: String = "lobby", from sender: String = "alice", session: UInt64 = 0,
        wall: Int64 = Self.now, kind: Post.Kind = .chat
    ) -> Post {
        Post(
            kind: kind, destination: .room(RoomRef(id: RoomID(7), name: room)), sender: MemberID(3),
            senderName: sender, senderSession: session, text: text, wallMilliseconds: wall)
    }

    static func whisper(
        _ text: String, from sender: String, session: UInt64, to recipient: String, session recipientSession: UInt64,
        wall: Int64 = Self.now
    ) -> Post {
        Post(
            kind: .whisper, destination: .person(MemberID(9), name: recipient, session: recipientSession),
            sender: MemberID(3), senderName: sender, senderSession: session, text: text, wallMilliseconds: wall)
    }
}

/// Calls on any `MessageStore` from a test, each on the store's loop, each answer within a time limit.
struct StoreCalls: @unchecked Sendable {
    /// `@unchecked`: the store is only touched inside `loop.flatSubmit`, on its loop.
    let store: any MessageStore
    let loop: any EventLoop

    /// Appends all of `posts` in one tick; their results in the order the completions came.
    func append(_ posts: [Post]) async throws -> [Result<StoredMessage, MessageStoreError>] {
        guard !posts.isEmpty else { return [] }
        return try await value(
            of: self.loop.flatSubmit {
                let promise = self.loop.makePromise(of: [Result<StoredMessage, MessageStoreError>].self)
                var results: [Result<StoredMessage, MessageStoreError>] = []
                for post in posts {
                    self.store.append(post) { result in
                        results.append(result)
                        if results.count == posts.count { promise.succeed(results) }
                    }
                }
                return promise.futureResult
            }, "\(posts.count) appends")
    }

    /// Appends and expects every one stored.
    func stored(_ posts: [Post]) async throws -> [StoredMessage] {
        try await self.append(posts).map { try $0.get() }
    }

    func after(
        _ key: String, _ after: UInt64, through: UInt64 = .max, limit: Int = 1000
    ) async throws
        -> [StoredMessage]
    {
        try await self.ask { store, done in
            store.messages(inRoom: key, after: after, through: through, limit: limit, completion: done)
        }
    }

    func before(_ key: String, _ before: UInt64, limit: Int) async throws -> HistoryPage {
        try await self.ask { store, done in store.messages(inRoom: key, before: before, limit: limit, completion: done)
        }
    }

    func privates(_ session: UInt64, after: UInt64 = 0, limit: Int = 1000) async throws -> [StoredMessage] {
        try await self.ask { store, done in
            store.privates(ofSession: session, after: after, limit: limit, completion: done)
        }
    }

    func run(_ body: @escaping @Sendable (any MessageStore) -> Void) async throws {
        try await value(of: self.loop.submit { body(self.store) })
    }

    func close() async throws {
        try await value(
            of: self.loop.flatSubmit {
                let promise = self.loop.makePromise(of: Void.self)
                self.store.close { promise.succeed() }
                return promise.futureResult
            }, "close")
    }

    private func ask<T: Sendable>(
        _ call: @escaping @Sendable (any MessageStore, @escaping (Result<T, MessageStoreError>) -> Void) -> Void
    ) async throws -> T {
        try await value(
            of: self.loop.flatSubmit {
                let promise = self.loop.makePromise(of: T.self)
                call(self.store) { promise.completeWith($0.mapError { $0 as any Error }) }
                return promise.futureResult
            }
        )
    }
}

extension SQLiteMessageStore {
    var calls: StoreCalls { StoreCalls(store: self, loop: self.eventLoop) }

    /// Runs a retention round now and waits for it.
    func retain() async throws {
        try await value(
            of: self.eventLoop.flatSubmit {
                let promise = self.eventLoop.makePromise(of: Void.self)
                self.runRetention { promise.succeed() }
                return promise.futureResult
            }, "retention")
    }

    /// A counter read on the loop.
    func read<T: Sendable>(_ key: KeyPath<SQLiteMessageStore, T> & Sendable) async throws -> T {
        try await value(of: self.eventLoop.submit { self[keyPath: key] })
    }
}
