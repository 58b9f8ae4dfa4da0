/// The editable input line: grapheme clusters, a cursor, a yank buffer and a bounded history.
///
/// The text is kept as `[Character]`, so the cursor always sits between two grapheme clusters:
/// one Backspace removes one Chinese character or one whole emoji sequence. After every edit the
/// clusters around it are re-segmented, so scalars typed one at a time ("👍" then "🏽", "e" then
/// U+0301) merge into one cluster as they would on screen. All inserted text goes through
/// `DisplaySanitizer.cleanInput`, so the line never holds controls or newlines.
///
/// Every key costs time for the edit, not for the line: an edit re-segments only the clusters next to
/// it (see `replace(_:with:)`), and the columns before the cursor and of the whole line are kept up to
/// date, so drawing the visible part needs no walk over the rest. (Rebuilding the whole line on each
/// key made typing a 17,000-character line take seconds.)
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
    /// Columns of the clusters before the cursor (`TextWidth`), kept up to date by every edit and move.
    public internal(set) var cursorColumn = 0
    /// Columns of the whole line.
    public internal(set) var totalColumns = 0

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
        replace(cursor..<cursor, with: clean)
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
        guard cursor > 0 else { return }
        cursor -= 1
        cursorColumn -= TextWidth.columns(of: characters[cursor])
    }

    /// Moves the cursor one cluster right (no-op at the end).
    public mutating func moveRight() {
        guard cursor < characters.count else { return }
        cursorColumn += TextWidth.columns(of: characters[cursor])
        cursor += 1
    }

    /// Moves the cursor to the start of the line (Home, Ctrl-A).
    public mutating func moveHome() {
        cursor = 0
        cursorColumn = 0
    }

    /// Moves the cursor to the end of the line (End, Ctrl-E).
    public mutating func moveEnd() {
        cursor = characters.count
        cursorColumn = totalColumns
    }

    /// Deletes the cluster before the cursor (no-op at the start).
    public mutating func backspace() {
        guard cursor > 0 else { return }
        replace((cursor - 1)..<cursor, with: "")
    }

    /// Deletes the cluster under the cursor (no-op at the end).
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        replace(cursor..<(cursor + 1), with: "")
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
        replace(range, with: "")
        return killed
    }

    /// The editor as the input line shows it: a password in the line (`SecretInput`) masked, the cursor where it is.
    public var shown: LineEditor {
        guard let masked = SecretInput.masked(self.characters) else { return self }
        var copy = self
        let position = self.cursor
        copy.setLine(before: String(masked[..<position]), after: String(masked[position...]))
        return copy
    }

    /// Sets the line to `before + after`, re-segmented, with the cursor between the two parts (a new line: its
    /// cost is its length).
    mutating func setLine(before: String, after: String) {
        let cursorPosition = before.count
        characters = Array(before + after)
        cursor = min(cursorPosition, characters.count)
        cursorColumn = TextWidth.columns(of: characters[..<cursor])
        totalColumns = cursorColumn + TextWidth.columns(of: characters[cursor...])
    }

    /// Replaces the clusters in `range` with `text` and puts the cursor right after it, re-segmenting only
    /// the clusters the edit can change.
    ///
    /// Those are the cluster before the range (a typed U+0301 or skin tone joins it) and the one after it
    /// (it may join the text), and further on only while regional indicators follow one another, since
    /// flags pair from the left. Clusters before the edit cannot change: a boundary depends only on what
    /// precedes it and on the scalar that follows it. So an edit costs its own size, not the line's.
    mutating func replace(_ range: Range<Int>, with text: String) {
        let low = max(0, range.lowerBound - 1)
        var high = min(characters.count, range.upperBound + 1)
        // The columns before `low`, from the cursor's: the walk is as long as the edit.
        var lowColumn = cursorColumn
        if low < cursor {
            for index in low..<cursor { lowColumn -= TextWidth.columns(of: characters[index]) }
        } else {
            for index in cursor..<low { lowColumn += TextWidth.columns(of: characters[index]) }
        }
        let head = String(characters[low..<range.lowerBound]) + text
        var segmented: [Character]
        while true {
            segmented = Array(head + String(characters[range.upperBound..<high]))
            // Done at the end of the line, or when the last old cluster came back as it was and is no
            // regional indicator that the next one could pair with.
            guard high < characters.count, high > range.upperBound else { break }
            let last = characters[high - 1]
            if segmented.last == last,
                !(Self.isRegionalIndicator(last.unicodeScalars.last)
                    && Self.isRegionalIndicator(characters[high].unicodeScalars.first))
            {
                break
            }
            high += 1
        }
        let removedColumns = TextWidth.columns(of: characters[low..<high])
        let newCursor = min(low + head.count, low + segmented.count)
        characters.replaceSubrange(low..<high, with: segmented)
        cursor = newCursor
        cursorColumn = lowColumn + TextWidth.columns(of: characters[low..<newCursor])
        totalColumns += TextWidth.columns(of: segmented) - removedColumns
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar?) -> Bool {
        guard let value = scalar?.value else { return false }
        return (0x1F1E6...0x1F1FF).contains(value)
    }
}
