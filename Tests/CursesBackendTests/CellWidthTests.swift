import CNCursesW
import ChatUI
import Glibc
import Testing

@testable import CursesBackend

/// The pure layout widths (`ChatUI.TextWidth`) must agree with what ncurses uses for each cell (glibc's `wcwidth` of
/// the cell's first scalar): where they differ, curses and the layout disagree about where the next cell starts.
@Suite("Cell widths", .serialized)
struct CellWidthTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test("printable scalars up to U+3FFFF: TextWidth and wcwidth agree")
    func scalars() {
        var mismatches: [String] = []
        for value in UInt32(0x20)...0x3FFFF {
            guard let scalar = Unicode.Scalar(value), !(0x7F...0x9F).contains(value) else { continue }
            let c = Int(wcwidth(wchar_t(bitPattern: value)))
            guard c >= 0 else { continue }  // unassigned for glibc: never sent to curses as a cell start
            // Ahom medial ra: a spacing mark since Unicode 15, glibc 2.36 still says 0.
            if value == 0x1171E { continue }
            let ours = TextWidth.columns(of: scalar)
            if ours != c {
                mismatches.append("U+\(String(value, radix: 16, uppercase: true)) ours \(ours) wcwidth \(c)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(40).joined(separator: ", "))")
    }
}

extension CellWidthTests {
    @Test(
        "a cluster's terminal cells start with scalars whose wcwidth is the cell's width",
        arguments: ["👋🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "👩🏽‍💻", "é", "你"])
    func cells(text: String) throws {
        let character = try #require(text.first)
        for cell in TerminalCell.cells(of: character) {
            let first = try #require(cell.scalars.first)
            #expect(Int(wcwidth(wchar_t(bitPattern: first.value))) == cell.width)
            #expect(CellWidth.columns(of: cell) == cell.width)
        }
    }
}
