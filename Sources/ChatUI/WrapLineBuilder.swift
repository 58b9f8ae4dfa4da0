/// Greedy line filler used by `TextWidth.wrap`; keeps every line within `width` columns.
struct WrapLineBuilder {
    /// The maximum line width in columns (at least 1).
    let width: Int
    /// Finished lines.
    private var lines: [String] = []
    /// The line being filled, and its width in columns.
    private var line = ""
    private var lineWidth = 0
    /// Spaces seen since the last word, emitted only if the next word fits on this line.
    private var pendingSpaces = 0

    /// Creates a builder for lines of at most `width` (>= 1) columns.
    init(width: Int) {
        self.width = max(1, width)
    }

    /// Records spaces that are emitted only if the next word fits on the same line.
    mutating func addSpaces(_ count: Int) {
        pendingSpaces += count
    }

    /// Places an unbreakable unit, moving to a new line or splitting it when it does not fit.
    mutating func addWord(_ word: [Character], width wordWidth: Int) {
        let spaces = pendingSpaces
        pendingSpaces = 0
        if lineWidth + spaces + wordWidth <= width {
            line += String(repeating: " ", count: spaces)
            line += String(word)
            lineWidth += spaces + wordWidth
            return
        }
        if !line.isEmpty {
            breakLine()
        }
        if wordWidth <= width {
            line = String(word)
            lineWidth = wordWidth
            return
        }
        for character in word {
            var piece = character
            var pieceWidth = TextWidth.columns(of: character)
            if pieceWidth > width {
                piece = TextWidth.overflowMarker
                pieceWidth = TextWidth.columns(of: piece)
            }
            if lineWidth + pieceWidth > width {
                breakLine()
            }
            line.append(piece)
            lineWidth += pieceWidth
        }
    }

    /// Returns all lines, including the unfinished last one (trailing spaces are dropped).
    mutating func finish() -> [String] {
        lines.append(line)
        return lines
    }

    /// Ends the current line and starts an empty one.
    private mutating func breakLine() {
        lines.append(line)
        line = ""
        lineWidth = 0
    }
}
