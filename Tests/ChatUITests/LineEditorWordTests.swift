import Testing

@testable import ChatUI

/// Word motions and word deletes (Alt-B/F, Ctrl-Left/Right, Alt-Backspace, Alt-D): a word is a run of letters and
/// digits, as in readline.
@Suite struct LineEditorWordTests {
    /// An editor holding `text` with the cursor at `cursor` (the end when nil).
    static func editor(_ text: String, cursor: Int? = nil) -> LineEditor {
        var editor = LineEditor()
        editor.insert(text)
        if let cursor { editor.replaceLine(editor.characters, cursor: cursor) }
        return editor
    }

    @Test("word left stops at the start of each word, skipping spaces and punctuation first")
    func wordLeft() {
        var editor = Self.editor("hello, big  world")
        var stops: [Int] = []
        for _ in 0..<4 {
            editor.moveWordLeft()
            stops.append(editor.cursor)
        }
        #expect(stops == [12, 7, 0, 0])
    }

    @Test("word right stops at the end of each word")
    func wordRight() {
        var editor = Self.editor("hello, big  world", cursor: 0)
        var stops: [Int] = []
        for _ in 0..<4 {
            editor.moveWordRight()
            stops.append(editor.cursor)
        }
        #expect(stops == [5, 10, 17, 17])
    }

    @Test("words of CJK, accented letters and emoji neighbours move by grapheme clusters")
    func unicodeWords() {
        var editor = Self.editor("你好 café 👍🏽 ok")
        editor.moveWordLeft()
        #expect(editor.cursor == 10)
        editor.moveWordLeft()
        #expect(editor.cursor == 3, "the emoji is not a word: skipped like punctuation")
        editor.moveWordLeft()
        #expect(editor.cursor == 0)
        editor.moveWordRight()
        #expect(editor.cursor == 2)
    }

    @Test("Alt-Backspace deletes the word before the cursor (and the gap after it), yankable")
    func deleteWordBefore() {
        var editor = Self.editor("alpha beta  ")
        #expect(editor.killWordBackward() == "beta  ")
        #expect(editor.text == "alpha ")
        #expect(editor.yankBuffer == "beta  ")
        var path = Self.editor("cd /usr/local")
        path.killWordBackward()
        #expect(path.text == "cd /usr/", "unlike Ctrl-W, which takes the whole path")
        var start = Self.editor("x", cursor: 0)
        #expect(start.killWordBackward() == "")
        #expect(start.text == "x")
    }

    @Test("Alt-D deletes to the end of the next word, yankable")
    func deleteWordAfter() {
        var editor = Self.editor("red green blue", cursor: 3)
        #expect(editor.killWordForward() == " green")
        #expect(editor.text == "red blue")
        #expect(editor.cursor == 3)
        editor.yank()
        #expect(editor.text == "red green blue")
        var end = Self.editor("end")
        #expect(end.killWordForward() == "")
    }
}
