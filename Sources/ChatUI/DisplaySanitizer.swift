import ChatProtocol

/// Makes untrusted text (messages, nicknames, topics, pasted input) safe to draw on a terminal.
///
/// Nothing that a terminal could interpret as a command survives: C0/C1 controls, DEL and ESC
/// are replaced by visible placeholders (or dropped, for input), and bidirectional controls that
/// could reorder the rest of the screen line are removed.
public enum DisplaySanitizer {
    /// How a scalar is treated by the sanitizer.
    private enum Kind {
        case keep, tab, lineFeed, carriageReturn, lineSeparator, c0, delete, c1, bidi
    }

    /// Returns `s` with every control made visible and bidi controls removed.
    ///
    /// - Tab becomes one space.
    /// - Other C0 controls U+0000–001F become Control Pictures (U+2400 + code, e.g. ESC → "␛"),
    ///   DEL becomes "␡" (U+2421), and C1 controls U+0080–009F become U+FFFD.
    /// - The bidirectional controls (`TextSanitizer.isBidiControl`) are removed.
    /// - With `keepNewlines == false`, "\n" becomes "␊", "\r" becomes "␍" and U+2028/U+2029
    ///   become "␤". With `keepNewlines == true`, "\n" and U+2028/U+2029 become "\n" and "\r"
    ///   is removed (so "\r\n" is one newline).
    public static func clean(_ s: String, keepNewlines: Bool = false) -> String {
        var output = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch kind(of: scalar) {
            case .keep:
                output.append(scalar)
            case .tab:
                output.append(" ")
            case .lineFeed:
                output.append(keepNewlines ? "\n" : "\u{240A}")
            case .carriageReturn:
                if !keepNewlines {
                    output.append("\u{240D}")
                }
            case .lineSeparator:
                output.append(keepNewlines ? "\n" : "\u{2424}")
            case .c0:
                if let picture = Unicode.Scalar(0x2400 + scalar.value) {
                    output.append(picture)
                }
            case .delete:
                output.append("\u{2421}")
            case .c1:
                output.append("\u{FFFD}")
            case .bidi:
                continue
            }
        }
        return String(output)
    }

    /// Returns `s` cleaned for insertion into the single-line input editor.
    ///
    /// Newlines ("\n", "\r", "\r\n" as one, U+2028, U+2029) and tabs become one space each; all
    /// other controls and the bidi controls are dropped without a placeholder.
    public static func cleanInput(_ s: String) -> String {
        var output = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in s.unicodeScalars {
            let kind = kind(of: scalar)
            defer { previousWasCarriageReturn = kind == .carriageReturn }
            switch kind {
            case .keep:
                output.append(scalar)
            case .lineFeed:
                if !previousWasCarriageReturn {
                    output.append(" ")
                }
            case .tab, .carriageReturn, .lineSeparator:
                output.append(" ")
            case .c0, .delete, .c1, .bidi:
                continue
            }
        }
        return String(output)
    }

    /// Classifies one scalar.
    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x09: return .tab
        case 0x0A: return .lineFeed
        case 0x0D: return .carriageReturn
        case 0x00...0x1F: return .c0
        case 0x7F: return .delete
        case 0x80...0x9F: return .c1
        case 0x2028, 0x2029: return .lineSeparator
        default: return TextSanitizer.isBidiControl(scalar) ? .bidi : .keep
        }
    }
}
