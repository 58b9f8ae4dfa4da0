import ChatProtocol
import Testing

@Suite("TextSanitizer")
struct TextSanitizerTests {
    @Test(arguments: [
        ("\u{1B}[2J", "[2J"),
        ("\u{1B}[31mred\u{1B}[0m", "[31mred[0m"),
        ("\u{1B}]0;title\u{07}", "]0;title"),
        ("a\u{9B}2Jb", "a2Jb"),
        ("a\u{80}\u{85}\u{9F}b", "ab"),
        ("del\u{7F}eted", "deleted"),
        ("nul\u{0}byte", "nulbyte"),
        ("bell\u{07}!", "bell!"),
        ("back\u{08}space", "backspace"),
        ("cr\rlf\nboth\r\n", "crlfboth"),
        ("tab\there", "tab here"),
        ("\t\t", "  "),
        ("evil\u{202E}txt.exe", "eviltxt.exe"),
        ("\u{2066}isolate\u{2069}", "isolate"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}x", "x"),
        ("\u{2067}\u{2068}y", "y"),
        ("\u{200E}lrm\u{200F}rlm\u{061C}alm", "lrmrlmalm"),
    ])
    func removesControls(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test(arguments: [
        "hello, world", "", "plain ASCII with symbols !@#$%^&*()_+-=[]{}|;':\",./<>?`~",
        "你好，世界", "张三说：早上好", "🙂👍🏽", "👨‍👩‍👧", "café naïve", "עברית", "العربية", "日本語のテキスト",
        "e\u{301}", "\u{00A0}nbsp\u{3000}ideographic",
    ])
    func keepsPrintableText(text: String) {
        let cleaned = TextSanitizer.clean(text)
        #expect(cleaned == text)
        #expect(cleaned.unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test func mixedTextKeepsEverythingSafe() {
        #expect(TextSanitizer.clean("张三\u{1B}[1m 🙂\u{202E} ok\u{7F}") == "张三[1m 🙂 ok")
    }

    @Test(
        arguments: Array(0x00...0x1F) + Array(0x7F...0x9F) + [0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069])
    func unsafeScalars(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(TextSanitizer.isUnsafe(scalar))
    }

    @Test(arguments: [0x20, 0x41, 0x7E, 0xA0, 0xE9, 0x4E2D, 0x1F642, 0x200D, 0x2065, 0x206A, 0x3000])
    func safeScalars(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(!TextSanitizer.isUnsafe(scalar))
    }

    @Test(arguments: [
        "", " ", "   ", "\t", " \t \n", "\r\n", "\u{3000}", "\u{00A0}", "\u{2003}\u{2009}", "\u{200B}", "\u{2800}",
        "\u{3164} \u{FEFF}",
    ])
    func blank(text: String) {
        #expect(TextSanitizer.isBlank(text))
    }

    @Test(arguments: ["a", " a ", ".", "你", "🙂", "\u{1B}", "\u{200B}x"])
    func notBlank(text: String) {
        #expect(!TextSanitizer.isBlank(text))
    }

    @Test("U+2028 and U+2029 are line breaks: removed like CR and LF")
    func unicodeLineSeparators() {
        #expect(TextSanitizer.clean("one\u{2028}two\u{2029}three") == "onetwothree")
        #expect(TextSanitizer.isUnsafe("\u{2028}"))
    }

    @Test("combining marks are cut to four per base character; ordinary accents and emoji are untouched")
    func combiningMarks() {
        let zalgo = "Z" + String(repeating: "\u{0336}", count: 40) + "a" + String(repeating: "\u{0301}", count: 5)
        #expect(
            TextSanitizer.clean(zalgo) == "Z" + String(repeating: "\u{0336}", count: 4) + "a"
                + String(repeating: "\u{0301}", count: 4))
        for text in ["ế", "e\u{302}\u{301}", "❤\u{FE0F}", "1\u{FE0F}\u{20E3}", "हिन्दी", "ภาษาไทย"] {
            #expect(TextSanitizer.clean(text) == text)
        }
    }
}
