import ChatUI
import Testing

@Suite struct TextWidthTests {
    @Test(arguments: [
        (0x41, 1), (0x20, 1), (0x7E, 1),
        (0x00, 0), (0x1B, 0), (0x7F, 0), (0x9B, 0), (0x85, 0),
        (0x301, 0), (0x20DD, 0), (0x200D, 0), (0x200B, 0), (0xFE0F, 0), (0xFE00, 0), (0x202E, 0),
        (0x2028, 0), (0xFEFF, 0), (0x1160, 0), (0xE0100, 0),
        (0xAD, 1), (0xE9, 1), (0x3A9, 1), (0x2026, 1), (0x2764, 1), (0xFF71, 1), (0xE000, 1), (0x10FFFF, 1),
        (0x4E00, 2), (0x9FFF, 2), (0x3400, 2), (0x20000, 2), (0x3000, 2), (0x3001, 2), (0x303E, 2),
        (0x3042, 2), (0x30A2, 2), (0xAC00, 2), (0x1100, 2), (0xFF01, 2), (0xFF60, 2), (0xFFE0, 2),
        (0xFFE6, 2), (0xF900, 2), (0xA000, 2), (0x1F600, 2), (0x1F642, 2), (0x1F300, 2), (0x1F64F, 2),
        (0x1F900, 1), (0x1F910, 2), (0x1F9FF, 2), (0x1F321, 1), (0x231A, 2), (0x2705, 2), (0x1F1E8, 1), (0x1F1EF, 1),
        (0x1F3FD, 2),
    ])
    func scalarWidths(value: UInt32, expected: Int) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(TextWidth.columns(of: scalar) == expected)
    }

    @Test(arguments: [
        ("a", 1), (" ", 1), ("\t", 0), ("\r\n", 0), ("\u{1B}", 0), ("\u{9B}", 0),
        ("你", 2), ("，", 2), ("あ", 2), ("ア", 2), ("ｱ", 1), ("한", 2), ("Ａ", 2), ("\u{3000}", 2),
        ("𠀀", 2), ("ꀀ", 2), ("\u{1100}\u{1161}\u{11A8}", 2),
        // As tmux 3.3a and wcwidth terminals draw them (measured: see docs/decisions.md): a skin tone is a cell of
        // its own, a flag is two 1-column cells, a joined sequence is the width of its first emoji, VS16 adds nothing.
        ("🙂", 2), ("👍🏽", 4), ("👋🏽", 4), ("❤️", 1), ("❤", 1), ("🇨🇳", 2), ("🇯🇵", 2), ("🇨", 1), ("👨‍👩‍👧", 2),
        ("👨‍👩‍👧‍👦", 2), ("👩🏽‍💻", 4), ("👨\u{200D}", 2), ("🏳️‍🌈", 1), ("1️⃣", 1), ("#️⃣", 1), ("✌️", 1),
        ("e\u{301}", 1), ("é", 1), ("a\u{301}\u{302}\u{303}", 1), ("\u{301}", 0),
        ("\u{200B}", 0), ("\u{200D}", 0), ("\u{FE0F}", 0),
    ])
    func characterWidths(input: String, expected: Int) throws {
        try #require(input.count == 1)
        let character = try #require(input.first)
        #expect(TextWidth.columns(of: character) == expected)
    }

    @Test(arguments: [
        ("", 0),
        ("hello", 5),
        ("你好，世界", 10),
        ("日本語のテキスト", 16),
        ("한국어", 6),
        ("a🙂b", 4),
        ("👍🏽👨‍👩‍👧🇨🇳❤️", 9),
        ("x 👋🏽 👨‍👩‍👧 🇯🇵 y", 14),
        ("cafe\u{301}", 4),
        ("a\u{200B}b", 2),
        ("mixed 中文 text", 15),
    ])
    func stringWidths(input: String, expected: Int) {
        #expect(TextWidth.columns(of: input) == expected)
        #expect(TextWidth.columns(of: input[...]) == expected)
    }

    @Test func stringLiteralsPickTheStringOverload() {
        #expect(TextWidth.columns(of: "你好") == 4)
        #expect(TextWidth.columns(of: "ab") == 2)
        let scalar: Unicode.Scalar = "你"
        let character: Character = "👍🏽"
        #expect(TextWidth.columns(of: scalar) == 2)
        #expect(TextWidth.columns(of: character) == 4)
    }

    @Test(arguments: [
        ("hello world", 5, false, "hello"),
        ("hello world", 5, true, "hell…"),
        ("hello", 5, true, "hello"),
        ("hello", 10, false, "hello"),
        ("你好世界", 5, false, "你好"),
        ("你好世界", 5, true, "你好…"),
        ("你好世界", 4, true, "你…"),
        ("你好世界", 1, false, ""),
        ("你好世界", 1, true, "…"),
        ("a你", 2, false, "a"),
        ("a你b", 2, true, "a…"),
        ("🙂🙂", 3, false, "🙂"),
        ("e\u{301}e\u{301}e\u{301}", 2, false, "e\u{301}e\u{301}"),
        ("abc", 0, true, ""),
        ("abc", -3, false, ""),
        ("", 3, true, ""),
    ])
    func clip(input: String, width: Int, ellipsis: Bool, expected: String) {
        let clipped = TextWidth.clip(input, to: width, ellipsis: ellipsis)
        #expect(clipped == expected)
        #expect(TextWidth.columns(of: clipped) <= max(0, width))
    }

    @Test func clipNeverExceedsWidthAndIsAPrefix() {
        let text = "Hi 你好🙂 👨‍👩‍👧 ok 世界"
        for width in -1...30 {
            for ellipsis in [false, true] {
                let clipped = TextWidth.clip(text, to: width, ellipsis: ellipsis)
                #expect(TextWidth.columns(of: clipped) <= max(0, width))
                let body = ellipsis && clipped != text && clipped.hasSuffix("…") ? String(clipped.dropLast()) : clipped
                #expect(text.hasPrefix(body))
                #expect(width < 1 || TextWidth.columns(of: clipped) >= width - 1 || clipped == text)
            }
        }
    }

    @Test(arguments: [
        ("ab", 4, "ab  "),
        ("你好", 3, "你 "),
        ("hello", 3, "hel"),
        ("", 2, "  "),
        ("x", 0, ""),
    ])
    func pad(input: String, width: Int, expected: String) {
        #expect(TextWidth.pad(input, to: width) == expected)
    }
}
