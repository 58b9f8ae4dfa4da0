import CNCursesW

/// Column widths as curses and the terminal see them (`wcwidth` of a cluster's first scalar).
///
/// Locale-dependent: valid once `CursesTerminal` has set a UTF-8 locale. Layout code should use
/// `ChatUI.TextWidth`, which is pure; this exists so the canvas advances exactly as ncurses does.
package enum CellWidth {
    /// Columns of a grapheme cluster: 0 (not drawn), 1 or 2.
    package static func columns(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii < 0x20 || ascii == 0x7F ? 0 : 1
        }
        guard let first = character.unicodeScalars.first else { return 0 }
        return min(2, max(0, Int(wcwidth(wchar_t(bitPattern: first.value)))))
    }

    /// Columns of a string: the sum over its grapheme clusters.
    package static func columns(of string: some StringProtocol) -> Int {
        string.reduce(0) { $0 + columns(of: $1) }
    }

    /// The longest prefix of `string` that fits in `width` columns, never splitting a cluster.
    package static func clip(_ string: String, to width: Int) -> String {
        var used = 0
        var result = ""
        for character in string {
            let columns = columns(of: character)
            if used + columns > width { break }
            used += columns
            result.append(character)
        }
        return result
    }
}
