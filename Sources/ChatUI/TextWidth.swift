/// Terminal column widths of Unicode text, computed in pure Swift and independent of the C locale.
///
/// Widths follow what `wcwidth(3)`-style terminals draw: 0 for controls, combining marks and
/// format characters, 2 for East Asian Wide/Fullwidth characters and emoji, 1 otherwise.
/// East Asian *Ambiguous* characters (such as "…" and "─") count as 1.
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
        if EastAsianWideTable.contains(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The number of columns a grapheme cluster occupies as a terminal draws it: 0, 1 or 2.
    ///
    /// This is the width of the first scalar (or of the widest following one when the first is
    /// zero-width), raised to 2 for emoji sequences: an emoji-capable base followed by U+FE0F, an
    /// emoji ZWJ sequence, a skin-tone modifier, or a regional-indicator flag pair.
    public static func columns(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii < 0x20 || ascii == 0x7F ? 0 : 1
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        var width = columns(of: first)
        if width == 0 {
            width = scalars.dropFirst().map { columns(of: $0) }.max() ?? 0
        }
        if width < 2, isEmojiSequence(scalars, base: first) {
            width = 2
        }
        return min(width, 2)
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
        case 0x1160...0x11FF, 0xD7B0...0xD7FF:
            return true   // Hangul medial vowels and final consonants join the leading consonant
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

    /// Whether a multi-scalar cluster is an emoji sequence that terminals draw 2 columns wide.
    private static func isEmojiSequence(_ scalars: Character.UnicodeScalarView, base: Unicode.Scalar) -> Bool {
        var hasPresentationSelector = false
        var hasJoiner = false
        var regionalIndicators = 0
        for scalar in scalars {
            switch scalar.value {
            case 0xFE0F: hasPresentationSelector = true
            case 0x200D: hasJoiner = true
            case 0x1F3FB...0x1F3FF: return true  // skin-tone modifier
            case 0x1F1E6...0x1F1FF: regionalIndicators += 1
            default: break
            }
        }
        if regionalIndicators >= 2 { return true }
        return base.properties.isEmoji && (hasPresentationSelector || hasJoiner)
    }
}
