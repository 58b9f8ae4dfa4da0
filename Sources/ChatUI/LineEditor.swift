/// The editable input line: grapheme clusters, a cursor, a yank buffer and a bounded history.
///
/// The text is kept as `[Character]`, so the cursor always sits between two grapheme clusters:
/// one Backspace removes one Chinese character or one whole emoji sequence. After every edit the
/// line is re-segmented, so scalars typed one at a time ("👍" then "🏽", "e" then U+0301) merge
/// into one cluster as they would on screen. All inserted text goes through
/// `DisplaySanitizer.cleanInput`, so the line never holds controls or newlines.
public struct LineEditor: Equatable, Sendable {
    /// The line's grapheme clusters.
    public internal(set) var characters: [Character] = []
    /// The cursor position: the number of clusters before it, in `0...characters.count`.
    public internal(set) var cursor = 0
    /// The text last removed by a kill command (Ctrl-U, Ctrl-K, Ctrl-W), inserted by `yank()`.
    public internal(set) var yankBuffer = ""
    /// Submitted lines, oldest first, at most `historyLimit` of them.
    public internal(set) var history: [String] = []
    /// The maximum number of history entries kept.
    public let historyLimit: Int
    /// The history entry being shown, or nil when editing the draft.
    var historyIndex: Int?
    /// The line being typed before history browsing started.
    var draft: [Character] = []

    /// Creates an empty editor keeping at most `historyLimit` (clamped to >= 0) history entries.
    public init(historyLimit: Int = 500) {
        self.historyLimit = max(0, historyLimit)
    }

    /// The line as a string.
    public var text: String { String(characters) }

    /// True when the line holds no characters.
    public var isEmpty: Bool { characters.isEmpty }

    /// True while Up/Down has replaced the draft with a history entry.
    public var isBrowsingHistory: Bool { historyIndex != nil }

    // MARK: Editing

    /// Inserts (typed or pasted) text at the cursor: newlines and tabs become spaces, controls are dropped.
    public mutating func insert(_ string: String) {
        let clean = DisplaySanitizer.cleanInput(string)
        guard !clean.isEmpty else { return }
        setLine(before: String(characters[..<cursor]) + clean, after: String(characters[cursor...]))
    }

    /// Replaces the whole line (for tab completion or a host command); the text is sanitized.
    public mutating func replaceLine(_ newCharacters: [Character], cursor newCursor: Int) {
        let split = min(max(0, newCursor), newCharacters.count)
        setLine(
            before: DisplaySanitizer.cleanInput(String(newCharacters[..<split])),
            after: DisplaySanitizer.cleanInput(String(newCharacters[split...]))
        )
    }

    /// Replaces the whole line with `text` and puts the cursor at its end.
    public mutating func setText(_ text: String) {
        setLine(before: DisplaySanitizer.cleanInput(text), after: "")
    }

    /// Moves the cursor one cluster left (no-op at the start).
    public mutating func moveLeft() {
        cursor = max(0, cursor - 1)
    }

    /// Moves the cursor one cluster right (no-op at the end).
    public mutating func moveRight() {
        cursor = min(characters.count, cursor + 1)
    }

    /// Moves the cursor to the start of the line (Home, Ctrl-A).
    public mutating func moveHome() {
        cursor = 0
    }

    /// Moves the cursor to the end of the line (End, Ctrl-E).
    public mutating func moveEnd() {
        cursor = characters.count
    }

    /// Deletes the cluster before the cursor (no-op at the start).
    public mutating func backspace() {
        guard cursor > 0 else { return }
        setLine(before: String(characters[..<(cursor - 1)]), after: String(characters[cursor...]))
    }

    /// Deletes the cluster under the cursor (no-op at the end).
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        setLine(before: String(characters[..<cursor]), after: String(characters[(cursor + 1)...]))
    }

    /// Ctrl-U: removes the text before the cursor, stores it in the yank buffer and returns it.
    @discardableResult
    public mutating func killToStart() -> String {
        kill(0..<cursor)
    }

    /// Ctrl-K: removes the text from the cursor to the end, stores it in the yank buffer and returns it.
    @discardableResult
    public mutating func killToEnd() -> String {
        kill(cursor..<characters.count)
    }

    /// Ctrl-W: removes the whitespace before the cursor, then the word before that; yankable.
    @discardableResult
    public mutating func deleteWordBackward() -> String {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace {
            start -= 1
        }
        while start > 0, !characters[start - 1].isWhitespace {
            start -= 1
        }
        return kill(start..<cursor)
    }

    /// Alt-B, Ctrl-Left: moves to the start of the word before the cursor (a word: letters and digits).
    public mutating func moveWordLeft() {
        cursor = wordStart(before: cursor)
    }

    /// Alt-F, Ctrl-Right: moves to the end of the word after the cursor.
    public mutating func moveWordRight() {
        cursor = wordEnd(after: cursor)
    }

    /// Alt-Backspace: removes from the start of the word before the cursor to the cursor; yankable. Unlike Ctrl-W,
    /// punctuation ends a word: in "cd /usr/local" it removes "local".
    @discardableResult
    public mutating func killWordBackward() -> String {
        kill(wordStart(before: cursor)..<cursor)
    }

    /// Alt-D: removes from the cursor to the end of the next word; yankable.
    @discardableResult
    public mutating func killWordForward() -> String {
        kill(cursor..<wordEnd(after: cursor))
    }

    /// Ctrl-Y: inserts the last killed text at the cursor.
    public mutating func yank() {
        insert(yankBuffer)
    }

    // MARK: Internal helpers

    /// Whether `character` belongs to a word (letters and digits of any script; emoji and punctuation do not).
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// The start of the word before `position`, skipping what separates them first.
    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, !Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        while index > 0, Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        return index
    }

    /// The end of the word after `position`, skipping what separates them first.
    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < characters.count, !Self.isWordCharacter(characters[index]) { index += 1 }
        while index < characters.count, Self.isWordCharacter(characters[index]) { index += 1 }
        return index
    }

    /// Removes `range`, saving it in the yank buffer when it is not empty; returns the removed text.
    private mutating func kill(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let killed = String(characters[range])
        yankBuffer = killed
        setLine(before: String(characters[..<range.lowerBound]), after: String(characters[range.upperBound...]))
        return killed
    }

    /// Sets the line to `before + after`, re-segmented, with the cursor between the two parts.
    mutating func setLine(before: String, after: String) {
        let cursorPosition = before.count
        characters = Array(before + after)
        cursor = min(cursorPosition, characters.count)
    }
}
