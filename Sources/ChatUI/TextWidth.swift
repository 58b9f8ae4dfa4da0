/// Terminal column widths of Unicode text, computed in pure Swift and independent of the C locale.
///
/// Widths follow what `wcwidth(3)`-style terminals draw: 0 for controls, combining marks and
/// format characters, 2 for East Asian Wide/Fullwidth characters and emoji, 1 otherwise (regional
/// indicators too, as glibc and tmux count them). East Asian *Ambiguous* characters (such as "…"
/// and "─") count as 1. A grapheme cluster takes the columns of its `TerminalCell`s.
public enum TextWidth {
    /// Drawn instead of a grapheme cluster that is wider than the whole line it must fit in.
    public static let overflowMarker: Character = "…"

    /// The number of columns a single Unicode scalar occupies: 0, 1 or 2.
    ///
    /// C0/C1 controls and DEL count 0 (they are removed before drawing). Nonspacing and enclosing
    /// marks (Mn, Me), format characters (Cf: ZWJ, ZWSP, bidi controls; the soft hyphen excepted),
    /// line/paragraph separators and Hangul medial vowels/final consonants count 0.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        if value < 0x7F { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if (0x1F1E6...0x1F1FF).contains(value) { return 1 }  // regional indicators: emoji, but not East Asian wide
        // In the pictograph blocks only emoji shown as emoji by default are wide ("🌡" U+1F321 is 1, as glibc has it).
        if (0x1F300...0x1FAFF).contains(value) { return scalar.properties.isEmojiPresentation ? 2 : 1 }
        if EastAsianWideTable.contains(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The number of columns a grapheme cluster occupies as a terminal draws it: the sum over its
    /// `TerminalCell`s (so "👋🏽" is 4, "🇯🇵" and "👨‍👩‍👧" are 2, "❤️" is 1), 0 for controls.
    public static func columns(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii < 0x20 || ascii == 0x7F ? 0 : 1
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        if scalars.count == 1 { return columns(of: first) }
        return TerminalCell.columns(of: character)
    }

    /// The total number of columns a string (or any run of grapheme clusters) occupies: the sum over its clusters.
    public static func columns(of string: some Sequence<Character>) -> Int {
        var total = 0
        for character in string {
            total += columns(of: character)
        }
        return total
    }

    /// Returns the longest prefix of `s` that fits in `width` columns.
    ///
    /// With `ellipsis`, a cut string ends with "…" (one column) inside the width. Grapheme clusters
    /// are never split; when a 2-column character meets a single free column, that column is left
    /// empty, so the result may be one column narrower than `width`. `width <= 0` gives "".
    public static func clip(_ s: String, to width: Int, ellipsis: Bool = false) -> String {
        guard width > 0 else { return "" }
        if columns(of: s) <= width { return s }
        let budget = ellipsis ? width - 1 : width
        var result = ""
        var used = 0
        for character in s {
            let characterWidth = columns(of: character)
            if used + characterWidth > budget { break }
            result.append(character)
            used += characterWidth
        }
        if ellipsis {
            result.append(overflowMarker)
        }
        return result
    }

    /// Clips `s` to `width` columns (see `clip`) and pads it with spaces to exactly `width` columns.
    public static func pad(_ s: String, to width: Int, ellipsis: Bool = false) -> String {
        let clipped = clip(s, to: width, ellipsis: ellipsis)
        let missing = max(0, width) - columns(of: clipped)
        return missing > 0 ? clipped + String(repeating: " ", count: missing) : clipped
    }

    /// Whether a non-ASCII scalar draws as nothing (combining, format or separator characters).
    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD:
            return false  // soft hyphen is drawn as a hyphen
        case 0x0600...0x0605, 0x06DD, 0x070F, 0x0890...0x0891, 0x08E2, 0x110BD, 0x110CD:
            return false  // prepended concatenation marks (Arabic number signs) are drawn, as glibc counts them
        case 0x1160...0x11FF, 0xD7B0...0xD7FF:
            return true  // Hangul medial vowels and final consonants join the leading consonant
        case 0x200B...0x200F, 0xFE00...0xFE0F:
            return true
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }
}
