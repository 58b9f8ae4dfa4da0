import ChatUI
import Testing

@Suite struct DisplaySanitizerTests {
    @Test(arguments: [
        ("\u{1B}[2J", "␛[2J"),
        ("\u{1B}]0;title\u{07}", "␛]0;title␇"),
        ("a\u{9B}31mb", "a\u{FFFD}31mb"),
        ("\u{85}", "\u{FFFD}"),
        ("\u{9F}", "\u{FFFD}"),
        ("abc\u{202E}def", "abcdef"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}x", "x"),
        ("\u{2066}\u{2067}\u{2068}\u{2069}y", "y"),
        ("\u{200E}\u{200F}\u{061C}z", "z"),
        ("a\tb", "a b"),
        ("\u{7F}", "␡"),
        ("\u{00}", "␀"),
        ("\u{1F}", "␟"),
        ("line1\nline2\r\n", "line1␊line2␍␊"),
        ("a\u{2028}b", "a␤b"),
        ("你好，世界🙂 👨‍👩‍👧 e\u{301}", "你好，世界🙂 👨‍👩‍👧 e\u{301}"),
        ("中文\u{1B}[31m红色\u{1B}[0m", "中文␛[31m红色␛[0m"),
        ("", ""),
    ])
    func cleanWithoutNewlines(input: String, expected: String) {
        #expect(DisplaySanitizer.clean(input) == expected)
    }

    @Test(arguments: [
        ("line1\nline2\r\n", "line1\nline2\n"),
        ("a\rb", "ab"),
        ("a\u{2029}b", "a\nb"),
        ("x\u{1B}y\n", "x␛y\n"),
    ])
    func cleanKeepingNewlines(input: String, expected: String) {
        #expect(DisplaySanitizer.clean(input, keepNewlines: true) == expected)
    }

    @Test func noControlSurvives() {
        let controls =
            (0...0x9F).compactMap(Unicode.Scalar.init).map(String.init).joined()
            + "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}"
        for keepNewlines in [false, true] {
            let cleaned = DisplaySanitizer.clean(controls, keepNewlines: keepNewlines)
            for scalar in cleaned.unicodeScalars {
                let isNewlineAllowed = keepNewlines && scalar == "\n"
                #expect(isNewlineAllowed || scalar.properties.generalCategory != .control)
                #expect(!(0x202A...0x202E).contains(scalar.value))
                #expect(!(0x2066...0x2069).contains(scalar.value))
            }
        }
    }

    @Test(arguments: [
        ("a\r\nb\nc\rd", "a b c d"),
        ("\u{1B}[A", "[A"),
        ("tab\there", "tab here"),
        ("x\u{9B}y\u{7F}z\u{0}", "xyz"),
        ("\u{202E}evil", "evil"),
        ("\r\r\n", "  "),
        ("中\n文", "中 文"),
    ])
    func cleanInput(input: String, expected: String) {
        #expect(DisplaySanitizer.cleanInput(input) == expected)
    }
}
