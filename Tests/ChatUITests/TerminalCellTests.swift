import Testing

@testable import ChatUI

/// How a grapheme cluster is laid out in terminal cells: every scalar kept, each cell 1 or 2 columns.
@Suite("Terminal cells")
struct TerminalCellTests {
    static func layout(_ character: Character) -> [String] {
        TerminalCell.cells(of: character).map { String(String.UnicodeScalarView($0.scalars)) + "/\($0.width)" }
    }

    @Test(
        "emoji sequences keep every scalar, in cells as the terminal makes them",
        arguments: [
            ("👋🏽", ["👋/2", "🏽/2"]),
            ("👨‍👩‍👧", ["👨‍👩‍👧/2"]),
            ("🇯🇵", ["🇯/1", "🇵/1"]),
            ("❤️", ["❤️/1"]),
            ("👩🏽‍💻", ["👩/2", "🏽‍💻/2"]),
            ("e\u{301}", ["e\u{301}/1"]),
            ("\u{1112}\u{1161}\u{11AB}", ["\u{1112}\u{1161}\u{11AB}/2"]),
            ("a", ["a/1"]),
            ("你", ["你/2"]),
        ])
    func cells(input: String, expected: [String]) throws {
        let character = try #require(input.first)
        try #require(input.count == 1)
        #expect(Self.layout(character) == expected)
        #expect(TerminalCell.cells(of: character).reduce(0) { $0 + $1.width } == TextWidth.columns(of: character))
        #expect(TerminalCell.cells(of: character).flatMap(\.scalars) == Array(character.unicodeScalars))
    }

    @Test("a cluster that draws as nothing has no cells")
    func invisible() {
        #expect(TerminalCell.cells(of: "\u{301}").isEmpty)
        #expect(TerminalCell.cells(of: "\u{200D}").isEmpty)
    }

    @Test("a text canvas keeps such clusters whole and the bar where the layout put it")
    func canvasRow() {
        var canvas = TextCanvas(size: Size(width: 20, height: 1))
        let text = "x 👋🏽 👨‍👩‍👧 🇯🇵 y"
        canvas.put(text, at: Point(x: 0, y: 0), style: .plain)
        canvas.put("│", at: Point(x: TextWidth.columns(of: text) + 1, y: 0), style: .plain)
        #expect(canvas.lines == [text + " │"])
    }

    @Test("wrapping never splits them and keeps every line within the width", arguments: [4, 5, 6, 9, 14])
    func wrapping(width: Int) {
        let text = "x 👋🏽 👨‍👩‍👧 🇯🇵 y 👋🏽👨‍👩‍👧🇯🇵"
        let lines = TextWidth.wrap(text, width: width)
        for line in lines {
            #expect(TextWidth.columns(of: line) <= width, "\(line) in \(width)")
        }
        let kept = lines.joined().filter { $0 != " " }
        #expect(kept == text.filter { $0 != " " }, "every cluster arrives whole, in order")
    }
}
