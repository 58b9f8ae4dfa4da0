/// A cell position on the terminal grid: `x` is the column, `y` the row, both zero-based from the top-left.
public struct Point: Equatable, Hashable, Sendable {
    /// The column, counted from 0 at the left edge.
    public var x: Int
    /// The row, counted from 0 at the top edge.
    public var y: Int

    /// The top-left cell.
    public static let zero = Point(x: 0, y: 0)

    /// Creates a point at column `x`, row `y`.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A size on the terminal grid in columns and rows; negative values are clamped to 0.
public struct Size: Equatable, Hashable, Sendable {
    /// The number of columns, never negative.
    public let width: Int
    /// The number of rows, never negative.
    public let height: Int

    /// A size of no columns and no rows.
    public static let zero = Size(width: 0, height: 0)

    /// Creates a size, clamping negative dimensions to 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// True when the size covers no cell at all.
    public var isEmpty: Bool { width == 0 || height == 0 }
}

/// A rectangle of terminal cells: an origin (top-left cell) and a size.
///
/// `maxX` and `maxY` are exclusive, so the rectangle covers columns `minX..<maxX` and rows `minY..<maxY`.
public struct Rect: Equatable, Hashable, Sendable {
    /// The top-left cell.
    public var origin: Point
    /// The number of columns and rows covered.
    public var size: Size

    /// An empty rectangle at the origin.
    public static let zero = Rect(origin: .zero, size: .zero)

    /// Creates a rectangle from its origin and size.
    public init(origin: Point, size: Size) {
        self.origin = origin
        self.size = size
    }

    /// Creates a rectangle from coordinates; negative dimensions are clamped to 0.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.init(origin: Point(x: x, y: y), size: Size(width: width, height: height))
    }

    /// The first column.
    public var minX: Int { origin.x }
    /// The first row.
    public var minY: Int { origin.y }
    /// One past the last column.
    public var maxX: Int { origin.x + size.width }
    /// One past the last row.
    public var maxY: Int { origin.y + size.height }
    /// The number of columns.
    public var width: Int { size.width }
    /// The number of rows.
    public var height: Int { size.height }
    /// The columns covered, `minX..<maxX`.
    public var columns: Range<Int> { minX..<maxX }
    /// The rows covered, `minY..<maxY`.
    public var rows: Range<Int> { minY..<maxY }
    /// True when the rectangle covers no cell.
    public var isEmpty: Bool { size.isEmpty }

    /// Whether the cell at `point` lies inside the rectangle (an empty rectangle contains nothing).
    public func contains(_ point: Point) -> Bool {
        columns.contains(point.x) && rows.contains(point.y)
    }
}
