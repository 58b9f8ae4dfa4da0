/// Cleans text from clients before anyone sees it, so that no user can drive another user's terminal.
///
/// Removes C0 controls (except tab, which becomes a space), DEL, C1 controls (ESC-less CSI U+009B among
/// them) and bidirectional controls (embeddings, overrides, isolates, marks). Everything else is kept.
public enum TextSanitizer {
    /// The cleaned text; printable ASCII comes back unchanged without being rebuilt.
    public static func clean(_ text: String) -> String {
        var text = text
        let isPlainASCII = text.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if isPlainASCII { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                scalars.append(" ")
            } else if !self.isUnsafe(scalar) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether a scalar is a control character or an invisible bidirectional control.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether the text is empty or only whitespace.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
