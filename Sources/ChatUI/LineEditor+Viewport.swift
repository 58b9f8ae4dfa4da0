/// Display: the horizontally scrolled slice of the line that fits the input row.
extension LineEditor {
    /// The part of the line to draw in `width` columns, and the cursor's column inside it.
    ///
    /// Scrolling is horizontal and stateless: the view starts at column 0 while the cursor (and
    /// the full width of the cluster under it) fits; otherwise it starts at a multiple of half
    /// the width, so the view jumps in half-screen steps. A 2-column character is never cut: it
    /// is either wholly inside the view or left out. `width <= 0` gives `("", 0)`.
    public func viewport(width: Int) -> (text: String, cursorColumn: Int) {
        let visible = visibleRange(width: width)
        return (String(characters[visible.range]), visible.cursorColumn)
    }

    /// The clusters shown by `viewport(width:)` and the cursor column inside the view.
    func visibleRange(width: Int) -> (range: Range<Int>, cursorColumn: Int) {
        guard width > 0 else { return (cursor..<cursor, 0) }
        let widths = characters.map { TextWidth.columns(of: $0) }
        let cursorColumn = widths[..<cursor].reduce(0, +)
        let underCursor = cursor < widths.count ? max(1, widths[cursor]) : 1
        let need = min(underCursor, width)
        let overflow = cursorColumn + need - width
        var startColumn = 0
        if overflow > 0 {
            let step = max(1, width / 2)
            startColumn = (overflow + step - 1) / step * step
        }
        var start = 0
        var skipped = 0
        while start < cursor, skipped < startColumn {
            skipped += widths[start]
            start += 1
        }
        var end = start
        var used = 0
        while end < widths.count, used + widths[end] <= width {
            used += widths[end]
            end += 1
        }
        return (start..<max(end, cursor), cursorColumn - skipped)
    }
}
