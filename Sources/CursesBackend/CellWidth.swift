import CNCursesW
import ChatUI

/// Column widths as curses sees them: `wcwidth` of each terminal cell's first scalar, which is what ncurses
/// advances by when it writes the cell.
///
/// Locale-dependent: valid once `CursesTerminal` has set a UTF-8 locale. Layout code uses `ChatUI.TextWidth`,
/// which is pure and agrees with this (CursesBackendTests check every scalar); the canvas advances by this, so
/// its cells never overlap in curses' own bookkeeping even where a table might differ.
package enum CellWidth {
    /// Columns of one terminal cell: 0 (not drawable), 1 or 2.
    package static func columns(of cell: TerminalCell) -> Int {
        guard let first = cell.scalars.first else { return 0 }
        return min(2, max(0, Int(wcwidth(wchar_t(bitPattern: first.value)))))
    }

    /// Columns of a grapheme cluster: the sum over its terminal cells.
    package static func columns(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii < 0x20 || ascii == 0x7F ? 0 : 1
        }
        return TerminalCell.cells(of: character).reduce(0) { $0 + columns(of: $1) }
    }
}
