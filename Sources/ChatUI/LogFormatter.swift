/// Turns a log entry into screen rows for a given width: time, sender, text, wrapped at word boundaries with
/// continuation rows indented under the text (not under the time). Pure; rows never exceed the width.
public enum LogFormatter {
    /// Width of "HH:MM ", the indent used when the sender prefix is too wide to indent under.
    static let timeWidth = 6

    public static func rows(for entry: LogEntry, width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        if entry.kind == .divider {
            return TextWidth.wrap(entry.text, width: width).map { [Span($0, Style(.notice, dim: true))] }
        }
        let rows = self.messageRows(for: entry, width: width)
        // History is drawn dimmed throughout: time, sender and text.
        guard entry.isReplay else { return rows }
        return rows.map { row in
            row.map { span in
                var style = span.style
                style.dim = true
                return Span(span.text, style)
            }
        }
    }

    /// The rows of a message or notice: time column, sender, wrapped text.
    static func messageRows(for entry: LogEntry, width: Int) -> [[Span]] {
        let (prefix, textStyle) = self.prefix(for: entry)
        let head = [Span(entry.time + " ", Style(.muted))] + prefix
        let headWidth = head.reduce(0) { $0 + $1.width }
        if width < 12 {
            // Too narrow for columns: everything wraps as one text.
            let all = head.map(\.text).joined() + entry.text
            return TextWidth.wrap(all, width: width).map { [Span($0, textStyle)] }
        }
        let textWidth = width - headWidth
        if textWidth >= max(10, width / 4) {
            let lines = TextWidth.wrap(entry.text, width: textWidth)
            let indent = String(repeating: " ", count: headWidth)
            return lines.enumerated().map { index, line in
                (index == 0 ? head : [Span(indent)]) + [Span(line, textStyle)]
            }
        }
        // A long sender: the head gets a row of its own, the text wraps under the time column.
        let clippedHead = Self.clip(head, to: width)
        let indent = String(repeating: " ", count: self.timeWidth)
        return [clippedHead]
            + TextWidth.wrap(entry.text, width: width - self.timeWidth).map { [Span(indent), Span($0, textStyle)] }
    }

    /// The sender part after the time, and the style of the text, by kind.
    static func prefix(for entry: LogEntry) -> ([Span], Style) {
        let sender = entry.sender ?? "?"
        let nameStyle = Style(
            .name(NameColor.index(for: sender, paletteSize: Style.namePaletteSize)), bold: entry.isOwn)
        let textStyle =
            entry.mentionsMe ? Style(.mention, bold: true) : (entry.isOwn ? Style(.normal, bold: false) : .plain)
        switch entry.kind {
        case .chat:
            return ([Span("<", Style(.muted)), Span(sender, nameStyle), Span("> ", Style(.muted))], textStyle)
        case .action:
            return ([Span("* ", Style(.normal, bold: true)), Span(sender, nameStyle), Span(" ")], textStyle)
        case .privateMessage(let to):
            let style = Style(.privateMessage)
            return (
                [Span("[private] \(sender) → \(to): ", Style(.privateMessage, bold: true))],
                entry.mentionsMe ? textStyle : style
            )
        case .notice:
            return ([Span("-- ", Style(.notice, dim: true))], Style(.notice, dim: true))
        case .error:
            return ([Span("!! ", Style(.error, bold: true))], Style(.error))
        case .divider:
            return ([], Style(.notice, dim: true))
        }
    }

    /// Spans cut to `width` columns.
    static func clip(_ spans: [Span], to width: Int) -> [Span] {
        var left = width
        var result: [Span] = []
        for span in spans where left > 0 {
            let text = TextWidth.clip(span.text, to: left)
            left -= TextWidth.columns(of: text)
            result.append(Span(text, span.style))
        }
        return result
    }
}
