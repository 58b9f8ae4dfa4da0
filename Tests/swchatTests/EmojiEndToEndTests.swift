import ChatUI
import Testing

/// Emoji sequences in the real terminal client, in tmux: every scalar arrives, the sidebar bar stays put, and the
/// input cursor sits right after what was typed.
@Suite("Emoji end to end", .serialized)
struct EmojiEndToEndTests {
    @Test("👋🏽 👨‍👩‍👧 🇯🇵 show whole with the bar in its column, and the cursor follows typed flags")
    func emojiSequences() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        let server = try await TerminalEndToEndTests.startServer()
        try tmux.newSession("a", width: 100, height: 12)
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(server.port) --name alice; echo exit=$?")
        try await tmux.waitFor("a", "welcome") { $0.contains { $0.contains("Welcome to swchat, alice") } }

        let message = "x 👋🏽 👨‍👩‍👧 🇯🇵 y"
        try Tmux.say([message], port: server.port, as: "bob")
        let screen = try await tmux.waitFor("a", "the message, every scalar of it") {
            $0.contains { $0.contains("<bob> \(message)") }
        }
        for row in screen.prefix(10) {
            #expect(Tmux.barColumn(row) == 81, "bar at column 81 on every log row: \(row)")
        }

        let typed = "🇯🇵🇯🇵ab"
        try tmux.type("a", typed, enter: false)
        try await tmux.waitFor("a", "the typed flags") { $0.contains("> \(typed)") }
        #expect(try tmux.cursor("a").x == 2 + TextWidth.columns(of: typed), "the cursor right after the flags")
        let more = " 👋🏽👨‍👩‍👧🇺🇸"
        try tmux.type("a", more, enter: false)
        try await tmux.waitFor("a", "the typed emoji") { $0.contains("> \(typed + more)") }
        #expect(try tmux.cursor("a").x == 2 + TextWidth.columns(of: typed + more), "the cursor right after the emoji")

        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        await server.shutdown()
    }
}
