import ChatServer
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLiteNIO
import Testing

@testable import ChatStore

#if canImport(Glibc)
import Glibc
#endif

/// Writes that really fail (a full disk, a read-only file): appends are refused, nothing stored before is lost,
/// and the store works again once the cause is gone.
@Suite("SQLite store failures", .serialized)
struct StoreFailureTests {
    @Test(
        "disk full (a 1 MiB tmpfs filled up): appends refused, what was stored still readable, works again once freed",
        .enabled(if: MountedFolder.canMount, "needs root and mount for a tmpfs"))
    func diskFull() async throws {
        let fixture = try StoreFixture()
        let disk = try MountedFolder.tmpfs(in: fixture.directory, kilobytes: 1024)
        let path = disk.path + "/store.sqlite3"
        let logs = LogCapture()
        // Small statements: a refused batch is 20 INSERTs, none of which may stay when a later one fails.
        var configuration = SQLiteStoreConfiguration()
        configuration.rowsPerStatement = 10
        let (store, _) = try await fixture.open(path, configuration: configuration, logger: logs.logger)
        let calls = store.calls
        _ = try await calls.stored((1...20).map { Posts.chat("kept \($0)") })

        let filler = disk.path + "/filler"
        Self.fill(filler)
        let big = String(repeating: "y", count: 8 * 1024)
        let refused = try await calls.append((1...200).map { Posts.chat(big + "\($0)") })
        #expect(
            refused.allSatisfy { $0 == .failure(.unavailable("disk full")) }, "\(refused.first.map { "\($0)" } ?? "")")
        let again = try await calls.append((1...200).map { Posts.chat(big + "\($0)") })
        #expect(again.allSatisfy { (try? $0.get()) == nil })
        #expect(logs.errors.count == 1, "one line per failing streak: \(logs.errors)")
        #expect(try await calls.after("lobby", 0).map(\.post.text) == (1...20).map { "kept \($0)" })

        try FileManager.default.removeItem(atPath: filler)
        let after = try await calls.stored([Posts.chat("after")])
        #expect(after.first?.seq == 421, "numbers of refused messages are not reused")
        #expect(try await calls.after("lobby", 0).map(\.post.text) == (1...20).map { "kept \($0)" } + ["after"])
        try await calls.close()

        let (reopened, snapshot) = try await fixture.open(path)
        #expect(snapshot.rooms["lobby"]?.lastSeq == 421 && snapshot.recent["lobby"]?.count == 21)
        try await reopened.calls.close()
    }

    @Test(
        "a read-only file: appends refused, everything stored before is readable, the snapshot too",
        .enabled(if: geteuid() != 0 || MountedFolder.canMount, "root needs mount for a read-only bind mount"))
    func readOnly() async throws {
        let fixture = try StoreFixture()
        let (store, first) = try await fixture.open()
        _ = try await store.calls.stored((1...5).map { Posts.chat("kept \($0)") })
        try await store.calls.close()

        // As another user, chmod is enough. Root writes through file modes: root gets a read-only bind mount of
        // the folder (the kernel refuses every write through it, EROFS), with a connection left open on the
        // writable side so that SQLite's WAL index exists for the read-only one to use.
        let path: String
        var keep: [Any] = []
        var companion: SQLiteConnection?
        if geteuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: fixture.path)
            path = fixture.path
        } else {
            let connection = try await SQLiteConnection.open(storage: .file(path: fixture.path))
            _ = try await connection.query("SELECT count(*) FROM messages")
            companion = connection
            let view = try MountedFolder.readOnlyView(of: fixture.directory, in: fixture.directory)
            keep.append(view)
            path = view.path + "/swchat.sqlite3"
        }
        let logs = LogCapture()
        let (readOnly, snapshot) = try await fixture.open(path, logger: logs.logger)
        #expect(snapshot.serverID == first.serverID && snapshot.recent["lobby"]?.count == 5)
        let refused = try await readOnly.calls.append([Posts.chat("refused")])
        #expect(refused == [.failure(.unavailable("read-only store"))])
        #expect(try await readOnly.calls.after("lobby", 0).map(\.post.text) == (1...5).map { "kept \($0)" })
        #expect(logs.errors.count == 2, "one at open, one for the failing streak: \(logs.errors)")
        try await readOnly.calls.close()
        try await companion?.close()
        keep.removeAll()
    }

    /// Writes zeros to `path` until the file system is full.
    static func fill(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 4096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}

/// A logger whose error lines are kept for the test to count.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var errors: [String] { self.lines.withLockedValue { $0 } }

    var logger: Logger {
        Logger(label: "capture") { _ in Handler(lines: self.lines) }
    }

    private struct Handler: LogHandler {
        let lines: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .error

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level >= .error else { return }
            self.lines.withLockedValue { $0.append("\(event.message)") }
        }
    }
}
