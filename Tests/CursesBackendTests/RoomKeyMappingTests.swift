import CNCursesW
import ChatUI
import Testing

@testable import CursesBackend

/// The keys that switch rooms arrive as the keys `ChatState` binds: Alt-1..Alt-9, Alt-A, Alt-Left/Right in each
/// spelling terminals use, Ctrl-P and Ctrl-N.
@Suite("Room keys")
struct RoomKeyMappingTests {
    static let char = KeyMappingTests.char
    static let text = KeyMappingTests.text

    @Test("Alt-digit and Alt-A are ESC then the key, in one read", arguments: Array("1234567890aA"))
    func altDigits(key: Character) {
        #expect(KeyMapping.keys(from: [Self.char(27)] + Self.text(String(key))) == [.alt(.character(key))])
    }

    @Test(
        "Alt-Left and Alt-Right: xterm's modifier codes, terminfo's extended keys, ESC before an arrow",
        arguments: [
            ([Self.char(27)] + Self.text("[1;3D"), Key.alt(.left)),
            ([Self.char(27)] + Self.text("[1;3C"), .alt(.right)),
            ([.extendedKey(name: "kLFT3", code: 560)], .alt(.left)),
            ([.extendedKey(name: "kRIT3", code: 575)], .alt(.right)),
            ([Self.char(27), KeyMappingTests.keyCode(KEY_LEFT)], .alt(.left)),
            ([Self.char(27), KeyMappingTests.keyCode(KEY_RIGHT)], .alt(.right)),
            // rxvt, PuTTY and screen send ESC, then the arrow's own sequence.
            ([Self.char(27), Self.char(27)] + Self.text("[D"), .alt(.left)),
            ([Self.char(27), Self.char(27)] + Self.text("[C"), .alt(.right)),
            ([Self.char(27), Self.char(27)] + Self.text("OD"), .alt(.left)),
        ] as [([KeyMapping.RawInput], Key)])
    func altArrows(inputs: [KeyMapping.RawInput], expected: Key) {
        #expect(KeyMapping.keys(from: inputs + Self.text("z")) == [expected, .character("z")])
    }

    @Test("ESC before an unknown sequence is not Alt: the sequence is swallowed, the ESC stays a lone Esc")
    func escapeBeforeUnknownSequence() {
        #expect(KeyMapping.keys(from: [Self.char(27), Self.char(27)] + Self.text("[1;2Q")) == [.escape, .unknown(27)])
    }

    @Test("Ctrl-P and Ctrl-N are control chords")
    func controlPN() {
        #expect(KeyMapping.keys(from: [Self.char(16), Self.char(14)]) == [.control("p"), .control("n")])
    }

    @Test("through the decoder, outside a paste: Alt-2 switches; inside a paste it is text")
    func decoder() {
        var decoder = InputDecoder()
        #expect(decoder.decode([Self.char(27)] + Self.text("2"), now: 0) == [.alt(.character("2"))])
        let paste =
            [Self.char(27)] + Self.text("[200~x") + [Self.char(27)] + Self.text("2") + [Self.char(27)]
            + Self.text("[201~")
        #expect(decoder.decode(paste, now: 10) == [.paste("x2")])
    }
}
