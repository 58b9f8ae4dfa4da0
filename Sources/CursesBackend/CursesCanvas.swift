import CNCursesW
import ChatUI

/// A `Canvas` over the terminal's standard window.
///
/// Drawing goes into curses' virtual screen; `present()` sends only the cells that changed, so a full redraw
/// every frame never flickers. Text is clipped at the right edge (a 2-column character that would straddle it
/// is not drawn) and the bottom-right cell is never written, so the terminal never scrolls.
public struct CursesCanvas: Canvas {
    /// The terminal drawn on; kept alive by the canvas.
    private let terminal: CursesTerminal
    /// Where the cursor goes at `present()`; nil hides it.
    private var cursor: Point?

    /// Creates a canvas on `terminal`'s screen; use it on the terminal's thread.
    public init(terminal: CursesTerminal) {
        self.terminal = terminal
    }

    /// Columns and rows of the screen right now.
    public var size: Size { terminal.size }

    /// Blanks the whole virtual screen (`werase`).
    public mutating func clear() {
        guard let window = terminal.window else { return }
        werase(window)
    }

    /// Writes `text` from `point`, one grapheme cluster per cell (or two for wide ones), in `style`.
    ///
    /// Clusters left of column 0 are skipped, zero-width clusters are dropped, and drawing stops at the first
    /// cluster that does not fit before the right edge (or, on the last row, before the last column).
    public mutating func put(_ text: String, at point: Point, style: Style) {
        guard let window = terminal.window else { return }
        let rows = Int(getmaxy(window))
        let columns = Int(getmaxx(window))
        guard (0..<rows).contains(point.y) else { return }
        let limit = point.y == rows - 1 ? columns - 1 : columns
        let (attributes, pair) = terminal.palette.attributes(for: style)
        var x = point.x
        var cell = cchar_t()
        // A cluster and its terminating NUL; curses keeps at most CCHARW_MAX (5) wide characters per cell.
        var characters = [wchar_t](repeating: 0, count: 6)
        for character in text {
            if x >= limit { break }
            let width = CellWidth.columns(of: character)
            if width == 0 { continue }
            if x + width > limit { break }
            if x >= 0 {
                var count = 0
                for scalar in character.unicodeScalars.prefix(5) {
                    characters[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                characters[count] = 0
                if setcchar(&cell, characters, attributes, pair, nil) == OK {
                    mvwadd_wch(window, Int32(point.y), Int32(x), &cell)
                }
            }
            x += width
        }
    }

    /// Places the cursor at `point` when the frame is presented; nil (or a point off the screen) hides it.
    public mutating func setCursor(_ point: Point?) {
        cursor = point
    }

    /// Sends the frame to the terminal: moves the cursor, then `wnoutrefresh` + `doupdate`.
    public func present() {
        guard let window = terminal.window else { return }
        let size = terminal.size
        if let cursor, (0..<size.width).contains(cursor.x), (0..<size.height).contains(cursor.y) {
            terminal.setCursorVisible(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            terminal.setCursorVisible(false)
        }
        wnoutrefresh(window)
        doupdate()
    }
}

@available(*, unavailable)
extension CursesCanvas: Sendable {}
