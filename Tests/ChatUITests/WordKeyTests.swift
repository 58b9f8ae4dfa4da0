import ChatProtocol
import Testing

@testable import ChatUI

/// The word keys reach the editor, and unbound Alt chords never insert text.
@Suite struct WordKeyTests {
    static func typed(_ text: String, then keys: [Key]) -> ChatState {
        var state = ChatState(serverAddress: "127.0.0.1:8080", myName: "me", size: Size(width: 60, height: 12))
        _ = state.apply(.connected, now: 0)
        for character in text { _ = state.apply(.key(.character(character)), now: 0) }
        for key in keys { _ = state.apply(.key(key), now: 0) }
        return state
    }

    /// Alt-Left and Alt-Right moved by words too until rooms came: they now switch rooms, as in WeeChat and irssi
    /// (RoomKeyTests), and Ctrl-Left/Right and Alt-B/F remain for words.
    @Test(
        "word motions",
        arguments: [
            ([Key.alt(.character("b"))], 6), ([.alt(.character("B"))], 6), ([.controlLeft], 6),
            ([.home, .alt(.character("f"))], 5), ([.home, .controlRight], 5),
        ])
    func motions(keys: [Key], cursor: Int) {
        #expect(Self.typed("hello world", then: keys).editor.cursor == cursor)
    }

    @Test("Alt-Backspace and Alt-D delete words")
    func deletes() {
        #expect(Self.typed("hello world", then: [.alt(.backspace)]).editor.text == "hello ")
        #expect(Self.typed("hello world", then: [.home, .alt(.character("d"))]).editor.text == " world")
    }

    @Test("Alt-B, then typing, then Enter sends the edited line")
    func editedLine() {
        var state = Self.typed("hello world", then: [.alt(.character("b")), .character("X")])
        #expect(state.apply(.key(.enter), now: 0) == [.send("hello Xworld")])
    }

    @Test("an Alt chord with nothing bound to it inserts nothing")
    func unboundAlt() {
        #expect(Self.typed("hi", then: [.alt(.character("z")), .alt(.character("[")), .alt(.tab)]).editor.text == "hi")
    }
}
