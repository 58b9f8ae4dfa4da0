import Foundation
import Testing

/// `swchat serve --op alice` as a process, with its default SQLite store, and `nc`-style text clients: alice
/// registers, logs in from a second connection, and bans a spammer who then cannot come back under another name
/// from the same address, not even after the server restarts; the password is in neither the log nor the store.
@Suite("Moderation end to end", .serialized)
struct ModerationEndToEndTests {
    @Test("alice registers, logs in elsewhere, bans a spammer by name; the ban holds across a restart")
    func banHolds() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let port = try await tmux.serve("serve", options: "--op alice")

        let first = try await TextSocketClient.connecting(port: port)
        try first.send("/nick alice")
        try await first.waitFor("the rename") { $0.contains { $0.contains("is now known as alice") } }
        try first.send("/register s3cret-pass")
        try await first.waitFor("the registration") { $0.contains { $0.contains("alice is registered") } }

        let second = try await TextSocketClient.connecting(port: port)
        try second.send("/login alice s3cret-pass")
        try await second.waitFor("the login") { $0.contains { $0.contains("you are logged in as alice, an operator") } }
        try await first.waitFor("being displaced") {
            $0.contains { $0.contains("alice logged in from another connection") }
        }

        let spammer = try TextSocketClient(port: port, from: "127.0.0.2")
        try spammer.send("/nick spammer")
        try spammer.send("buy cheap watches")
        try await second.waitFor("the spam") { $0.contains { $0.contains("buy cheap watches") } }
        try second.send("/ban spammer spam")
        try await spammer.waitFor("the ban") { lines in lines.contains { $0.contains("you were banned by alice: spam") }
        }
        try await second.waitFor("the announcement") {
            $0.contains { $0.contains("spammer was banned by alice: spam") }
        }
        try await Self.waitClosed(spammer)

        // Another name from the same address: refused before it can say anything.
        let sock = try TextSocketClient(port: port, from: "127.0.0.2")
        try await sock.waitFor("the refusal") { $0.contains { $0.contains("you are banned from this server: spam") } }
        try await Self.waitClosed(sock)

        // Restarted on the same store: the ban and the account are still there.
        try tmux.press("serve", "C-c")
        try await tmux.waitFor("serve", "the stop") { $0.contains { $0.contains("stopped") } }
        let log = try tmux.screen("serve").joined(separator: "\n")
        #expect(log.contains("alice banned"), "the ban is logged with who did it:\n\(log)")
        try tmux.run("kill-session", "-t", "serve")
        _ = try await tmux.serve("serve", options: "--op alice", port: port)
        let again = try await TextSocketClient.connecting(port: port, from: "127.0.0.2")
        try await again.waitFor("the refusal after the restart") {
            $0.contains { $0.contains("you are banned from this server") }
        }
        let back = try await TextSocketClient.connecting(port: port)
        try back.send("/login alice s3cret-pass")
        try await back.waitFor("the login after the restart") {
            $0.contains { $0.contains("you are logged in as alice") }
        }
        try back.send("/bans")
        try await back.waitFor("the list") { $0.contains { $0.contains("ban: 127.0.0.2 (spammer): spam (by alice)") } }

        // The password is nowhere in what the server kept or printed.
        let folder = tmux.home + "/data/swchat"
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            #expect(bytes.range(of: Data("s3cret-pass".utf8)) == nil, "\(file) holds the password")
        }
        #expect(!(try tmux.screen("serve").joined()).contains("s3cret"))
    }

    static func waitClosed(_ client: TextSocketClient) async throws {
        try await client.waitFor("the server to close the connection") { _ in client.isClosed }
    }
}
