import ChatServer
import SQLiteNIO
import Testing

@testable import ChatStore

/// The store's pure parts: file checks, statements, lock holders, paths.
@Suite("SQLite store parts")
struct StorePartsTests {
    @Test("file checks: empty is new, SQLite's magic is needed, then application_id and user_version decide")
    func fileChecks() {
        let path = "/x/s.db"
        #expect(StoreFileCheck.header([], path: path) == .create)
        #expect(StoreFileCheck.header(Array("SQLite format 3\0".utf8) + [0, 1], path: path) == nil)
        #expect(StoreFileCheck.header(Array("SQLite format 2\0".utf8), path: path) == .refuse(.notSQLite(path: path)))
        #expect(StoreFileCheck.header([1, 2, 3], path: path) == .refuse(.notSQLite(path: path)))
        let ours = StoreSchema.applicationID
        #expect(StoreFileCheck.database(applicationID: ours, userVersion: 1, objects: 9, path: path) == .ready)
        #expect(StoreFileCheck.database(applicationID: 0, userVersion: 0, objects: 0, path: path) == .create)
        #expect(
            StoreFileCheck.database(applicationID: ours, userVersion: 3, objects: 9, path: path)
                == .refuse(.newerSchema(path: path, version: 3, known: 2)))
        guard case .refuse(.foreign) = StoreFileCheck.database(applicationID: 0, userVersion: 0, objects: 1, path: path)
        else {
            Issue.record("tables without our id are foreign")
            return
        }
        guard case .refuse(.foreign) = StoreFileCheck.database(applicationID: 7, userVersion: 1, objects: 0, path: path)
        else {
            Issue.record("another id is foreign")
            return
        }
    }

    @Test("a batch: inserts of at most rowsPerStatement rows, one room row each, sessions' last change, counters")
    func batchStatements() {
        var batch = WriteBatch()
        for index in 1...5 {
            let post = Posts.chat("m\(index)", in: index % 2 == 0 ? "b" : "a")
            let room: Int64 = index % 2 == 0 ? 2 : 1
            batch.rows.append(
                WriteBatch.Row(
                    message: StoredMessage(id: UInt64(index), seq: UInt64(index), post: post), room: room,
                    key: index % 2 == 0 ? "b" : "a", name: index % 2 == 0 ? "B" : "A"))
        }
        let record = SessionRecord(number: 9, tokenHash: "h", name: "n", rooms: ["a"], expiresMilliseconds: 5)
        batch.sessions = [
            .save(record), .forget(8),
            .save(SessionRecord(number: 8, tokenHash: "", name: "", rooms: [], expiresMilliseconds: 0)), .forget(8),
        ]
        let statements = batch.statements(rowsPerStatement: 2)
        #expect(
            statements.map { $0.sql.prefix(18) } == [
                "INSERT INTO messag", "INSERT INTO messag", "INSERT INTO messag", "INSERT INTO rooms ",
                "INSERT INTO sessio", "DELETE FROM sessio", "UPDATE meta SET la",
            ])
        #expect(statements.prefix(3).map(\.binds.count) == [20, 20, 10])
        let rooms = statements[3].binds
        #expect(
            rooms == [
                .integer(1), .text("a"), .text("A"), .integer(5), .integer(5), .integer(2), .text("b"), .text("B"),
                .integer(4), .integer(4),
            ])
        #expect(statements[4].binds.first == .integer(9) && statements[4].binds.count == 6)
        #expect(statements[5].binds == [.integer(8)])
        #expect(statements[6].binds == [.integer(5), .integer(9)])
        #expect(WriteBatch.decode(rooms: WriteBatch.encode(rooms: ["a\"b", "ü"])) == ["a\"b", "ü"])
    }

    @Test("a message row and back: room, private, kind, sessions")
    func rows() {
        var binds: [SQLiteData] = []
        let whisper = StoredMessage(
            id: 4, seq: 0, post: Posts.whisper("psst", from: "a", session: 1, to: "b", session: 2))
        MessageRow.binds(whisper, room: nil, into: &binds)
        #expect(
            binds == [
                .integer(4), .null, .integer(0), .integer(2), .text("a"), .integer(1), .text("b"), .integer(2),
                .text("psst"), .integer(Int(Posts.now)),
            ])
        #expect(MessageRow.kind(of: MessageRow.code(of: .action)) == .action && MessageRow.kind(of: 7) == nil)
    }

    @Test("/proc/locks: the FLOCK writer of the file's device and inode, not a waiter or another file")
    func procLocks() {
        let text = """
            1: POSIX  ADVISORY  READ 77 fd:01:42 1073741826 1073742335
            2: FLOCK  ADVISORY  WRITE 88 fd:01:41 0 EOF
            2: -> FLOCK  ADVISORY  WRITE 99 fd:01:42 0 EOF
            3: FLOCK  ADVISORY  WRITE 1234 fd:01:42 0 EOF
            """
        #expect(ProcLocks.holder(in: text, major: 0xfd, minor: 1, inode: 42) == 1234)
        #expect(ProcLocks.holder(in: text, major: 0xfd, minor: 2, inode: 42) == nil)
        let split = ProcLocks.split(device: 0xfd01)
        #expect(split.major == 0xfd && split.minor == 1)
    }

    @Test("the default path: XDG_DATA_HOME if absolute, else HOME's .local/share")
    func defaultPath() {
        #expect(
            StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/swchat/swchat.sqlite3")
        #expect(
            StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/a/"])
                == "/home/a/.local/share/swchat/swchat.sqlite3")
        #expect(StoreLocation.defaultPath(environment: ["HOME": "/root"]) == "/root/.local/share/swchat/swchat.sqlite3")
        #expect(StoreLocation.defaultPath(environment: [:]) == nil)
        #expect(StoreLocation.directory(of: "/a/b.db") == "/a" && StoreLocation.directory(of: "/b.db") == "/")
        #expect(StoreLocation.directory(of: "b.db") == ".")
    }

    @Test("read-only URIs escape what URIs give meaning to")
    func uris() {
        #expect(SQLiteURI.readOnly(path: "/a/b.db") == "file:/a/b.db?mode=ro")
        #expect(SQLiteURI.readOnly(path: "/a?b#c%d") == "file:/a%3Fb%23c%25d?mode=ro")
        #expect(SQLiteURI.readOnly(path: "//x/y") == "file:/x/y?mode=ro")
    }
}
