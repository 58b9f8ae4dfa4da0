/// One terminal cell of a grapheme cluster: the scalars a terminal keeps together in it, and its columns (1 or 2).
///
/// Terminals do not draw every cluster in one cell. tmux 3.3a (our test terminal) and other wcwidth-based terminals
/// start a new cell at every scalar that has a width, unless it follows a zero-width joiner; zero-width scalars
/// (combining marks, U+FE0F, the joiner) join the cell before them. So "👨‍👩‍👧" is one 2-column cell, but "👋🏽" is
/// two (a hand, then a 2-column skin tone) and "🇯🇵" is two 1-column cells. Measured by printing each to a tmux pane
/// and reading the cursor: see docs/decisions.md. Laying text out by these cells, and writing each cell to curses
/// as one wide-character cell, keeps every scalar on screen and every column where the layout put it.
public struct TerminalCell: Equatable, Sendable {
    /// The scalars drawn in this cell, the one with the width first.
    public let scalars: [Unicode.Scalar]
    /// Columns the cell takes: 1 or 2.
    public let width: Int

    /// The cells of a cluster, in order: no cells for one that draws as nothing (a lone combining mark). Zero-width
    /// scalars before the first one with a width cannot start a cell and are left out.
    public static func cells(of character: Character) -> [TerminalCell] {
        var cells: [TerminalCell] = []
        var scalars: [Unicode.Scalar] = []
        var width = 0
        var afterJoiner = false
        for scalar in character.unicodeScalars {
            let columns = TextWidth.columns(of: scalar)
            if columns > 0, !(afterJoiner && width > 0) {
                if width > 0 { cells.append(TerminalCell(scalars: scalars, width: width)) }
                scalars = [scalar]
                width = columns
            } else if width > 0 {
                scalars.append(scalar)
            }
            afterJoiner = scalar.value == 0x200D
        }
        if width > 0 { cells.append(TerminalCell(scalars: scalars, width: width)) }
        return cells
    }

    /// Columns of a cluster laid out in cells, without building them.
    static func columns(of character: Character) -> Int {
        var total = 0
        var started = false
        var afterJoiner = false
        for scalar in character.unicodeScalars {
            let columns = TextWidth.columns(of: scalar)
            if columns > 0, !(afterJoiner && started) {
                total += columns
                started = true
            }
            afterJoiner = scalar.value == 0x200D
        }
        return total
    }
}
