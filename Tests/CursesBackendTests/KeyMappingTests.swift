import CNCursesW
import ChatUI
import Testing

@testable import CursesBackend

/// `KeyMapping` is pure: these tests feed it what `wget_wch` would return, with no terminal.
@Suite("KeyMapping")
struct KeyMappingTests {
    /// A plain (non-key-code) value, as `wget_wch` returning `OK`.
    static func char(_ code: UInt32) -> KeyMapping.RawInput { .code(code, isKeyCode: false) }
    /// A `KEY_*` code, as `wget_wch` returning `KEY_CODE_YES`.
    static func keyCode(_ code: Int32) -> KeyMapping.RawInput { .code(UInt32(bitPattern: code), isKeyCode: true) }
    /// The plain values for each scalar of `text`.
    static func text(_ text: String) -> [KeyMapping.RawInput] { text.unicodeScalars.map { char($0.value) } }

    @Test(
        "control bytes",
        arguments: [
            (UInt32(13), Key.enter), (10, .enter), (9, .tab), (127, .backspace), (8, .backspace),
            (27, .escape), (1, .control("a")), (3, .control("c")), (4, .control("d")), (26, .control("z")),
            (11, .control("k")), (0, .unknown(0)), (28, .unknown(28)), (0x85, .unknown(0x85)),
        ])
    func controlBytes(code: UInt32, expected: Key) {
        #expect(KeyMapping.key(code: code, isKeyCode: false) == expected)
    }

    @Test(
        "printable characters",
        arguments: [(UInt32(0x61), Character("a")), (0x20, " "), (0x4F60, "你"), (0x1F642, "🙂"), (0xE9, "é")])
    func printable(code: UInt32, expected: Character) {
        #expect(KeyMapping.key(code: code, isKeyCode: false) == .character(expected))
    }

    @Test("an invalid scalar is unknown")
    func invalidScalar() {
        #expect(KeyMapping.key(code: 0xD800, isKeyCode: false) == .unknown(0xD800))
        #expect(KeyMapping.key(code: 0x11_0000, isKeyCode: false) == .unknown(0x11_0000))
    }

    @Test(
        "key codes",
        arguments: [
            (KEY_ENTER, Key.enter), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete),
            (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_UP, .up), (KEY_DOWN, .down),
            (KEY_HOME, .home), (KEY_FIND, .home), (KEY_A1, .home), (KEY_BEG, .home),
            (KEY_END, .end), (KEY_SELECT, .end), (KEY_C1, .end), (KEY_LL, .end),
            (KEY_PPAGE, .pageUp), (KEY_A3, .pageUp), (KEY_NPAGE, .pageDown), (KEY_C3, .pageDown),
            (KEY_RESIZE, .resize), (KEY_MOUSE, .unknown(KEY_MOUSE)), (KEY_F0 + 2, .unknown(KEY_F0 + 2)),
        ])
    func keyCodes(code: Int32, expected: Key) {
        #expect(KeyMapping.key(code: UInt32(bitPattern: code), isKeyCode: true) == expected)
    }

    @Test("a key code is never taken for the character with the same number")
    func keyCodeVersusCharacter() {
        // KEY_LEFT is 0o404 = 260 = "Ą" as a scalar.
        #expect(KeyMapping.key(code: UInt32(KEY_LEFT), isKeyCode: false) == .character("Ą"))
        #expect(KeyMapping.key(code: UInt32(KEY_LEFT), isKeyCode: true) == .left)
    }

    @Test("scalars of one grapheme cluster become one character")
    func graphemeClusters() {
        let family = "👨\u{200D}👩\u{200D}👧"
        let thumbs = "👍🏽"
        let accented = "e\u{301}"
        let keys = KeyMapping.keys(from: Self.text("a" + accented + thumbs + family + "你好"))
        #expect(
            keys == [
                .character("a"), .character(Character(accented)), .character(Character(thumbs)),
                .character(Character(family)), .character("你"), .character("好"),
            ])
    }

    @Test("control keys split text runs and keep their order")
    func mixedBatch() {
        let inputs = Self.text("hi") + [Self.char(13), Self.keyCode(KEY_LEFT)] + Self.text("x") + [Self.char(3)]
        #expect(
            KeyMapping.keys(from: inputs) == [
                .character("h"), .character("i"), .enter, .left, .character("x"), .control("c"),
            ])
    }

    @Test("CR then LF stays two enters, not one \"\\r\\n\" character")
    func crlf() {
        #expect(KeyMapping.keys(from: [Self.char(13), Self.char(10)]) == [.enter, .enter])
    }

    @Test(
        "raw escape sequences ncurses did not decode",
        arguments: [
            ("[1~", Key.home), ("[4~", .end), ("[7~", .home), ("[8~", .end), ("[H", .home), ("[F", .end),
            ("OH", .home), ("OF", .end), ("[A", .up), ("OB", .down), ("[C", .right), ("[D", .left),
            ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown), ("[1;5D", .controlLeft), ("[1;5C", .controlRight),
            ("[1;3D", .alt(.left)), ("[1;3C", .alt(.right)), ("[1;2Q", .unknown(27)),
        ])
    func rawEscapeSequences(sequence: String, expected: Key) {
        let inputs = [Self.char(27)] + Self.text(sequence) + Self.text("z")
        #expect(KeyMapping.keys(from: inputs) == [expected, .character("z")])
    }

    @Test("a lone escape; escape then a key in the same read is Alt with that key")
    func escapeAndAlt() {
        #expect(KeyMapping.keys(from: [Self.char(27)]) == [.escape])
        #expect(KeyMapping.keys(from: [Self.char(27), Self.char(27)]) == [.escape, .escape])
        // Terminals send Alt-x as ESC x (the same bytes arrive together; a person's Esc then x come in two reads).
        #expect(KeyMapping.keys(from: [Self.char(27)] + Self.text("bx")) == [.alt(.character("b")), .character("x")])
        #expect(KeyMapping.keys(from: [Self.char(27)] + Self.text("F")) == [.alt(.character("F"))])
        #expect(KeyMapping.keys(from: [Self.char(27), Self.char(127)]) == [.alt(.backspace)])
        #expect(KeyMapping.keys(from: [Self.char(27), Self.char(8)]) == [.alt(.backspace)])
        #expect(KeyMapping.keys(from: [Self.char(27), Self.keyCode(KEY_LEFT)]) == [.alt(.left)])
        #expect(
            KeyMapping.keys(from: [Self.char(27), Self.char(27)] + Self.text("d")) == [.escape, .alt(.character("d"))])
        // An unfinished CSI or SS3 is Alt-[ or Alt-O, never text in the input line.
        #expect(KeyMapping.keys(from: [Self.char(27)] + Self.text("[")) == [.alt(.character("["))])
        #expect(KeyMapping.keys(from: [Self.char(27)] + Self.text("Ok")) == [.alt(.character("O")), .character("k")])
    }

    @Test(
        "extended keys by their terminfo names (ncurses gives them codes above KEY_MAX)",
        arguments: [
            ("kLFT5", Key.controlLeft), ("kRIT5", .controlRight), ("kLFT3", .alt(.left)), ("kRIT3", .alt(.right)),
            ("kDC5", .unknown(600)), ("kUP5", .unknown(600)),
        ])
    func extendedKeys(name: String, expected: Key) {
        #expect(KeyMapping.keys(from: [.extendedKey(name: name, code: 600)]) == [expected])
    }

    @Test("wheel events and repeated resizes")
    func wheelAndResize() {
        let inputs: [KeyMapping.RawInput] = [
            .wheelUp, Self.keyCode(KEY_RESIZE), Self.keyCode(KEY_RESIZE), .wheelDown, Self.keyCode(KEY_RESIZE),
        ]
        #expect(KeyMapping.keys(from: inputs) == [.mouseWheelUp, .resize, .mouseWheelDown, .resize])
    }

    @Test("an empty batch gives no keys")
    func empty() {
        #expect(KeyMapping.keys(from: []).isEmpty)
    }
}
