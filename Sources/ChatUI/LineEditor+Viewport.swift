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
    ///
    /// Costs O(width): it starts from the cursor's column, which the editor keeps, and walks only over
    /// the clusters on screen.
    func visibleRange(width: Int) -> (range: Range<Int>, cursorColumn: Int) {
        guard width > 0 else { return (cursor..<cursor, 0) }
        let underCursor = cursor < characters.count ? max(1, TextWidth.columns(of: characters[cursor])) : 1
        let need = min(underCursor, width)
        let overflow = cursorColumn + need - width
        var startColumn = 0
        if overflow > 0 {
            let step = max(1, width / 2)
            startColumn = (overflow + step - 1) / step * step
        }
        // The first cluster that starts at or after `startColumn`, walking back from the cursor.
        var start = cursor
        var skipped = cursorColumn
        while start > 0 {
            let columns = TextWidth.columns(of: characters[start - 1])
            guard skipped - columns >= startColumn else { break }
            skipped -= columns
            start -= 1
        }
        var end = start
        var used = 0
        while end < characters.count {
            let columns = TextWidth.columns(of: characters[end])
            guard used + columns <= width else { break }
            used += columns
            end += 1
        }
        return (start..<max(end, cursor), cursorColumn - skipped)
    }
}
