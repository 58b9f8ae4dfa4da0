/// Makes what users typed unable to pass for a server notice or another user's line on a text client's screen.
///
/// A text client (nc) wraps long lines wherever its terminal ends, so whatever a user's text puts at that column
/// starts a screen row. Two things stop a forged row: runs of blank characters (spaces of every width, the braille
/// blank, Hangul fillers) collapse to one space, so a line cannot be padded invisibly to the wrap; and the shapes
/// that start genuine rows cannot occur inside user text: the notice marker `-!-` (dashes and exclamation marks
/// of any script) becomes `-¡-`, and a `[12:03:04]` time becomes `(12:03:04)`. See docs/decisions.md.
public enum TextForgeryGuard {
    /// The prefix of every server notice line sent to text clients; `defuse` keeps it out of user text.
    public static let noticeMarker = "-!-"

    /// The text with blank runs collapsed and row-starting shapes defused. Plain text without them comes back as is.
    public static func defuse(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { self.mayNeedWork($0) }) else { return text }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if self.isBlank(scalar) {
                if scalars.last != " " { scalars.append(" ") }
            } else {
                scalars.append(scalar)
            }
        }
        var index = 0
        while index < scalars.count {
            if index + 2 < scalars.count, self.isDash(scalars[index]), self.isBang(scalars[index + 1]),
                self.isDash(scalars[index + 2])
            {
                scalars[index + 1] = "\u{00A1}"
                index += 3
                continue
            }
            if index + 9 < scalars.count, self.isTimeShape(scalars[index...(index + 9)]) {
                scalars[index] = "("
                scalars[index + 9] = ")"
                index += 10
                continue
            }
            index += 1
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Cheap first look: ASCII letters and digits alone never need work.
    private static func mayNeedWork(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "[" || scalar == "!" || scalar.value > 0x7F || self.isBlank(scalar)
    }

    /// Spaces of any kind and the letters that draw as nothing.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || NameRules.blankLooking.contains(scalar.value)
    }

    private static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x02D7, 0x2212, 0x2500, 0x2501, 0x2574, 0x2576, 0x2578, 0x257A, 0x23AF, 0x2796, 0xFE63: true
        default: scalar.properties.generalCategory == .dashPunctuation
        }
    }

    private static func isBang(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21, 0x01C3, 0xFF01, 0xFE15, 0xFE57, 0x2D51, 0xA71D, 0x203C, 0x2755, 0x2757: true
        default: false
        }
    }

    private static func isColon(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3A, 0xFF1A, 0x2236, 0x02F8, 0xA789, 0xFE13, 0xFE55, 0x0589, 0x05C3, 0x1361, 0x16EC, 0x205A, 0x22EE: true
        default: false
        }
    }

    /// `[dd:dd:dd]` with brackets, digits and colons of any script.
    private static func isTimeShape(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(s)
        let open = s[0].properties.generalCategory == .openPunctuation
        let close = s[9].properties.generalCategory == .closePunctuation
        let digits = [1, 2, 4, 5, 7, 8].allSatisfy { s[$0].properties.numericType == .decimal }
        return open && close && digits && self.isColon(s[3]) && self.isColon(s[6])
    }
}
