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

    /// Writes `text` from `point`, each grapheme cluster in its terminal cells (`TerminalCell`), in `style`.
    ///
    /// Clusters left of column 0 are skipped, ones that draw as nothing are dropped, and drawing stops at the first
    /// cluster that does not fit before the right edge (or, on the last row, before the last column): a cluster is
    /// drawn whole or not at all.
    public mutating func put(_ text: String, at point: Point, style: Style) {
        guard let window = terminal.window else { return }
        let rows = Int(getmaxy(window))
        let columns = Int(getmaxx(window))
        guard (0..<rows).contains(point.y) else { return }
        let limit = point.y == rows - 1 ? columns - 1 : columns
        let (attributes, pair) = terminal.palette.attributes(for: style)
        var x = point.x
        for character in text {
            if x >= limit { break }
            if let ascii = character.asciiValue {
                // The common case, without building cells.
                guard ascii >= 0x20, ascii != 0x7F else { continue }
                if x >= 0 {
                    self.write(
                        [Unicode.Scalar(ascii)], at: Point(x: x, y: point.y), attributes: attributes, pair: pair,
                        in: window)
                }
                x += 1
                continue
            }
            let cells = TerminalCell.cells(of: character)
            let width = cells.reduce(0) { $0 + CellWidth.columns(of: $1) }
            if width == 0 { continue }
            if x + width > limit { break }
            for cell in cells {
                if x >= 0 {
                    self.write(
                        cell.scalars, at: Point(x: x, y: point.y), attributes: attributes, pair: pair, in: window)
                }
                x += CellWidth.columns(of: cell)
            }
        }
    }

    /// Writes one terminal cell: all its scalars in one `cchar_t`, so they reach the terminal together.
    ///
    /// `setcchar` keeps only the first scalar and the zero-width ones right after it (it stops at the next one with
    /// a width: "👨‍👩‍👧" became "👨" and a joiner), so it is given the first scalar, for the attributes and colour, and
    /// the rest go into the cell's characters directly. ncurses writes a cell's characters in order and advances
    /// by the first one's width. A cell holds at most `CCHARW_MAX` (5) characters: a longer one is cut after its
    /// last whole emoji that fits (never leaving a joiner at the end), which keeps its width.
    private func write(
        _ scalars: [Unicode.Scalar], at point: Point, attributes: attr_t, pair: Int16,
        in window: UnsafeMutablePointer<WINDOW>
    ) {
        guard let first = scalars.first else { return }
        var cell = cchar_t()
        var lead: [wchar_t] = [wchar_t(bitPattern: first.value), 0]
        guard setcchar(&cell, &lead, attributes, pair, nil) == OK else { return }
        if scalars.count > 1 {
            withUnsafeMutableBytes(of: &cell.chars) { raw in
                let slots = raw.bindMemory(to: wchar_t.self)  // CCHARW_MAX of them
                var kept = scalars
                if kept.count > slots.count {
                    // Up to the last joiner that fits: what is kept is a shorter sequence of whole emoji.
                    var cut = slots.count
                    while cut > 1, scalars[cut].value != 0x200D { cut -= 1 }
                    kept = Array(scalars[..<(cut > 1 ? cut : slots.count)])
                }
                for index in 0..<slots.count {
                    slots[index] = index < kept.count ? wchar_t(bitPattern: kept[index].value) : 0
                }
            }
        }
        mvwadd_wch(window, Int32(point.y), Int32(point.x), &cell)
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
