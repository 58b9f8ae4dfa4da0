import Foundation
import Testing

/// TLS as people use it: `serve --tls-self-signed` in tmux, `join --tls` asking once and remembering, a changed
/// certificate refused loudly, `--trust-fingerprint` for scripts, and `openssl s_client` as a text client.
@Suite("TLS end to end", .serialized)
struct TLSEndToEndTests {
    /// The fingerprint the server's log line `tls fingerprint=SHA256:...` shows.
    static func fingerprint(_ tmux: Tmux, _ session: String) async throws -> String {
        let screen = try await tmux.waitFor(session, "the fingerprint line") {
            $0.contains { $0.contains("tls fingerprint=SHA256:") }
        }
        let line = try #require(screen.last { $0.contains("tls fingerprint=SHA256:") })
        let after = try #require(line.range(of: "fingerprint=")).upperBound
        return String(line[after...].prefix { !$0.isWhitespace })
    }

    static func join(_ tmux: Tmux, _ session: String, port: Int, name: String, options: String = "") throws {
        try tmux.type(
            session, "clear; '\(Tmux.swchatPath)' join --tls 127.0.0.1:\(port) --name \(name) \(options); echo exit=$?")
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Stops the server of a session with Ctrl-C and waits for its last log line.
    static func stop(_ tmux: Tmux, _ session: String) async throws {
        try tmux.press(session, "C-c")
        try await tmux.waitFor(session, "the server stopped") { $0.contains { $0.contains("stopped") } }
    }

    @Test("first connect asks (y), the status line says TLS; the second asks nothing; a new certificate is refused")
    func trustOnFirstUse() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let port = try await tmux.serve("server", options: "--tls-self-signed --store memory")
        let fingerprint = try await Self.fingerprint(tmux, "server")
        let data = tmux.home + "/data/swchat"
        #expect(try Self.mode(data) == 0o700)
        #expect(try Self.mode(data + "/tls-key.pem") == 0o600)
        #expect(FileManager.default.fileExists(atPath: data + "/tls-cert.pem"))

        try tmux.newSession("a", width: 100, height: 18)
        try Self.join(tmux, "a", port: port, name: "alice")
        let question = try await tmux.waitFor("a", "the question") {
            $0.contains { $0.contains("Trust it and remember it? (y/N)") }
        }
        #expect(question.contains { $0.contains("Its fingerprint is \(fingerprint)") })
        try tmux.type("a", "y")
        let status = "[connected] TLS 127.0.0.1:\(port) as alice"
        try await tmux.waitFor("a", "TLS on the status line") { $0.contains { $0.contains(status) } }
        let file = tmux.home + "/config/swchat/known_servers"
        let known = try String(contentsOfFile: file, encoding: .utf8)
        #expect(known.contains("127.0.0.1:\(port) \(fingerprint)\n"))
        try tmux.type("a", "/quit")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }

        try Self.join(tmux, "a", port: port, name: "alice")
        let second = try await tmux.waitFor("a", "TLS on the status line") { $0.contains { $0.contains(status) } }
        #expect(!second.contains { $0.contains("Trust it") })
        try tmux.type("a", "/quit")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }

        // The server comes back with another certificate (its files deleted): the client refuses, loudly.
        try await Self.stop(tmux, "server")
        try FileManager.default.removeItem(atPath: data + "/tls-cert.pem")
        try FileManager.default.removeItem(atPath: data + "/tls-key.pem")
        _ = try await tmux.serve("server2", options: "--tls-self-signed --store memory", port: port)
        let changed = try await Self.fingerprint(tmux, "server2")
        #expect(changed != fingerprint)
        try Self.join(tmux, "a", port: port, name: "alice")
        let refusal = try await tmux.waitFor("a", "exit=1") { $0.contains("exit=1") }
        #expect(refusal.contains { $0.contains("SERVER IDENTIFICATION HAS CHANGED") })
        #expect(refusal.contains { $0.contains("delete line 2 of") })
        #expect(refusal.contains { $0.contains("/config/swchat/known_servers") })
        #expect(refusal.contains { $0.contains(changed) })
        // The terminal is as it was: the shell echoes what is typed and runs it.
        try tmux.type("a", "clear; echo sane-$((40+2))")
        try await tmux.waitFor("a", "the shell") { $0.contains("sane-42") }
    }

    @Test("the certificate is kept across restarts; --trust-fingerprint asks nothing; openssl s_client chats")
    func scriptsAndOpenSSL() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let first = try await tmux.serve("server", options: "--tls-self-signed --store memory")
        let fingerprint = try await Self.fingerprint(tmux, "server")
        try await Self.stop(tmux, "server")
        let port = try await tmux.serve("server2", options: "--tls-self-signed --store memory", port: first)
        #expect(try await Self.fingerprint(tmux, "server2") == fingerprint, "the same certificate, reused")

        // Line mode cannot ask: refused, saying what to pass.
        try tmux.newSession("s", width: 160, height: 12)
        let client = "'\(Tmux.swchatPath)' join --tls 127.0.0.1:\(port) --name bot"
        try tmux.type("s", "echo hi | \(client); echo exit=$?")
        let refused = try await tmux.waitFor("s", "exit=1") { $0.contains("exit=1") }
        #expect(refused.joined().contains("--trust-fingerprint"))
        try tmux.type(
            "s",
            "clear; echo hi | \(client) --trust-fingerprint SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; echo exit=$?"
        )
        try await tmux.waitFor("s", "exit=1") { $0.contains("exit=1") }

        // On a terminal, with the right fingerprint: no question, straight in.
        try tmux.newSession("a", width: 100, height: 16)
        try Self.join(tmux, "a", port: port, name: "alice", options: "--trust-fingerprint \(fingerprint)")
        let screen = try await tmux.waitFor("a", "TLS on the status line") {
            $0.contains { $0.contains("[connected] TLS 127.0.0.1:\(port) as alice") }
        }
        #expect(!screen.contains { $0.contains("Trust it") })
        let known = try String(contentsOfFile: tmux.home + "/config/swchat/known_servers", encoding: .utf8)
        #expect(known.contains("127.0.0.1:\(port) \(fingerprint)"))

        // openssl s_client is a text client like nc.
        try tmux.newSession("o", width: 100, height: 12)
        try tmux.type("o", "openssl s_client -quiet -connect 127.0.0.1:\(port) 2>/dev/null")
        try await tmux.waitFor("o", "the text welcome") { $0.contains { $0.contains("Welcome to swchat, guest-") } }
        try tmux.type("o", "hello from openssl")
        try await tmux.waitFor("a", "openssl's line") { $0.contains { $0.contains("hello from openssl") } }
        try tmux.type("a", "hi openssl")
        try await tmux.waitFor("o", "alice's line") { $0.contains { $0.contains("alice: hi openssl") } }
        try tmux.type("a", "/quit")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
    }
}
