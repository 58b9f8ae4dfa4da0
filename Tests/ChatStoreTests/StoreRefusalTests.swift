import ChatServer
import Foundation
import SQLiteNIO
import Testing

@testable import ChatStore

#if canImport(Glibc)
import Glibc
#endif

/// Files a store must not open, each refused with one line naming the file.
@Suite("SQLite store refusals")
struct StoreRefusalTests {
    /// Opens and expects a refusal; returns it.
    static func refusal(_ fixture: StoreFixture, _ path: String? = nil) async throws -> StoreOpenError {
        do {
            let (store, _) = try await fixture.open(path)
            try await store.calls.close()
            Issue.record("\(path ?? fixture.path) should be refused")
            throw TimedOut(description: "opened")
        } catch let error as StoreOpenError {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(path ?? fixture.path), "names the file: \(error)")
            return error
        }
    }

    /// A plain SQLite database made with sqlite-nio itself, with these statements.
    static func makeDatabase(at path: String, _ statements: [String]) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in statements { _ = try await connection.query(statement) }
        try await connection.close()
    }

    @Test("random bytes: not SQLite")
    func corrupt() async throws {
        let fixture = try StoreFixture()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.path))
        let error = try await Self.refusal(fixture)
        #expect(error == .notSQLite(path: fixture.path))
        #expect(error.description.hasSuffix("is not a swchat database (not SQLite)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == Data(bytes), "left as it was")
    }

    @Test("another program's SQLite database: by its application_id, or by its tables")
    func foreign() async throws {
        let fixture = try StoreFixture()
        let tables = fixture.directory + "/tables.db"
        try await Self.makeDatabase(at: tables, ["CREATE TABLE notes (text TEXT)"])
        let error = try await Self.refusal(fixture, tables)
        #expect(error.description.contains("tables but no swchat schema"), "\(error)")

        let other = fixture.directory + "/other.db"
        try await Self.makeDatabase(at: other, ["PRAGMA application_id = 1234"])
        let byID = try await Self.refusal(fixture, other)
        #expect(byID.description.contains("another application, id 0x4d2"), "\(byID)")
    }

    @Test("a schema newer than this binary knows")
    func newer() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        try await store.calls.close()
        try await Self.makeDatabase(at: fixture.path, ["PRAGMA user_version = 3"])
        let error = try await Self.refusal(fixture)
        #expect(error == .newerSchema(path: fixture.path, version: 3, known: 2))
        #expect(error.description.hasSuffix("written by a newer swchat (schema 3; this one knows 2)"))
    }

    @Test("a second open of the same file is refused at once while the first is open, accepted after it closed")
    func heldByAnother() async throws {
        let fixture = try StoreFixture()
        let (store, first) = try await fixture.open()
        _ = try await store.calls.stored([Posts.chat("kept")])
        let error = try await Self.refusal(fixture)
        #expect(error == .inUse(path: fixture.path, pid: getpid()), "\(error)")
        #expect(error.description.hasSuffix("is in use by another swchat server (pid \(getpid()))"))
        // The refused open left the first one's locks alone: it still writes.
        _ = try await store.calls.stored([Posts.chat("still writing")])
        try await store.calls.close()

        let (again, snapshot) = try await fixture.open()
        #expect(snapshot.serverID == first.serverID && snapshot.rooms["lobby"]?.lastSeq == 2)
        try await again.calls.close()
    }

    @Test("a folder that cannot be made, a file that cannot be opened")
    func cannotCreate() async throws {
        let fixture = try StoreFixture()
        let blocker = fixture.directory + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = try await Self.refusal(fixture, blocker + "/sub/store.sqlite3")
        #expect(
            error
                == .cannotCreateDirectory(
                    path: blocker + "/sub/store.sqlite3", directory: blocker, why: "a file of that name is in the way"))

        let folder = fixture.directory + "/folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let isFolder = try await Self.refusal(fixture, folder)
        #expect(isFolder.description.hasPrefix("cannot open \(folder): "), "\(isFolder)")
    }

    @Test("a missing folder is made, mode 0700")
    func makesFolder() async throws {
        let fixture = try StoreFixture()
        let path = fixture.directory + "/a/b/store.sqlite3"
        let (store, _) = try await fixture.open(path)
        try await store.calls.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.directory + "/a/b")
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }
}
