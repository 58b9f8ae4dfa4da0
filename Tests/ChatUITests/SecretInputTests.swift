import Testing

@testable import ChatUI

/// Passwords typed into the input line: shown as dots, never kept in the input history.
@Suite struct SecretInputTests {
    static func editor(_ text: String) -> LineEditor {
        var editor = LineEditor()
        editor.insert(text)
        return editor
    }

    @Test func thePasswordPartIsMasked() {
        #expect(Self.editor("/login alice s3cret").shown.text == "/login alice ••••••")
        #expect(Self.editor("/LOGIN alice s3cret").shown.text == "/LOGIN alice ••••••")
        #expect(Self.editor("/register hunter22").shown.text == "/register ••••••••")
        #expect(Self.editor("/passwd old new").shown.text == "/passwd •••••••")
        #expect(Self.editor("/unregister pw").shown.text == "/unregister ••")
        // Before the password starts, nothing is hidden; other lines are shown as typed.
        #expect(Self.editor("/login alice").shown.text == "/login alice")
        #expect(Self.editor("/login").shown.text == "/login")
        #expect(Self.editor("/msg alice s3cret").shown.text == "/msg alice s3cret")
        #expect(Self.editor("hello /login alice x").shown.text == "hello /login alice x")
        // Wide characters become one dot each, and the cursor stays where it was.
        var editor = Self.editor("/register 密码密码")
        editor.moveLeft()
        let shown = editor.shown
        #expect(shown.text == "/register ••••")
        #expect(shown.cursor == editor.cursor)
    }

    @Test func passwordLinesAreNotKeptInHistory() {
        var editor = Self.editor("hello")
        _ = editor.submit()
        editor.insert("/login alice s3cret")
        #expect(editor.submit() == "/login alice s3cret")
        editor.insert("/passwd a b")
        _ = editor.submit()
        #expect(editor.history == ["hello"])
    }

    @Test func theScreenShowsDots() {
        var state = ScreenTests.state()
        state.editor.insert("/login alice topsecret")
        let screen = ScreenTests.render(state).lines.joined(separator: "\n")
        #expect(!screen.contains("topsecret"))
        #expect(screen.contains("/login alice •••••••••"))
    }

    /// Typed while the connection is down (reconnecting), a line with a password is not sent: the note saying so
    /// shows it masked, and does not send the user to a history that does not have it.
    @Test func aPasswordLineTypedOfflineStaysOffTheScreen() {
        var state = ScreenTests.state()
        _ = state.apply(.disconnected(reason: "the server closed the connection"), now: ScreenTests.t0)
        state.editor.insert("/login alice topsecret")
        #expect(state.apply(.key(.enter), now: ScreenTests.t0) == [])
        let note = state.entries.last?.text ?? ""
        #expect(note.contains("was not sent") && !note.contains("topsecret") && !note.contains("press Up"))
        #expect(!ScreenTests.render(state).lines.joined(separator: "\n").contains("topsecret"))
    }
}
