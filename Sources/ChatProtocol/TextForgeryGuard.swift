/// Makes what users typed unable to pass for a server notice or another user's line on a text client's screen.
///
/// A text client (nc) wraps long lines wherever its terminal ends, so whatever a user's text puts at that column
/// starts a screen row. Three things stop a forged row:
/// - invisible code points (zero-width spaces, joiners outside emoji, variation selectors, soft hyphens) are dropped,
///   so nothing can hide between the characters of a pattern or between blanks;
/// - runs of blank characters (spaces of every width, the braille blank, Hangul fillers) collapse to one space, so a
///   line cannot be padded invisibly to the wrap;
/// - the shapes that start genuine rows cannot occur: the notice marker `-!-` (with dashes, exclamation marks and
///   bars of any script, combining marks on them ignored) becomes `-¡-`, and a `[12:03:04]`-shaped time (brackets,
///   digits and colons of any script) becomes `(12:03:04)`. See docs/decisions.md.
public enum TextForgeryGuard {
    /// The prefix of every server notice line sent to text clients; `defuse` keeps it out of user text.
    public static let noticeMarker = "-!-"

    /// The text with invisibles dropped, blank runs collapsed and row-starting shapes defused. Plain ASCII words
    /// without them come back as they are.
    public static func defuse(_ text: String) -> String {
        guard self.mayNeedWork(text) else { return text }
        let input = Array(text.unicodeScalars)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(input.count)
        for (index, scalar) in input.enumerated() {
            if TextSanitizer.isBlank(scalar) || (scalars.last == " " && TextSanitizer.isCombiningMark(scalar)) {
                // A mark on a blank is part of the blank run: " \u{301}" repeated must not pad either.
                if scalars.last != " " { scalars.append(" ") }
            } else if TextSanitizer.isInvisible(scalar) {
                let previous = index > 0 ? input[index - 1] : nil
                let next = index + 1 < input.count ? input[index + 1] : nil
                if NameRules.isEmojiPart(scalar, after: previous, before: next) { scalars.append(scalar) }
            } else {
                scalars.append(scalar)
            }
        }
        // Patterns are matched on what is seen: the characters without the marks drawn on them (Mn, Me; a spacing
        // mark, Mc, is a glyph of its own and counts).
        let seen = scalars.indices.filter {
            let category = scalars[$0].properties.generalCategory
            return category != .nonspacingMark && category != .enclosingMark
        }
        var position = 0
        while position < seen.count {
            let first = scalars[seen[position]]
            if position + 2 < seen.count, self.isDash(first), self.isBang(scalars[seen[position + 1]]),
                self.isDash(scalars[seen[position + 2]])
            {
                scalars[seen[position + 1]] = "\u{00A1}"
                // The closing dash may open the next one: "-!-!-" is two markers.
                position += 2
            } else if position + 9 < seen.count, self.isOpenBracket(first),
                self.isTimeShape({ scalars[seen[position + $0]] })
            {
                scalars[seen[position]] = "("
                scalars[seen[position + 9]] = ")"
                position += 10
            } else {
                position += 1
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Cheap first look: ASCII without double spaces, `!`, `|` or `[` never needs work.
    private static func mayNeedWork(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x80...0xFF, UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: "["), 0x00..<0x20, 0x7F: return true
            case UInt8(ascii: " ") where previous == UInt8(ascii: " "): return true
            default: previous = byte
            }
        }
        return false
    }

    /// Hyphens, dashes, minus signs, horizontal strokes and bars.
    private static let dashes: Set<UInt32> = [
        0x2D, 0x02D7, 0x2212, 0x2043, 0xFF70, 0x30FC, 0x3161, 0x1173, 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509,
        0x254C, 0x254D, 0x2574, 0x2576, 0x2578, 0x257A, 0x23AF, 0x23BA, 0x23BB, 0x23BC, 0x23BD, 0x2796, 0xFE63, 0x10FB,
        0x2E3A, 0x2E3B, 0x2014, 0x2015, 0x2E0F, 0x268A, 0x207B, 0x208B, 0x257C, 0x257E, 0x0640, 0x4E00, 0x31D0,
        0x2F00, 0x23E4, 0x02C9, 0xFFE3, 0x1428, 0x2010, 0x2011, 0x2012, 0x2013, 0x2027, 0x1680, 0x2CBB,
    ]

    /// Exclamation marks, and the upright strokes that pass for one.
    private static let bangs: Set<UInt32> = [
        0x21, 0x01C3, 0xFF01, 0xFE15, 0xFE57, 0x2D51, 0xA71D, 0xA71E, 0xA71F, 0x203C, 0x2755, 0x2757, 0x2762, 0x2763,
        0x7C, 0x01C0, 0x05C0, 0xFF5C, 0xFE31, 0x23D0, 0x2223, 0x2758, 0x2759, 0x275A, 0xA6, 0x2502, 0x2503, 0x1C0,
        0x0964, 0x0965, 0x0589, 0x254E, 0x254F, 0x2506, 0x2507, 0x250A, 0x250B, 0xFFE4, 0xFFE8, 0x1D09, 0x2551,
        0x2016, 0x01C1, 0x2575, 0x2577, 0x23B8, 0x23B9, 0x16C1, 0x2D4F, 0xA4F2, 0x01C2, 0x2160, 0x217C, 0x0131,
    ]

    /// Colons and the marks that pass for one.
    private static let colons: Set<UInt32> = [
        0x3A, 0xFF1A, 0x2236, 0x02F8, 0x02D0, 0x02D1, 0xA789, 0xFE13, 0xFE55, 0xFE30, 0x0589, 0x05C3, 0x0703, 0x0704,
        0x1361, 0x16EC, 0x1804, 0x1809, 0x205A, 0x22EE, 0x0903, 0x0A83, 0xA4FD, 0x2E35, 0x0F14, 0x2360, 0x2982,
        0x205D, 0x2237, 0x0F7F, 0x0983, 0x1038, 0x17C8, 0x0A03, 0x0B03, 0x0C03, 0x0D03, 0x0D83, 0xFE52,
    ]

    /// Brackets that are not punctuation (maths and technical symbols, modifier letters) but pass for one.
    private static let brackets: Set<UInt32> = [
        0x23A1, 0x23A2, 0x23A3, 0x23A4, 0x23A5, 0x23A6, 0x231C, 0x231D, 0x231E, 0x231F, 0x02E5, 0x02E9, 0x2308, 0x2309,
        0x230A, 0x230B, 0x27E6, 0x27E7, 0x2E22, 0x2E23, 0x2E24, 0x2E25,
    ]

    private static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        self.dashes.contains(scalar.value) || scalar.properties.generalCategory == .dashPunctuation
    }

    private static func isBang(_ scalar: Unicode.Scalar) -> Bool {
        self.bangs.contains(scalar.value)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal || scalar.properties.numericType == .digit
    }

    /// `[dd:dd:dd]` with brackets, digits and colons of any script.
    /// - Parameter s: the `k`th of the ten characters seen from here (nothing is copied: this runs at every bracket).
    private static func isTimeShape(_ s: (Int) -> Unicode.Scalar) -> Bool {
        self.isOpenBracket(s(0)) && self.isDigit(s(1)) && self.isDigit(s(2)) && self.colons.contains(s(3).value)
            && self.isDigit(s(4)) && self.isDigit(s(5)) && self.colons.contains(s(6).value) && self.isDigit(s(7))
            && self.isDigit(s(8)) && self.isCloseBracket(s(9))
    }

    private static func isOpenBracket(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .openPunctuation || self.brackets.contains(scalar.value)
    }

    private static func isCloseBracket(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .closePunctuation || self.brackets.contains(scalar.value)
    }
}
