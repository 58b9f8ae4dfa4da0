/// Draws a `ChatState` on a `Canvas`: the current buffer's log and sidebar, the room bar, the status line and
/// the input line. Pure.
public enum Renderer {
    public static func draw(_ state: ChatState, on canvas: inout some Canvas) {
        canvas.clear()
        let layout = Layout(size: canvas.size, roomBar: state.showsRoomBar)
        guard let panes = layout.panes else {
            if canvas.size.height > 0 {
                let message = TextWidth.clip(Layout.tooSmallMessage(for: canvas.size), to: canvas.size.width)
                canvas.put(message, at: Point(x: 0, y: 0), style: Style(.error))
            }
            canvas.setCursor(nil)
            return
        }
        let below = self.drawLog(state, in: panes.log, on: &canvas)
        if let separator = panes.separator {
            for row in separator.rows {
                canvas.put("│", at: Point(x: separator.minX, y: row), style: Style(.chrome, dim: true))
            }
        }
        if let sidebar = panes.sidebar {
            self.drawSidebar(state, in: sidebar, on: &canvas)
        }
        if let bar = panes.roomBar {
            let spans = RoomBar.spans(RoomBar.items(for: state), current: state.currentIndex, width: bar.width)
            self.put(spans, at: Point(x: bar.minX, y: bar.minY), width: bar.width, on: &canvas)
        }
        self.drawStatus(state, in: panes.status, below: below, sidebarHidden: panes.sidebarHidden, on: &canvas)
        self.drawInput(state, in: panes.input, on: &canvas)
    }

    /// Draws the visible rows of the log. - Returns: how many entries lie wholly below the view.
    private static func drawLog(_ state: ChatState, in rect: Rect, on canvas: inout some Canvas) -> Int {
        var rows: [[Span]] = []  // bottom-up
        var skip = state.scrollOffset
        var below = 0
        for entry in state.entries.reversed() where rows.count < rect.height {
            let entryRows = LogFormatter.rows(for: entry, width: rect.width)
            if skip >= entryRows.count {
                skip -= entryRows.count
                below += 1
                continue
            }
            for row in entryRows.dropLast(skip).reversed() where rows.count < rect.height {
                rows.append(row)
            }
            skip = 0
        }
        // Few lines: they sit at the top, like a fresh terminal, not at the bottom.
        for (index, row) in rows.reversed().enumerated() {
            self.put(row, at: Point(x: rect.minX, y: rect.minY + index), width: rect.width, on: &canvas)
        }
        return below
    }

    private static func drawSidebar(_ state: ChatState, in rect: Rect, on canvas: inout some Canvas) {
        let width = rect.width - 1  // one blank column after the separator
        let x = rect.minX + 1
        // Offline, the list is the roster as it was when the link went: shown, but dimmed and said to be stale.
        let stale = state.rosterIsStale
        let buffer = state.current
        let heading =
            stale
            ? "(offline)"
            : buffer.id.kind == .conversation
                ? "Private" : buffer.joined ? "Online \(state.onlineCount)" : "(not joined)"
        canvas.put(
            TextWidth.clip(heading, to: width), at: Point(x: x, y: rect.minY),
            style: Style(.chrome, bold: !stale, dim: stale))
        let slots = rect.height - 1
        guard slots > 0 else { return }
        // In a big room the list holds only some of those online: the rest are "more" too.
        let overflow = state.onlineCount > state.users.count || state.users.count > slots
        let shown = overflow ? min(state.users.count, slots - 1) : state.users.count
        for (index, name) in state.users.prefix(shown).enumerated() {
            let own = name == state.myName
            let style = Style(
                .name(NameColor.index(for: name, paletteSize: Style.namePaletteSize)), bold: own, dim: stale)
            let text = (own ? "*" : " ") + TextWidth.clip(name, to: width - 1, ellipsis: true)
            canvas.put(text, at: Point(x: x, y: rect.minY + 1 + index), style: style)
        }
        if overflow {
            let more = TextWidth.clip(" … \(state.onlineCount - shown) more", to: width)
            canvas.put(more, at: Point(x: x, y: rect.minY + 1 + shown), style: Style(.muted, dim: stale))
        }
    }

    private static func drawStatus(
        _ state: ChatState, in rect: Rect, below: Int, sidebarHidden: Bool, on canvas: inout some Canvas
    ) {
        let link: String
        switch state.connection {
        case .connecting: link = "connecting"
        case .connected: link = "connected"
        case .retrying: link = "reconnecting in \(state.secondsUntilRetry ?? 0) s"
        case .disconnected: link = "disconnected"
        }
        // Then where we are: the room and its topic, or the person of a conversation.
        let buffer = state.current
        var place = ""
        if let label = buffer.label {
            place = (buffer.id.kind == .room ? " in " : " with ") + label
            if buffer.id.kind == .room, !buffer.joined { place += " (not joined)" }
            if let topic = buffer.topic { place += ": " + topic }
        }
        let left = " [\(link)]\(state.encrypted ? " TLS" : "") \(state.serverAddress) as \(state.myName)\(place)"
        // Notices on the right win over the address on the left when space is short.
        var right = sidebarHidden ? "sidebar hidden " : ""
        if state.scrollOffset > 0 { right = "-- more below (\(below)) -- " + right }
        // The queue (or the question before dropping it) first, clipped rather than lost on a narrow screen.
        if let queue = state.queueStatus { right = TextWidth.clip(queue + " " + right, to: rect.width) }
        let rightWidth = TextWidth.columns(of: right)
        let leftText = TextWidth.clip(
            left, to: max(0, rect.width - rightWidth - (rightWidth > 0 ? 1 : 0)), ellipsis: true)
        let padding = max(0, rect.width - TextWidth.columns(of: leftText) - rightWidth)
        let line = leftText + String(repeating: " ", count: padding) + (rightWidth <= rect.width ? right : "")
        canvas.put(line, at: Point(x: rect.minX, y: rect.minY), style: Style(.status, reverse: true))
    }

    private static func drawInput(_ state: ChatState, in rect: Rect, on canvas: inout some Canvas) {
        let prompt = "> "
        let (text, cursor) = state.editor.shown.viewport(width: max(1, rect.width - prompt.count - 1))
        canvas.put(prompt, at: Point(x: rect.minX, y: rect.minY), style: Style(.chrome, bold: true))
        canvas.put(text, at: Point(x: rect.minX + prompt.count, y: rect.minY), style: .plain)
        canvas.setCursor(Point(x: rect.minX + prompt.count + cursor, y: rect.minY))
    }

    private static func put(_ spans: [Span], at point: Point, width: Int, on canvas: inout some Canvas) {
        var x = point.x
        for span in LogFormatter.clip(spans, to: width) where !span.text.isEmpty {
            canvas.put(span.text, at: Point(x: x, y: point.y), style: span.style)
            x += span.width
        }
    }
}
