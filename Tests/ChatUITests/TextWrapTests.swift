import ChatUI
import Testing

@Suite struct TextWrapTests {
    @Test(arguments: [
        ("hello world", 5, ["hello", "world"]),
        ("hello world", 11, ["hello world"]),
        ("the quick brown fox", 10, ["the quick", "brown fox"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("aaa http://example.com/x", 10, ["aaa", "http://exa", "mple.com/x"]),
        ("你好世界", 4, ["你好", "世界"]),
        ("你好世界", 5, ["你好", "世界"]),
        ("你好世界", 3, ["你", "好", "世", "界"]),
        ("你好，世界", 4, ["你", "好，", "世界"]),
        ("hello你好", 7, ["hello你", "好"]),
        ("「你好」", 4, ["「你", "好」"]),
        ("a\nb", 10, ["a", "b"]),
        ("a\n\nb", 10, ["a", "", "b"]),
        ("a\r\nb\rc", 10, ["a", "b", "c"]),
        ("", 10, [""]),
        ("a\n", 10, ["a", ""]),
        ("  ab", 10, ["  ab"]),
        ("a  b", 10, ["a  b"]),
        ("ab   ", 10, ["ab"]),
        ("   ", 10, [""]),
        ("ab cd", 2, ["ab", "cd"]),
        ("👨‍👩‍👧👨‍👩‍👧", 2, ["👨‍👩‍👧", "👨‍👩‍👧"]),
        ("e\u{301}e\u{301}e\u{301}", 2, ["e\u{301}e\u{301}", "e\u{301}"]),
        ("你", 1, ["…"]),
        ("a你b", 1, ["a", "…", "b"]),
    ])
    func wrapTable(text: String, width: Int, expected: [String]) {
        #expect(TextWidth.wrap(text, width: width) == expected)
    }

    @Test(arguments: [0, -1, Int.min])
    func nonPositiveWidthReturnsNoLines(width: Int) {
        #expect(TextWidth.wrap("hello 你好", width: width) == [])
    }

    static let mixed =
        "Hello 你好，世界! This is a mixed 中文 and English sentence with emoji 🙂👍🏽❤️ "
        + "and a verylongwordthatexceedsthewidth, 日本語の文章も、ここにあります。한국어 문장도 있습니다."
        + "\n第二段落 second paragraph 👨‍👩‍👧 🇨🇳 café\u{301}"

    @Test(arguments: Array(1...40))
    func mixedTextNeverExceedsWidthAndLosesNothing(width: Int) {
        let lines = TextWidth.wrap(Self.mixed, width: width)
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(TextWidth.columns(of: line) <= width, "line \(line) is too wide for \(width)")
        }
        // 👍🏽 takes 4 columns (a hand and a skin tone): narrower lines show it as the overflow marker.
        if width >= 4 {
            let original = Self.mixed.filter { $0 != " " && $0 != "\n" }
            let joined = lines.joined().filter { $0 != " " }
            #expect(joined == original)
        }
    }

    @Test(arguments: [2, 3, 4, 7, 10, 13])
    func breaksOnlyWhereAllowed(width: Int) {
        let text = "one two three four five six seven"
        let lines = TextWidth.wrap(text, width: width)
        for line in lines {
            #expect(!line.hasPrefix(" "))
            #expect(!line.hasSuffix(" "))
        }
        if width >= 5 {
            // Every word fits, so no word may be split.
            let words = Set(text.split(separator: " ").map(String.init))
            for line in lines {
                for word in line.split(separator: " ") {
                    #expect(words.contains(String(word)))
                }
            }
        }
    }
}
