import Foundation
import Testing

/// The security issue's whole story, as a user runs it: `swchat serve --tls-self-signed --op alice`, terminal
/// clients over TLS in tmux. Alice registers, logs in from another terminal, kicks and bans a spammer, who then
/// cannot come back under another name from the same address (here 127.0.0.1, where everyone is). The tmux
/// sessions' names are no prefix of a window's ("bash", "swchat"): tmux takes `-t s` for a window named swchat.
@Suite("Security end to end", .serialized)
struct SecurityEndToEndTests {
    @Test("alice registers over TLS, logs in from a second terminal, kicks and bans a spammer who cannot come back")
    func theStory() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let port = try await tmux.serve("server", options: "--tls-self-signed --op alice")
        let fingerprint = try await TLSEndToEndTests.fingerprint(tmux, "server")
        let trust = "--trust-fingerprint \(fingerprint)"

        try tmux.newSession("first", width: 110, height: 20)
        try TLSEndToEndTests.join(tmux, "first", port: port, name: "alice", options: trust)
        try await tmux.waitFor("first", "alice's welcome") { $0.contains { $0.contains("[connected] TLS") } }
        try tmux.type("first", "/register s3cret-pass")
        try await tmux.waitFor("first", "the registration") { $0.contains { $0.contains("alice is registered") } }

        // A second terminal: the name is registered, so it is alice2 until it logs in.
        try tmux.newSession("second", width: 110, height: 20)
        try TLSEndToEndTests.join(tmux, "second", port: port, name: "alice", options: trust)
        try await tmux.waitFor("second", "the variant") { $0.contains { $0.contains("so you are alice2") } }
        try tmux.type("second", "/login alice s3cret-pass", enter: false)
        let typing = try tmux.screen("second")
        #expect(!typing.joined().contains("s3cret-pass"), "the password is shown as dots while typed")
        try tmux.press("second", "Enter")
        try await tmux.waitFor("second", "the login") { $0.contains { $0.contains("logged in as alice, an operator") } }
        try await tmux.waitFor("first", "being displaced") {
            $0.contains { $0.contains("logged in from another connection") }
        }

        // The spammer: kicked, comes back (a kick is not a ban), then banned.
        try tmux.newSession("spam", width: 110, height: 20)
        try TLSEndToEndTests.join(tmux, "spam", port: port, name: "spammer", options: trust)
        try await tmux.waitFor("spam", "the spammer's welcome") { $0.contains { $0.contains("[connected] TLS") } }
        try tmux.type("spam", "buy cheap watches")
        try await tmux.waitFor("second", "the spam") { $0.contains { $0.contains("buy cheap watches") } }
        try tmux.type("second", "/kick spammer no ads")
        do {
            try await tmux.waitFor("second", "the kick") {
                $0.contains { $0.contains("spammer was kicked by alice: no ads") }
            }
        } catch {
            Issue.record("server: \(try tmux.screen("server").joined(separator: "\n"))")
            throw error
        }
        try await tmux.waitFor("spam", "the kicked spammer back") { screen in
            screen.contains { $0.contains("you were kicked by alice: no ads") }
                && screen.count { $0.contains("Welcome to swchat, spammer") } == 2
        }
        try tmux.type("second", "/ban spammer 1h spam")
        try await tmux.waitFor("spam", "the ban") { $0.contains { $0.contains("you were banned by alice: spam") } }
        try await tmux.waitFor("spam", "the client's word") { $0.contains { $0.contains("not reconnecting") } }
        try tmux.press("spam", "C-c")
        try await tmux.waitFor("spam", "the client ends") { $0.contains { $0.contains("exit=") } }
        try await tmux.waitFor("second", "the announcement") {
            $0.contains { $0.contains("was banned by alice: spam") }
        }

        // Another name from the same address: refused, and the client does not retry.
        try TLSEndToEndTests.join(tmux, "spam", port: port, name: "innocent", options: trust)
        let refused = try await tmux.waitFor("spam", "the refusal") { screen in
            screen.contains { $0.contains("you are banned from this server: spam") }
                && screen.contains { $0.contains("not reconnecting") }
        }
        #expect(!refused.contains { $0.contains("Welcome to swchat, innocent") })
        try tmux.press("spam", "C-c")
        try await tmux.waitFor("spam", "the client ends") { $0.contains { $0.contains("exit=") } }
        // Alice, still connected, is not caught by the ban of her own address, and says so in the room.
        try tmux.type("second", "still here")
        try await tmux.waitFor("second", "alice's line") { $0.contains { $0.contains("<alice> still here") } }
    }
}
