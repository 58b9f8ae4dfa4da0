/// A grid of terminal cells the renderer draws on: curses in the app, a text grid in tests.
///
/// Text given to `put` has been sanitised (no control characters) and measured with `TextWidth`; a canvas
/// clips whatever would pass its right edge and never wraps. A 2-column character takes two cells.
public protocol Canvas {
    /// Columns and rows.
    var size: Size { get }
    /// Blanks every cell.
    mutating func clear()
    /// Writes `text` starting at `point` (column, row) in `style`.
    mutating func put(_ text: String, at point: Point, style: Style)
    /// Where the terminal cursor should be shown; nil hides it.
    mutating func setCursor(_ point: Point?)
}
