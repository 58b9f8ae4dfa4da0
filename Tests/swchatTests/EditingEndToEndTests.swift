import Foundation
import Testing

/// Word motions typed into the real `swchat join` in tmux.
@Suite("Editing keys in the terminal client", .serialized)
struct EditingEndToEndTests {
    @Test("Alt-B, Alt-F, Ctrl-Left, Alt-Backspace and Alt-D edit by word")
    func wordKeys() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        try tmux.newSession("a", width: 80, height: 14)
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(server.port) --name ed; echo exit=$?")
        try await tmux.waitFor("a", "the welcome") { $0.contains { $0.contains("Welcome to swchat, ed") } }
        // Each case: what to type, the keys, what to type after, and the line the room gets.
        let cases: [(String, [String], String, String)] = [
            ("hello world", ["M-b"], "X", "hello Xworld"),
            ("one two three", ["C-Left", "C-Left"], "Y", "one Ytwo three"),
            ("alpha beta", ["M-BSpace"], "gamma", "alpha gamma"),
            ("red green blue", ["Home", "M-f", "M-d"], "", "red blue"),
            ("left right", ["Home", "C-Right"], "!", "left! right"),
        ]
        for (before, keys, after, expected) in cases {
            try tmux.type("a", before, enter: false)
            // Wait for the text to be drawn, so the keys come as keys and not glued to it in one read.
            try await tmux.waitFor("a", "'\(before)' typed") { $0.contains { $0.hasPrefix("> \(before)") } }
            for key in keys { try tmux.press("a", key) }
            if !after.isEmpty { try tmux.type("a", after, enter: false) }
            try tmux.press("a", "Enter")
            try await tmux.waitFor("a", "the line '\(expected)'") { $0.contains { Self.ownLine(in: $0) == expected } }
        }
        try tmux.type("a", "/quit")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        await server.shutdown()
    }

    /// The text of an own chat line in a log row ("12:00 <ed> text    │ sidebar"), or nil.
    static func ownLine(in row: String) -> String? {
        guard let start = row.range(of: "<ed> ") else { return nil }
        let text = row[start.upperBound...].prefix { $0 != "│" }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
