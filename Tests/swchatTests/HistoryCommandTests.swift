import ChatProtocol
import ChatServer
import ChatStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `swchat history PATH`: the built binary on a store file, while a server's store holds it.
@Suite("swchat history")
struct HistoryCommandTests {
    /// What a run of the binary printed and how it ended.
    struct Run {
        var status: Int32
        var out: String
        var err: String
        var lines: [String] {
            self.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    /// Runs `swchat ARGUMENTS` to its end (killed after 30 s), its output through files (no pipe to fill).
    static func swchat(_ arguments: [String]) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let ended = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { ended.continuation.yield($0.terminationStatus) }
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            process.terminate()
        }
        var status: Int32 = -1
        for await code in ended.stream {
            status = code
            break
        }
        watchdog.cancel()
        return Run(
            status: status, out: try String(contentsOf: out, encoding: .utf8),
            err: try String(contentsOf: err, encoding: .utf8))
    }

    /// A store with lines in the lobby and in #Dev, still open (as a running server's is) while `body` runs, or
    /// closed first.
    static func withStore(whileOpen: Bool = true, _ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("swchat.sqlite3").path
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let (store, _) = try await SQLiteMessageStore.open(
            path: path, eventLoop: loop, logger: Logger(label: "test"))
        let wall: Int64 = 1_700_000_000_000
        let posts =
            [
                Post(
                    kind: .chat, destination: .room(RoomRef(id: RoomID(1), name: "lobby")), sender: MemberID(1),
                    senderName: "alice", text: "hello", wallMilliseconds: wall),
                Post(
                    kind: .action, destination: .room(RoomRef(id: RoomID(1), name: "lobby")), sender: MemberID(2),
                    senderName: "bob", text: "waves", wallMilliseconds: wall + 1000),
                Post(
                    kind: .whisper, destination: .person(MemberID(1), name: "alice", session: 1), sender: MemberID(2),
                    senderName: "bob", senderSession: 2, text: "secret", wallMilliseconds: wall + 1500),
                Post(
                    kind: .chat, destination: .room(RoomRef(id: RoomID(2), name: "Dev")), sender: MemberID(2),
                    senderName: "bob", text: "in dev", wallMilliseconds: wall + 2000),
            ]
            + (3...5).map {
                Post(
                    kind: .chat, destination: .room(RoomRef(id: RoomID(1), name: "lobby")), sender: MemberID(1),
                    senderName: "alice", text: "line \($0)", wallMilliseconds: wall + 3000)
            }
        try await loop.flatSubmit {
            let promise = loop.makePromise(of: Void.self)
            var left = posts.count
            for post in posts {
                store.append(post) { _ in
                    left -= 1
                    if left == 0 { promise.succeed() }
                }
            }
            return promise.futureResult
        }.get()
        if !whileOpen { try await Self.close(store) }
        do {
            try await body(path)
        } catch {
            if whileOpen { try await Self.close(store) }
            throw error
        }
        if whileOpen { try await Self.close(store) }
    }

    static func close(_ store: SQLiteMessageStore) async throws {
        try await store.eventLoop.flatSubmit {
            let promise = store.eventLoop.makePromise(of: Void.self)
            store.close { promise.succeed() }
            return promise.futureResult
        }.get()
    }

    @Test("readable lines, oldest first, as a text client sees them; while the server's store holds the file")
    func lines() async throws {
        try await Self.withStore { path in
            let run = try await Self.swchat(["history", path])
            #expect(run.status == 0, "\(run.err)")
            let clock = { (ms: Int64) in
                Timestamp.clock(millisecondsSince1970: ms, utcOffsetSeconds: TimeZone.current.secondsFromGMT())
            }
            #expect(
                run.lines == [
                    "[\(clock(1_700_000_000_000))] alice: hello", "[\(clock(1_700_000_001_000))] * bob waves",
                    "[\(clock(1_700_000_003_000))] alice: line 3", "[\(clock(1_700_000_003_000))] alice: line 4",
                    "[\(clock(1_700_000_003_000))] alice: line 5",
                ])
            let dev = try await Self.swchat(["history", path, "--room", "#dev"])
            #expect(dev.status == 0 && dev.lines == ["[\(clock(1_700_000_002_000))] bob: in dev"], "\(dev)")
        }
    }

    @Test("--json: one frame per line, as the server sends it; --since: only what came after; no server running")
    func json() async throws {
        try await Self.withStore(whileOpen: false) { path in
            let run = try await Self.swchat(["history", path, "--json", "--since", "3"])
            #expect(run.status == 0, "\(run.err)")
            let coder = MessageCoder()
            let frames = try run.lines.map { try coder.decode($0) }
            #expect(frames.map(\.seq) == [4, 5])
            #expect(frames.map(\.data) == ["line 4", "line 5"] && frames.allSatisfy { $0.room == "lobby" })
            #expect(frames.first?.id == 6 && frames.first?.type == .chat && frames.first?.replay == nil)
            #expect(run.lines.first == MessageCoder.encodeString(try #require(frames.first)))
        }
    }

    @Test("a missing file, a foreign file, an unknown room: one line on stderr, exit 1, nothing created")
    func failures() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.sqlite3").path
        let run = try await Self.swchat(["history", missing])
        #expect(run.status == 1 && run.out.isEmpty)
        #expect(run.err == "swchat: \(missing): no such store file\n")
        #expect(!FileManager.default.fileExists(atPath: missing), "a reader creates nothing")

        let junk = folder.appendingPathComponent("junk").path
        try Data(repeating: 0x41, count: 2048).write(to: URL(fileURLWithPath: junk))
        let foreign = try await Self.swchat(["history", junk])
        #expect(foreign.status == 1 && foreign.err == "swchat: \(junk) is not a swchat database (not SQLite)\n")

        try await Self.withStore { path in
            let unknown = try await Self.swchat(["history", path, "--room", "nowhere"])
            #expect(
                unknown.status == 1 && unknown.err == "swchat: \(path) has no room #nowhere\n" && unknown.out.isEmpty)
        }
    }
}
