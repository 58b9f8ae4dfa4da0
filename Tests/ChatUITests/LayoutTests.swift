import ChatUI
import Testing

@Suite struct LayoutTests {
    /// Expected geometry per terminal size: log width, sidebar width (0 = hidden), or nil for too small.
    static let table: [(width: Int, height: Int, log: Int?, sidebar: Int)] = [
        (100, 20, 81, 18),
        (80, 24, 61, 18),
        (70, 15, 51, 18),
        (59, 10, 40, 18),
        (58, 10, 58, 0),
        (40, 10, 40, 0),
        (34, 8, 34, 0),
        (20, 4, 20, 0),
        (19, 4, nil, 0),
        (20, 3, nil, 0),
        (10, 3, nil, 0),
        (0, 0, nil, 0),
        (-5, -5, nil, 0),
    ]

    @Test(arguments: table)
    func layoutTable(row: (width: Int, height: Int, log: Int?, sidebar: Int)) throws {
        let size = Size(width: row.width, height: row.height)
        let layout = Layout(size: size)
        guard let logWidth = row.log else {
            #expect(layout == .tooSmall(size))
            #expect(layout.panes == nil)
            #expect(layout.sidebarHidden)
            return
        }
        let panes = try #require(layout.panes)
        #expect(panes.log == Rect(x: 0, y: 0, width: logWidth, height: row.height - 2))
        #expect(panes.status == Rect(x: 0, y: row.height - 2, width: row.width, height: 1))
        #expect(panes.input == Rect(x: 0, y: row.height - 1, width: row.width, height: 1))
        if row.sidebar == 0 {
            #expect(panes.sidebarHidden)
            #expect(layout.sidebarHidden)
            #expect(panes.sidebar == nil)
            #expect(panes.separator == nil)
        } else {
            #expect(panes.sidebarHidden == false)
            #expect(panes.separator == Rect(x: logWidth, y: 0, width: 1, height: row.height - 2))
            #expect(panes.sidebar == Rect(x: logWidth + 1, y: 0, width: row.sidebar, height: row.height - 2))
            #expect(logWidth + 1 + row.sidebar == row.width)
        }
    }

    @Test func sidebarClampedToAThirdOfTheWidth() throws {
        let panes = try #require(Layout(size: Size(width: 90, height: 10), sidebarWidth: 50, minimumLogWidth: 20).panes)
        #expect(panes.sidebar?.width == 30)
        #expect(panes.log.width == 59)
    }

    @Test func nonPositiveSidebarWidthHidesSidebar() {
        #expect(Layout(size: Size(width: 100, height: 20), sidebarWidth: 0).sidebarHidden)
        #expect(Layout(size: Size(width: 100, height: 20), sidebarWidth: -4).sidebarHidden)
    }

    @Test(arguments: [0, 5, 19, 40])
    func tooSmallMessageFitsWidth(width: Int) {
        let message = Layout.tooSmallMessage(for: Size(width: width, height: 2))
        #expect(TextWidth.columns(of: message) <= width)
        if width >= 40 {
            #expect(message == "Terminal too small (40x2, need 20x4)")
        }
    }
}
