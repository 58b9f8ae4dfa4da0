import ChatServer
import Foundation
import SQLiteNIO
import Testing

@testable import ChatStore

/// Accounts, bans, mutes and mail in a real SQLite file: kept across a reopen, changed and forgotten, the
/// sessions' account, an older store upgraded in place, and a damaged record refused with one line.
@Suite("SQLite store: accounts and bans")
struct ModerationStoreTests {
    static let account = AccountRecord(
        name: "Alice", passwordHash: "scrypt$ln=4,r=8,p=1$c2FsdA==$aGFzaA==", createdMilliseconds: 1)
    static let ban = Restriction(
        id: 7, kind: .ban, address: "192.0.2.1", account: "spammer", name: "spammer", reason: "spam", by: "alice",
        createdMilliseconds: 2, expiresMilliseconds: 9_000_000_000_000)
    static let mail = MailRecord(
        id: 8, recipient: "alice", senderName: "bob", senderSession: 3, text: "hi ü", wallMilliseconds: 4)

    @Test("records and a session's account survive a reopen; changes and forgets are applied in order")
    func kept() async throws {
        let fixture = try StoreFixture()
        let (store, empty) = try await fixture.open()
        #expect(empty.moderation.isEmpty)
        try await store.calls.run { store in
            store.save(.account(Self.account))
            store.save(.restriction(Self.ban))
            store.save(.mail(Self.mail))
            var op = Self.account
            op.isOperator = true
            store.save(.account(op))
            store.forget(.mail, key: "8")
            store.save(
                SessionRecord(
                    number: 1, tokenHash: "h", name: "Alice", rooms: ["lobby"], expiresMilliseconds: 9_000_000_000_000,
                    account: "alice"))
        }
        try await store.calls.close()
        let (again, snapshot) = try await fixture.open()
        var op = Self.account
        op.isOperator = true
        #expect(snapshot.moderation.count == 2)
        #expect(snapshot.moderation.contains(.account(op)))
        #expect(snapshot.moderation.contains(.restriction(Self.ban)))
        #expect(snapshot.sessions.first?.account == "alice")
        try await again.calls.close()
    }

    @Test("a version 1 store is upgraded in place: its sessions kept, accounts and bans then kept too")
    func upgraded() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        try await store.calls.run { store in
            store.save(
                SessionRecord(number: 4, tokenHash: "h", name: "bob", rooms: [], expiresMilliseconds: 9_000_000_000_000)
            )
        }
        _ = try await store.calls.stored([Posts.chat("before the upgrade")])
        try await store.calls.close()
        // Back to what version 1 was.
        try await StoreRefusalTests.makeDatabase(
            at: fixture.path,
            ["DROP TABLE records", "ALTER TABLE sessions DROP COLUMN account", "PRAGMA user_version = 1"])
        let (upgraded, snapshot) = try await fixture.open()
        #expect(snapshot.sessions.map(\.name) == ["bob"])
        #expect(try await upgraded.calls.after("lobby", 0).map(\.post.text) == ["before the upgrade"])
        try await upgraded.calls.run { $0.save(.restriction(Self.ban)) }
        try await upgraded.calls.close()
        let (reopened, after) = try await fixture.open()
        #expect(after.moderation == [.restriction(Self.ban)])
        try await reopened.calls.close()
        let version = try await Self.userVersion(fixture.path)
        #expect(version == StoreSchema.version)
    }

    @Test("a damaged record: the store is refused with one line naming it, the file left as it was")
    func damaged() async throws {
        let fixture = try StoreFixture()
        let (store, _) = try await fixture.open()
        try await store.calls.run { $0.save(.restriction(Self.ban)) }
        try await store.calls.close()
        try await StoreRefusalTests.makeDatabase(
            at: fixture.path, ["UPDATE records SET body = '{\"id\": \"seven\"}' WHERE kind = 'restriction'"])
        let error = try await StoreRefusalTests.refusal(fixture)
        #expect(error.description.contains("its restriction record 7 is unreadable"), "\(error)")
    }

    static func userVersion(_ path: String) async throws -> Int? {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let version = try await connection.query("PRAGMA user_version").first?.column("user_version")?.integer
        try await connection.close()
        return version
    }
}
