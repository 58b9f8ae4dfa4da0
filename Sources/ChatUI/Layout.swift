/// The arrangement of the chat screen for a terminal size: log, sidebar, separator, room bar, status and input.
///
/// Rows: the log pane (and sidebar) fill rows `0..<height-2`, the status line is row `height-2`
/// and the input line row `height-1`, both full width. With a room bar (when there is more than one room or
/// conversation to switch between), it takes the row above the status line, full width, and the panes end above
/// it; a terminal of fewer than 5 rows has no room for it. Columns: the log is on the left; the
/// sidebar (`sidebarWidth` columns, at most a third of the width) is on the right with a
/// one-column separator between them. The sidebar is hidden when the log would get fewer than
/// `minimumLogWidth` columns. Below `minimumSize` the layout is `.tooSmall`.
public enum Layout: Equatable, Sendable {
    /// The terminal is smaller than `minimumSize`; show `tooSmallMessage(for:)` instead of panes.
    case tooSmall(Size)
    /// The terminal is large enough; these are the pane rectangles.
    case panes(Panes)

    /// The rectangles of each pane.
    public struct Panes: Equatable, Sendable {
        /// The message log, top-left.
        public let log: Rect
        /// The vertical line between log and sidebar; nil when the sidebar is hidden.
        public let separator: Rect?
        /// The nickname list, right; nil when hidden for lack of width.
        public let sidebar: Rect?
        /// The status line, second-to-last row, full width.
        public let status: Rect
        /// The input line, last row, full width.
        public let input: Rect
        /// The room bar, above the status line, full width; nil when not asked for or the terminal is too low.
        public let roomBar: Rect?

        /// True when the sidebar was dropped to keep the log wide enough.
        public var sidebarHidden: Bool { sidebar == nil }

        /// Creates a set of pane rectangles.
        public init(log: Rect, separator: Rect?, sidebar: Rect?, status: Rect, input: Rect, roomBar: Rect? = nil) {
            self.log = log
            self.separator = separator
            self.sidebar = sidebar
            self.status = status
            self.input = input
            self.roomBar = roomBar
        }
    }

    /// The smallest terminal that gets panes: 20 columns, 4 rows.
    public static let minimumSize = Size(width: 20, height: 4)
    /// The default sidebar width in columns.
    public static let defaultSidebarWidth = 18
    /// The default minimum log width that the sidebar may not squeeze.
    public static let defaultMinimumLogWidth = 40

    /// Computes the layout for a terminal of `size`, with a room bar if `roomBar` and there are rows for it.
    public init(
        size: Size,
        sidebarWidth: Int = Layout.defaultSidebarWidth,
        minimumLogWidth: Int = Layout.defaultMinimumLogWidth,
        roomBar: Bool = false
    ) {
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            self = .tooSmall(size)
            return
        }
        let width = size.width
        let height = size.height
        let bar = roomBar && height >= 5 ? Rect(x: 0, y: height - 3, width: width, height: 1) : nil
        let paneHeight = height - 2 - (bar == nil ? 0 : 1)
        let status = Rect(x: 0, y: height - 2, width: width, height: 1)
        let input = Rect(x: 0, y: height - 1, width: width, height: 1)
        let sidebarColumns = min(sidebarWidth, width / 3)
        let logColumns = width - sidebarColumns - 1
        guard sidebarColumns > 0, logColumns >= minimumLogWidth else {
            let log = Rect(x: 0, y: 0, width: width, height: paneHeight)
            self = .panes(Panes(log: log, separator: nil, sidebar: nil, status: status, input: input, roomBar: bar))
            return
        }
        self = .panes(
            Panes(
                log: Rect(x: 0, y: 0, width: logColumns, height: paneHeight),
                separator: Rect(x: logColumns, y: 0, width: 1, height: paneHeight),
                sidebar: Rect(x: logColumns + 1, y: 0, width: sidebarColumns, height: paneHeight),
                status: status,
                input: input,
                roomBar: bar
            ))
    }

    /// The pane rectangles, or nil when the terminal is too small.
    public var panes: Panes? {
        if case .panes(let panes) = self { return panes }
        return nil
    }

    /// True when no sidebar is shown (hidden for width, or the terminal is too small).
    public var sidebarHidden: Bool { panes?.sidebarHidden ?? true }

    /// The one-line notice shown instead of panes, clipped to the terminal width.
    public static func tooSmallMessage(for size: Size) -> String {
        let message =
            "Terminal too small (\(size.width)x\(size.height), need "
            + "\(minimumSize.width)x\(minimumSize.height))"
        return TextWidth.clip(message, to: size.width, ellipsis: true)
    }
}
