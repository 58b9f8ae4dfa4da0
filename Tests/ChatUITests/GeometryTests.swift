import ChatUI
import Testing

@Suite struct GeometryTests {
    @Test func sizeClampsNegativeDimensions() {
        let size = Size(width: -5, height: 3)
        #expect(size.width == 0)
        #expect(size.height == 3)
        #expect(size.isEmpty)
        #expect(Size(width: 1, height: 1).isEmpty == false)
    }

    @Test func rectHelpers() {
        let rect = Rect(x: 2, y: 3, width: 10, height: 4)
        #expect(rect.minX == 2)
        #expect(rect.maxX == 12)
        #expect(rect.minY == 3)
        #expect(rect.maxY == 7)
        #expect(rect.width == 10)
        #expect(rect.height == 4)
        #expect(rect.columns == 2..<12)
        #expect(rect.rows == 3..<7)
        #expect(rect.origin == Point(x: 2, y: 3))
        #expect(rect.size == Size(width: 10, height: 4))
        #expect(rect.isEmpty == false)
    }

    @Test(arguments: [
        (Point(x: 2, y: 3), true),
        (Point(x: 11, y: 6), true),
        (Point(x: 12, y: 6), false),
        (Point(x: 11, y: 7), false),
        (Point(x: 1, y: 3), false),
        (Point(x: -1, y: -1), false),
    ])
    func rectContains(point: Point, expected: Bool) {
        #expect(Rect(x: 2, y: 3, width: 10, height: 4).contains(point) == expected)
    }

    @Test func emptyRectContainsNothing() {
        let rect = Rect(x: 0, y: 0, width: 0, height: 5)
        #expect(rect.isEmpty)
        #expect(rect.contains(.zero) == false)
        #expect(Rect(x: 1, y: 1, width: -3, height: -3) == Rect(x: 1, y: 1, width: 0, height: 0))
    }

    @Test func equatableAndHashable() {
        #expect(Point(x: 1, y: 2) == Point(x: 1, y: 2))
        #expect(Point(x: 1, y: 2) != Point(x: 2, y: 1))
        let rects: Set<Rect> = [Rect(x: 0, y: 0, width: 1, height: 1), Rect(x: 0, y: 0, width: 1, height: 1), .zero]
        #expect(rects.count == 2)
        let sizes: Set<Size> = [Size(width: -1, height: 0), .zero]
        #expect(sizes.count == 1)
    }
}
