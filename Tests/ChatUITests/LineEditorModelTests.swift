import Testing

@testable import ChatUI

/// The editor's local re-segmentation against the obvious model: rebuild the whole line as one string after
/// every edit, and measure every column from the start. Random edits with scalars that merge (marks, skin tones,
/// joiners, regional indicators) must leave both in the same state, and draw the same view.
@Suite("Line editor model")
struct LineEditorModelTests {
    /// The old, whole-line editor: obviously right, and quadratic.
    struct Model {
        var characters: [Character] = []
        var cursor = 0

        mutating func set(before: String, after: String) {
            let position = before.count
            self.characters = Array(before + after)
            self.cursor = min(position, self.characters.count)
        }

        mutating func insert(_ text: String) {
            self.set(
                before: String(self.characters[..<self.cursor]) + text, after: String(self.characters[self.cursor...]))
        }

        mutating func remove(_ range: Range<Int>) {
            self.set(
                before: String(self.characters[..<range.lowerBound]),
                after: String(self.characters[range.upperBound...]))
        }

        func viewport(width: Int) -> (text: String, cursorColumn: Int) {
            let widths = self.characters.map { TextWidth.columns(of: $0) }
            let cursorColumn = widths[..<self.cursor].reduce(0, +)
            let need = min(self.cursor < widths.count ? max(1, widths[self.cursor]) : 1, width)
            let overflow = cursorColumn + need - width
            var startColumn = 0
            if overflow > 0 {
                let step = max(1, width / 2)
                startColumn = (overflow + step - 1) / step * step
            }
            var start = 0
            var skipped = 0
            while start < self.cursor, skipped < startColumn {
                skipped += widths[start]
                start += 1
            }
            var end = start
            var used = 0
            while end < widths.count, used + widths[end] <= width {
                used += widths[end]
                end += 1
            }
            return (String(self.characters[start..<max(end, self.cursor)]), cursorColumn - skipped)
        }
    }

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        "a", "b", " ", "e", "\u{301}", "你", "👋", "🏽", "👨", "\u{200D}", "👩", "👧", "🇯", "🇵", "🇺", "🇸", "❤", "\u{FE0F}",
        "한", "\u{1161}", "🇯🇵",
    ]

    @Test("random edits leave the editor where the whole-line model is", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomEdits(seed: UInt64) {
        var random = SplitMix(state: seed)
        var editor = LineEditor()
        var model = Model()
        for step in 0..<600 {
            let roll = Int.random(in: 0..<10, using: &random)
            switch roll {
            case 0..<5:
                let piece = Self.pieces.randomElement(using: &random) ?? "a"
                editor.insert(piece)
                model.insert(piece)
            case 5:
                editor.backspace()
                if model.cursor > 0 { model.remove((model.cursor - 1)..<model.cursor) }
            case 6:
                editor.deleteForward()
                if model.cursor < model.characters.count { model.remove(model.cursor..<(model.cursor + 1)) }
            case 7:
                editor.moveLeft()
                model.cursor = max(0, model.cursor - 1)
            case 8:
                editor.moveRight()
                model.cursor = min(model.characters.count, model.cursor + 1)
            default:
                if Bool.random(using: &random) {
                    editor.moveHome()
                    model.cursor = 0
                } else {
                    editor.deleteWordBackward()
                    var start = model.cursor
                    while start > 0, model.characters[start - 1].isWhitespace { start -= 1 }
                    while start > 0, !model.characters[start - 1].isWhitespace { start -= 1 }
                    model.remove(start..<model.cursor)
                }
            }
            #expect(editor.characters == model.characters, "step \(step)")
            #expect(editor.cursor == model.cursor, "step \(step)")
            #expect(editor.cursorColumn == TextWidth.columns(of: model.characters[..<model.cursor]), "step \(step)")
            #expect(editor.totalColumns == TextWidth.columns(of: model.characters), "step \(step)")
            for width in [1, 2, 5, 12] {
                let view = editor.viewport(width: width)
                let expected = model.viewport(width: width)
                #expect(
                    view.text == expected.text && view.cursorColumn == expected.cursorColumn,
                    "step \(step), width \(width)")
            }
            if editor.characters != model.characters || editor.cursor != model.cursor { return }
        }
    }

    @Test("flags typed one regional indicator at a time pair up, also when one is put in front of a run")
    func flagsPairFromTheLeft() {
        var editor = LineEditor()
        for scalar in ["🇯", "🇵", "🇺", "🇸"] { editor.insert(scalar) }
        #expect(editor.characters == ["🇯🇵", "🇺🇸"])
        editor.moveHome()
        editor.insert("🇫")
        #expect(editor.characters == Array("🇫🇯🇵🇺🇸"))
        #expect(editor.totalColumns == TextWidth.columns(of: "🇫🇯🇵🇺🇸"))
    }
}
