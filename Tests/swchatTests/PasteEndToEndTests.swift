import Foundation
import Testing

/// Pasting many lines into `swchat join` against a real `swchat serve` (default flood limit: 10 at once, then 5/s).
@Suite("Pasting into the terminal client", .serialized)
struct PasteEndToEndTests {
    @Test("20 pasted lines, as keystrokes and as a bracketed paste, all reach the room in order, paced")
    func twentyLines() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let port = try await tmux.serve("serve")

        let reader = try TextSocketClient(port: port)
        try await reader.waitFor("the reader's welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        try tmux.newSession("paste", width: 100, height: 16)
        try tmux.type("paste", "'\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name paster; echo exit=$?")
        try await tmux.waitFor("paste", "the welcome") { $0.contains { $0.contains("Welcome to swchat, paster") } }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("paste-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        // Plain paste-buffer types the lines (newlines become Enter); -p wraps them in ESC[200~ … ESC[201~ because
        // the client asked for bracketed paste.
        for (prefix, bracketed) in [("typed", false), ("bracketed", true)] {
            let expected = (1...20).map { "\(prefix) paste line \($0)" }
            try Data((expected.joined(separator: "\n") + "\n").utf8).write(to: file)
            try tmux.run("load-buffer", file.path)
            if bracketed {
                try tmux.run("paste-buffer", "-p", "-t", "paste")
            } else {
                try tmux.run("paste-buffer", "-t", "paste")
            }
            try await tmux.waitFor("paste", "the queue in the status line") { $0.contains { $0.contains("queued") } }
            let received = try await reader.waitFor("all 20 \(prefix) lines", timeout: .seconds(15)) { lines in
                lines.filter { $0.contains("paster: \(prefix) ") }.count >= 20
            }
            let sent = received.filter { $0.contains("paster: \(prefix) ") }.compactMap {
                $0.components(separatedBy: "paster: ").last
            }
            #expect(sent == expected, "every line once, in order")
            try await tmux.waitFor("paste", "the queue gone from the status line") {
                !$0.contains { $0.contains("queued") }
            }
        }
        // Typed lines go into the input history, a paste's do not: Up recalls the last typed one, which shows that
        // the -p paste came as one bracketed paste and not as keystrokes.
        try tmux.press("paste", "Up")
        try await tmux.waitFor("paste", "the last typed line recalled") {
            $0.contains { $0.hasPrefix("> typed paste line 20") }
        }
        try tmux.press("paste", "C-u")
        let screen = try tmux.screen("paste")
        #expect(!screen.contains { $0.contains("flood limit") }, "the server never dropped a line: \(screen)")
        #expect(!reader.lines.contains { $0.contains("flood") })
        try tmux.type("paste", "/quit")
        try await tmux.waitFor("paste", "exit=0") { $0.contains("exit=0") }
        try tmux.press("serve", "C-c")
    }

    @Test("Esc-Esc asks before dropping a queued paste, Esc drops it; Ctrl-C asks, Ctrl-C again quits")
    func dropTheQueue() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let server = try await TerminalEndToEndTests.startServer()
        let reader = try TextSocketClient(port: server.port)
        try await reader.waitFor("the reader's welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        try tmux.newSession("a", width: 100, height: 16)
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(server.port) --name dropper; echo exit=$?")
        try await tmux.waitFor("a", "the welcome") { $0.contains { $0.contains("Welcome to swchat, dropper") } }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("paste-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(((1...60).map { "drop line \($0)" }.joined(separator: "\n") + "\n").utf8).write(to: file)
        try tmux.run("load-buffer", file.path)

        try tmux.run("paste-buffer", "-p", "-t", "a")
        try await tmux.waitFor("a", "the queue") { $0.contains { $0.contains(" queued") } }
        try tmux.press("a", "Escape")
        try tmux.press("a", "Escape")
        try await tmux.waitFor("a", "the question") { $0.contains { $0.contains("Esc again: drop") } }
        try tmux.press("a", "Escape")
        try await tmux.waitFor("a", "the drop") { $0.contains { $0.contains("lines that were not sent yet") } }
        #expect(try !tmux.screen("a").contains { $0.contains(" queued") })
        // Nothing more comes after the drop: a marker line typed now is the next line the room gets.
        try tmux.type("a", "after the drop")
        let lines = try await reader.waitFor("the marker") { $0.contains { $0.hasSuffix("dropper: after the drop") } }
        let dropped = lines.filter { $0.contains("dropper: drop line") }.count
        #expect(dropped < 60, "the queue was dropped, not sent")
        #expect(lines.last?.hasSuffix("dropper: after the drop") == true)

        try tmux.run("paste-buffer", "-p", "-t", "a")
        try await tmux.waitFor("a", "the queue again") { $0.contains { $0.contains(" queued") } }
        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "the question") { $0.contains { $0.contains("Ctrl-C again: quit") } }
        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        await server.shutdown()
    }
}
