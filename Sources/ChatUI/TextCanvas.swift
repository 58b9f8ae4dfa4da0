/// A canvas that draws into a grid of characters, for tests and for printing a screen as text.
///
/// A character of n columns fills its cell and marks the next n - 1 as its continuation, as a terminal does;
/// `lines` gives each row as a string, the way `tmux capture-pane` shows it (no padding after wide characters).
public struct TextCanvas: Canvas {
    public let size: Size
    private var cells: [[Character?]]
    /// The style of each cell's character (continuation cells share their character's style).
    public private(set) var styles: [[Style]]
    public private(set) var cursor: Point?

    public init(size: Size) {
        self.size = size
        self.cells = Array(repeating: Array(repeating: " ", count: max(0, size.width)), count: max(0, size.height))
        self.styles = Array(repeating: Array(repeating: .plain, count: max(0, size.width)), count: max(0, size.height))
    }

    public mutating func clear() {
        self = TextCanvas(size: self.size)
    }

    public mutating func put(_ text: String, at point: Point, style: Style) {
        guard point.y >= 0, point.y < self.size.height else { return }
        var x = point.x
        for character in text {
            let width = TextWidth.columns(of: character)
            guard x >= 0, x + width <= self.size.width else { break }
            if width == 0 { continue }
            self.cells[point.y][x] = character
            self.styles[point.y][x] = style
            for next in (x + 1)..<(x + width) {
                self.cells[point.y][next] = nil
                self.styles[point.y][next] = style
            }
            x += width
        }
    }

    public mutating func setCursor(_ point: Point?) {
        self.cursor = point
    }

    /// The rows as text, trailing spaces removed.
    public var lines: [String] {
        self.cells.map { row in
            var line = String(row.compactMap { $0 })
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The style at a cell.
    public func style(at point: Point) -> Style {
        self.styles[point.y][point.x]
    }
}
