/// Cleans text from clients before anyone sees it, so that no user can drive another user's terminal.
///
/// Removes C0 controls (except tab, which becomes a space), DEL, C1 controls (ESC-less CSI U+009B among
/// them), bidirectional controls (embeddings, overrides, isolates, marks) and the Unicode line and paragraph
/// separators (U+2028, U+2029: line breaks, like CR and LF). Stacks of combining marks are cut to
/// `maximumMarksPerBase` after each base character ("Zalgo" text that spills over the lines around it).
/// Everything else is kept.
public enum TextSanitizer {
    /// The most combining marks kept after one base character (in text) or allowed (in names).
    public static let maximumMarksPerBase = 4

    /// Whether a scalar is one of the bidirectional controls (ALM, LRM, RLM, embeddings, overrides, isolates).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The cleaned text; printable ASCII comes back unchanged without being rebuilt.
    public static func clean(_ text: String) -> String {
        var text = text
        let isPlainASCII = text.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if isPlainASCII { return text }
        var scalars = String.UnicodeScalarView()
        var marks = 0
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                scalars.append(" ")
                marks = 0
            } else if self.isCombiningMark(scalar) {
                marks += 1
                if marks <= self.maximumMarksPerBase { scalars.append(scalar) }
            } else if !self.isUnsafe(scalar) {
                scalars.append(scalar)
                marks = 0
            }
        }
        return String(scalars)
    }

    /// Whether a scalar is a control character, an invisible bidirectional control or a line separator.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: self.isBidiControl(scalar)
        }
    }

    /// Whether a scalar is a combining mark (Mn, Mc, Me): drawn on the character before it.
    public static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Whether the text shows nothing: empty, or only blanks (whitespace, letters that draw as nothing) and
    /// invisible code points.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { self.isBlank($0) || self.isInvisible($0) }
    }

    /// Whitespace of any width, and the letters that draw as nothing (the braille blank, Hangul fillers).
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || NameRules.blankLooking.contains(scalar.value)
    }

    /// A code point that draws nothing and takes no room: Unicode's default-ignorables (zero-width characters,
    /// joiners, variation selectors, the Hangul fillers) and the other format characters.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .format
    }
}
