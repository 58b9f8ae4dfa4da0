import Testing

@testable import ChatUI

@Suite struct LineEditorTests {
    /// An editor holding `text` with the cursor at the end.
    static func editor(_ text: String) -> LineEditor {
        var editor = LineEditor()
        editor.insert(text)
        return editor
    }

    @Test func insertAndCursor() {
        var editor = LineEditor()
        #expect(editor.isEmpty)
        #expect(editor.cursor == 0)
        editor.insert("hello")
        #expect(editor.text == "hello")
        #expect(editor.cursor == 5)
        editor.moveHome()
        editor.insert(">> ")
        #expect(editor.text == ">> hello")
        #expect(editor.cursor == 3)
        #expect(!editor.isEmpty)
    }

    @Test func movementIsClamped() {
        var editor = Self.editor("ab")
        editor.moveRight()
        #expect(editor.cursor == 2)
        editor.moveLeft()
        editor.moveLeft()
        editor.moveLeft()
        #expect(editor.cursor == 0)
        editor.moveEnd()
        #expect(editor.cursor == 2)
        editor.moveHome()
        #expect(editor.cursor == 0)
    }

    @Test func backspaceAndDeleteAtEdgesAreNoOps() {
        var editor = Self.editor("ab")
        editor.deleteForward()
        #expect(editor.text == "ab")
        editor.moveHome()
        editor.backspace()
        #expect(editor.text == "ab")
        editor.deleteForward()
        #expect(editor.text == "b")
        #expect(editor.cursor == 0)
        var empty = LineEditor()
        empty.backspace()
        empty.deleteForward()
        #expect(empty.isEmpty)
    }

    @Test func pastedTextIsSanitized() {
        let editor = Self.editor("a\nb\r\nc\u{1B}[2Jd\te\u{202E}f\u{9B}")
        #expect(editor.text == "a b c[2Jd ef")
        var unchanged = Self.editor("x")
        unchanged.insert("\u{1B}\u{7}")
        #expect(unchanged.text == "x")
        #expect(unchanged.cursor == 1)
    }

    @Test func cjkEditing() {
        var editor = Self.editor("你好世界")
        #expect(editor.characters.count == 4)
        editor.moveLeft()
        editor.backspace()
        #expect(editor.text == "你好界")
        #expect(editor.cursor == 2)
        editor.insert("，世")
        #expect(editor.text == "你好，世界")
        #expect(editor.cursor == 4)
        editor.deleteForward()
        #expect(editor.text == "你好，世")
        var korean = Self.editor("한국어")
        korean.backspace()
        #expect(korean.text == "한국")
    }

    @Test func emojiSequencesAreOneCharacter() {
        var family = Self.editor("a👨‍👩‍👧")
        #expect(family.characters.count == 2)
        family.backspace()
        #expect(family.text == "a")

        var thumbs = Self.editor("👍")
        thumbs.insert("🏽")
        #expect(thumbs.characters == ["👍🏽"])
        #expect(thumbs.cursor == 1)
        thumbs.backspace()
        #expect(thumbs.isEmpty)

        var accent = Self.editor("e")
        accent.insert("\u{301}")
        #expect(accent.characters.count == 1)
        #expect(accent.cursor == 1)

        var flag = Self.editor("🇨")
        flag.insert("🇳")
        #expect(flag.characters == ["🇨🇳"])
        flag.moveLeft()
        #expect(flag.cursor == 0)
        flag.deleteForward()
        #expect(flag.isEmpty)

        var heart = Self.editor("❤")
        heart.insert("\u{FE0F}")
        #expect(heart.characters == ["❤️"])
    }

    @Test func killAndYank() {
        var editor = Self.editor("hello world")
        editor.moveLeft()
        editor.moveLeft()
        editor.moveLeft()
        editor.moveLeft()
        editor.moveLeft()
        #expect(editor.killToEnd() == "world")
        #expect(editor.text == "hello ")
        #expect(editor.yankBuffer == "world")
        editor.moveHome()
        editor.yank()
        #expect(editor.text == "worldhello ")
        #expect(editor.cursor == 5)
        #expect(editor.killToStart() == "world")
        #expect(editor.text == "hello ")
        #expect(editor.cursor == 0)
        // Killing nothing keeps the yank buffer.
        #expect(editor.killToStart() == "")
        #expect(editor.yankBuffer == "world")
        editor.moveEnd()
        #expect(editor.killToEnd() == "")
        #expect(editor.yankBuffer == "world")
    }

    @Test func deleteWordBackward() {
        var editor = Self.editor("hello big world  ")
        #expect(editor.deleteWordBackward() == "world  ")
        #expect(editor.text == "hello big ")
        #expect(editor.deleteWordBackward() == "big ")
        #expect(editor.text == "hello ")
        editor.yank()
        #expect(editor.text == "hello big ")
        editor.moveHome()
        #expect(editor.deleteWordBackward() == "")
        var cjk = Self.editor("说 你好世界")
        cjk.deleteWordBackward()
        #expect(cjk.text == "说 ")
        var middle = Self.editor("one two")
        middle.moveLeft()
        middle.deleteWordBackward()
        #expect(middle.text == "one o")
        #expect(middle.cursor == 4)
    }

    @Test func submitRecordsHistory() {
        var editor = LineEditor()
        editor.insert("first")
        #expect(editor.submit() == "first")
        #expect(editor.isEmpty)
        #expect(editor.cursor == 0)
        #expect(editor.submit() == nil)
        editor.insert("   ")
        #expect(editor.submit() == nil)
        #expect(editor.isEmpty)
        editor.insert("first")
        #expect(editor.submit() == "first")
        editor.insert("second")
        #expect(editor.submit() == "second")
        editor.insert("first")
        #expect(editor.submit() == "first")
        #expect(editor.history == ["first", "second", "first"])
    }

    @Test func historyIsBounded() {
        var editor = LineEditor(historyLimit: 3)
        for line in ["1", "2", "3", "4", "5"] {
            editor.insert(line)
            _ = editor.submit()
        }
        #expect(editor.history == ["3", "4", "5"])
        var none = LineEditor(historyLimit: -2)
        none.insert("x")
        #expect(none.submit() == "x")
        #expect(none.history.isEmpty)
        #expect(LineEditor().historyLimit == 500)
    }

    @Test func historyNavigationKeepsDraft() {
        var editor = LineEditor()
        for line in ["one", "two", "three"] {
            editor.insert(line)
            _ = editor.submit()
        }
        editor.insert("draft")
        editor.historyNext()
        #expect(editor.text == "draft")
        editor.historyPrevious()
        #expect(editor.text == "three")
        #expect(editor.cursor == 5)
        #expect(editor.isBrowsingHistory)
        editor.historyPrevious()
        editor.historyPrevious()
        #expect(editor.text == "one")
        editor.historyPrevious()
        #expect(editor.text == "one")
        editor.historyNext()
        #expect(editor.text == "two")
        editor.historyNext()
        editor.historyNext()
        #expect(editor.text == "draft")
        #expect(editor.cursor == 5)
        #expect(!editor.isBrowsingHistory)
        editor.historyNext()
        #expect(editor.text == "draft")
    }

    @Test func historyOnEmptyEditorDoesNothing() {
        var editor = Self.editor("typing")
        editor.historyPrevious()
        editor.historyNext()
        #expect(editor.text == "typing")
    }

    @Test func submitWhileBrowsingResetsNavigation() {
        var editor = LineEditor()
        editor.insert("old")
        _ = editor.submit()
        editor.insert("draft")
        editor.historyPrevious()
        editor.insert("er")
        #expect(editor.submit() == "older")
        #expect(editor.history == ["old", "older"])
        editor.historyNext()
        #expect(editor.isEmpty)
    }

    @Test func replaceLineAndSetText() {
        var editor = LineEditor()
        editor.replaceLine(Array("ab\u{1B}cd"), cursor: 2)
        #expect(editor.text == "abcd")
        #expect(editor.cursor == 2)
        editor.replaceLine(Array("xy"), cursor: 99)
        #expect(editor.cursor == 2)
        editor.replaceLine(Array("xy"), cursor: -1)
        #expect(editor.cursor == 0)
        editor.setText("line\nnext")
        #expect(editor.text == "line next")
        #expect(editor.cursor == 9)
    }

    // MARK: Viewport

    @Test func shortLineViewport() {
        var editor = Self.editor("hello")
        var view = editor.viewport(width: 10)
        #expect(view.text == "hello")
        #expect(view.cursorColumn == 5)
        editor.moveHome()
        view = editor.viewport(width: 10)
        #expect(view.cursorColumn == 0)
        #expect(LineEditor().viewport(width: 5) == ("", 0))
    }

    @Test(arguments: [0, -1])
    func nonPositiveWidthViewport(width: Int) {
        let view = Self.editor("hello").viewport(width: width)
        #expect(view.text == "")
        #expect(view.cursorColumn == 0)
    }

    @Test func longAsciiScrollsInHalfScreenSteps() {
        var editor = Self.editor("abcdefghijklmnopqrstuvwxyz")
        var view = editor.viewport(width: 10)
        #expect(view.text == "uvwxyz")
        #expect(view.cursorColumn == 6)
        editor.moveHome()
        view = editor.viewport(width: 10)
        #expect(view.text == "abcdefghij")
        #expect(view.cursorColumn == 0)
        for _ in 0..<9 { editor.moveRight() }
        #expect(editor.viewport(width: 10).text == "abcdefghij")
        editor.moveRight()
        view = editor.viewport(width: 10)
        #expect(view.text == "fghijklmno")
        #expect(view.cursorColumn == 5)
    }

    @Test func cjkViewportNeverCutsWideCharacters() {
        var editor = Self.editor("你好世界")
        editor.moveHome()
        var view = editor.viewport(width: 5)
        #expect(view.text == "你好")
        #expect(view.cursorColumn == 0)
        editor.moveEnd()
        view = editor.viewport(width: 5)
        #expect(TextWidth.columns(of: view.text) + 1 <= 5)
        #expect(view.text.hasSuffix("界"))
        #expect(view.cursorColumn == TextWidth.columns(of: view.text))
    }

    static let longInput = "这是一个很长的中文输入行，包含English单词和emoji🙂👍🏽，还有更多的汉字用来测试水平滚动。"

    @Test(arguments: Array(1...14))
    func viewportInvariantsForEveryCursorPosition(width: Int) {
        var editor = Self.editor(Self.longInput)
        editor.moveHome()
        let characters = editor.characters
        for position in 0...characters.count {
            let (range, cursorColumn) = editor.visibleRange(width: width)
            let view = editor.viewport(width: width)
            let shown = Array(characters[range])
            #expect(view.text == String(shown))
            #expect(range.contains(position) || range.upperBound == position)
            #expect(range.lowerBound <= position)
            #expect(TextWidth.columns(of: view.text) <= width)
            #expect(cursorColumn == view.cursorColumn)
            #expect(cursorColumn == TextWidth.columns(of: String(characters[range.lowerBound..<position])))
            #expect(cursorColumn < width)
            if position < characters.count, TextWidth.columns(of: characters[position]) <= width {
                // The character under the cursor is drawn in full.
                #expect(range.contains(position))
            }
            editor.moveRight()
        }
    }
}
