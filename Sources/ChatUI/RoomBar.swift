/// The room bar: one line with an entry per buffer, `[1 #lobby] [2 #dev 3] [3 @bob 1!]`: its number (Alt-N),
/// name, unread count, a `!` where a message mentions you or is private, the current one in reverse. Pure.
///
/// Widths are terminal columns (`TextWidth`), so `#中文` and emoji line up. When the entries do not fit, the bar
/// shows a run of them that holds the current one, with `<` and `>` where entries are hidden (drawn in the style of
/// the most urgent entry hidden on that side, so activity off screen still shows).
public enum RoomBar {
    /// One entry, as drawn.
    public struct Item: Equatable, Sendable {
        public var text: String
        public var style: Style
        /// 0 nothing unread, 1 unread messages, 2 a mention or a private message among them.
        public var activity: Int

        public init(text: String, style: Style, activity: Int) {
            self.text = text
            self.style = style
            self.activity = activity
        }
    }

    /// Columns the `<` and `>` marks take with their space.
    static let markWidth = 2

    /// The entries for every buffer of `state`.
    static func items(for state: ChatState) -> [Item] {
        state.buffers.enumerated().map { index, buffer in
            let count = buffer.unread > 0 ? " \(buffer.unread)" : ""
            let text = "[\(index + 1) \(state.label(of: buffer))\(count)\(buffer.highlighted ? "!" : "")]"
            let activity = buffer.highlighted ? 2 : (buffer.unread > 0 ? 1 : 0)
            let style: Style
            if index == state.currentIndex {
                style = Style(.status, bold: true, reverse: true)
            } else if !buffer.joined {
                style = Style(.muted, dim: true)
            } else {
                style = Self.style(forActivity: activity)
            }
            return Item(text: text, style: style, activity: activity)
        }
    }

    /// How activity looks: a mention or private message in the mention colour, unread messages bold, else quiet.
    static func style(forActivity activity: Int) -> Style {
        switch activity {
        case 2: Style(.mention, bold: true)
        case 1: Style(.normal, bold: true)
        default: Style(.muted)
        }
    }

    /// The bar for `width` columns: the entries separated by a space, or the run of them around `current` that
    /// fits, with marks for the hidden ones. An entry wider than the whole bar is cut with "…".
    public static func spans(_ items: [Item], current: Int, width: Int) -> [Span] {
        guard width > 0, !items.isEmpty else { return [] }
        let current = min(max(0, current), items.count - 1)
        let widths = items.map { TextWidth.columns(of: $0.text) }
        /// Columns of items `range`, with the spaces between them.
        func span(_ range: Range<Int>) -> Int {
            widths[range].reduce(0, +) + max(0, range.count - 1)
        }
        if span(0..<items.count) <= width {
            return self.join(items[...], width: width)
        }
        // The first entry shown: the earliest from which the current one still fits, marks included.
        var start = 0
        while start < current {
            let left = start > 0 ? Self.markWidth : 0
            let right = current < items.count - 1 ? Self.markWidth : 0
            if span(start..<(current + 1)) + left + right <= width { break }
            start += 1
        }
        // Then as many after it as fit.
        var end = current + 1
        let left = start > 0 ? Self.markWidth : 0
        while end < items.count {
            let right = end + 1 < items.count ? Self.markWidth : 0
            if span(start..<(end + 1)) + left + right > width { break }
            end += 1
        }
        var spans: [Span] = []
        if start > 0 {
            spans.append(Span("<", Self.markStyle(items[..<start])))
            spans.append(Span(" "))
        }
        let right = end < items.count ? Self.markWidth : 0
        spans += self.join(items[start..<end], width: width - left - right)
        if end < items.count {
            let used = spans.reduce(0) { $0 + $1.width }
            spans.append(Span(String(repeating: " ", count: max(1, width - used - 1))))
            spans.append(Span(">", Self.markStyle(items[end...])))
        }
        return spans
    }

    /// Items separated by spaces within `width` (the last one cut with "…" if it must be).
    private static func join(_ items: ArraySlice<Item>, width: Int) -> [Span] {
        var spans: [Span] = []
        var left = width
        for item in items where left > 0 {
            if !spans.isEmpty {
                spans.append(Span(" "))
                left -= 1
            }
            let text = TextWidth.clip(item.text, to: left, ellipsis: TextWidth.columns(of: item.text) > left)
            spans.append(Span(text, item.style))
            left -= TextWidth.columns(of: text)
        }
        return spans
    }

    /// The style of a `<` or `>` mark: that of the most urgent entry it hides.
    private static func markStyle(_ hidden: ArraySlice<Item>) -> Style {
        self.style(forActivity: hidden.map(\.activity).max() ?? 0)
    }
}
