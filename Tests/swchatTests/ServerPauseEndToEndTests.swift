import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `swchat serve` process stopped with SIGSTOP (as a paused VM or a suspended laptop stops it) longer than
/// its idle timeout, while its clients go on pinging. With a handful of clients the loop happens to read them all
/// before its overdue sweep runs; with more input waiting than one wake reads (the crowd), the build before the fix
/// timed out those it had not read yet.
@Suite("Server paused end to end")
struct ServerPauseEndToEndTests {
    @Test(
        "stopped 5 s with --idle-timeout 3: on waking, clients that kept pinging stay, and a line sent meanwhile arrives"
    )
    func sigstop() async throws {
        let port = try TextSocketClient.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        server.arguments = [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--idle-timeout", "3", "--log-level", "error",
            "--store", "memory", "--trust-loopback",
        ]
        try server.run()
        defer {
            kill(server.processIdentifier, SIGCONT)
            server.terminate()
            server.waitUntilExit()
        }
        let pinger = try await TextSocketClient.connecting(port: port)
        try pinger.send(#"{"type":"hello","data":"pinger"}"#)
        let talker = try await TextSocketClient.connecting(port: port)
        try talker.send(#"{"type":"hello","data":"talker"}"#)
        // A crowd pinging too: more connections with input waiting than the server reads in one wake.
        var crowd: [TextSocketClient] = []
        for index in 0..<150 {
            let client = try await TextSocketClient.connecting(port: port)
            try client.send(#"{"type":"hello","data":"crowd\#(index)"}"#)
            crowd.append(client)
        }
        for client in [pinger, talker] + crowd {
            try await client.waitFor("the welcome") { $0.contains { $0.contains(#""type":"welcome""#) } }
        }

        #expect(kill(server.processIdentifier, SIGSTOP) == 0)
        // Five seconds stopped; both keep pinging every 300 ms (as a client's keep-alive would), and one line is said.
        for index in 0..<17 {
            for client in [pinger, talker] + crowd {
                try client.send(#"{"type":"ping","data":"stopped \#(index)"}"#)
            }
            if index == 8 { try talker.send(#"{"data":"said while stopped"}"#) }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(kill(server.processIdentifier, SIGCONT) == 0)

        try await pinger.waitFor("the line sent while the server was stopped") {
            $0.contains { $0.contains("said while stopped") }
        }
        // More than a timeout after waking, still pinging: nobody may be timed out.
        for index in 0..<12 {
            for client in [pinger, talker] + crowd {
                try client.send(#"{"type":"ping","data":"awake \#(index)"}"#)
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        for client in [pinger, talker] + crowd {
            try await client.waitFor("the last pong") { $0.contains { $0.contains(#""data":"awake 11""#) } }
            #expect(!client.lines.contains { $0.contains("idle timeout") }, "\(client.lines.suffix(5))")
            #expect(!client.isClosed)
        }
    }
}
