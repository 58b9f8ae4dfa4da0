import Foundation

/// The rules for user names, shared by server and client so both explain a bad name the same way.
public enum NameRules {
    /// Longest name, in characters (grapheme clusters).
    public static let maximumLength = 32
    /// Longest name in UTF-8 bytes, so that stacks of combining marks cannot make a "short" huge name.
    public static let maximumBytes = 128

    /// Why a name is refused.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case tooLong
        case containsSpace
        case containsControl
        case looksBlank
        case tooManyMarks
        case reserved
        /// Letters of scripts no one language mixes (in order of appearance): "аlice" with a Cyrillic а.
        case mixedScripts([WritingScript])

        public var description: String {
            switch self {
            case .empty: "a name needs at least one character"
            case .tooLong: "a name has at most \(NameRules.maximumLength) characters"
            case .containsSpace: "a name cannot contain spaces"
            case .containsControl: "a name cannot contain control, invisible or private-use characters"
            case .looksBlank: "a name cannot contain characters that look blank (such as U+2800 or U+3164)"
            case .tooManyMarks:
                "too many combining marks: a name has at most \(TextSanitizer.maximumMarksPerBase) on one character"
            case .reserved: "that name is reserved"
            case .mixedScripts(let scripts):
                "a name cannot mix scripts, and this one mixes \(Self.list(scripts.map(\.description))) letters"
            }
        }

        /// "A", "A and B", "A, B and C".
        private static func list(_ items: [String]) -> String {
            guard let last = items.last, items.count > 1 else { return items.first ?? "" }
            return items.dropLast().joined(separator: ", ") + " and " + last
        }
    }

    /// Checks a name. - Returns: nil when the name is acceptable, else why not.
    ///
    /// Refused besides spaces and controls: everything invisible that could make a name look like another
    /// (Unicode's default-ignorable code points: the combining grapheme joiner, variation selectors, zero-width
    /// characters, the Hangul fillers), characters that look blank (the braille blank), and stacks of more than
    /// `TextSanitizer.maximumMarksPerBase` combining marks, and letters of scripts that no language mixes
    /// (`mixedScripts(in:)`: "аlice" with a Cyrillic а; "Дмитрий" and "Σοφία" are names). The invisible parts of emoji are allowed where they
    /// make an emoji (a joiner between two, a presentation selector or tags after one), so 👨‍👩‍👧 is a name.
    public static func problem(with name: String) -> Problem? {
        if name.isEmpty { return .empty }
        if name.count > self.maximumLength || name.utf8.count > self.maximumBytes { return .tooLong }
        let scalars = Array(name.unicodeScalars)
        var marks = 0
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace { return .containsSpace }
            if TextSanitizer.isUnsafe(scalar) { return .containsControl }
            switch scalar.properties.generalCategory {
            case .privateUse, .unassigned, .surrogate: return .containsControl
            default: break
            }
            if self.blankLooking.contains(scalar.value) { return .looksBlank }
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if TextSanitizer.isInvisible(scalar) && !self.isEmojiPart(scalar, after: previous, before: next) {
                return .containsControl
            }
            if TextSanitizer.isCombiningMark(scalar) {
                marks += 1
                if marks > TextSanitizer.maximumMarksPerBase { return .tooManyMarks }
            } else {
                marks = 0
            }
        }
        // Reserved also under marks: "server̈" passes for server too.
        let bare = String(
            String.UnicodeScalarView(self.key(name).unicodeScalars.filter { !TextSanitizer.isCombiningMark($0) }))
        if bare == Message.serverSource { return .reserved }
        // Something must be seen: a lone mark draws on nothing, and Hangul vowels and finals without an initial
        // consonant draw as nothing in a terminal.
        if let first = scalars.first,
            TextSanitizer.isCombiningMark(first) || (0x1160...0x11FF).contains(first.value)
                || (0xD7B0...0xD7FF).contains(first.value)
        {
            return .looksBlank
        }
        if let scripts = self.mixedScripts(in: name) { return .mixedScripts(scripts) }
        return nil
    }

    /// Letters and symbols that draw as nothing: the Hangul fillers (also default-ignorable) and the braille blank.
    static let blankLooking: Set<UInt32> = [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x303F]

    /// Whether an invisible scalar is there to make an emoji: a zero-width joiner between two emoji, a variation
    /// selector 16 after an emoji, or a tag (subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿) after the black flag or another tag.
    static func isEmojiPart(
        _ scalar: Unicode.Scalar, after previous: Unicode.Scalar?, before next: Unicode.Scalar?
    ) -> Bool {
        guard let previous else { return false }
        switch scalar.value {
        case 0x200D:
            guard let next else { return false }
            return self.isPictographic(next)
                && (self.isPictographic(previous) || previous.value == 0xFE0F
                    || previous.properties.isEmojiModifier)
        case 0xFE0F:
            // After an emoji proper; after a digit, # or * only as a keycap (1️⃣), or "bob1️" would pass for "bob1".
            return self.isPictographic(previous) || (previous.properties.isEmoji && next?.value == 0x20E3)
        case 0xE0020...0xE007E:
            // A tag sequence (🏴 then tags then the cancel tag): each tag follows the flag or a tag and leads on to one.
            let follows = previous.value == 0x1F3F4 || (0xE0020...0xE007E).contains(previous.value)
            return follows && next.map { (0xE0020...0xE007F).contains($0.value) } == true
        case 0xE007F:
            return (0xE0020...0xE007E).contains(previous.value)
        default:
            return false
        }
    }

    /// An emoji proper (not one of the ASCII digits and signs that are emoji only with a selector).
    private static func isPictographic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmoji && scalar.value > 0x7F
    }

    /// The key under which names are unique: two names with the same key are the same name.
    ///
    /// Case is ignored, equivalent spellings are one (NFKC: "rené" typed precomposed or with a combining accent,
    /// mathematical and fullwidth letters, ligatures and roman numerals as their letters), and invisible code points
    /// do not count (a variation selector, a joiner: "bob©️" is "bob©"). Keys
    /// are compared by `precedes`, their bytes: String's own `<` is not a consistent order across normalization forms
    /// (it put neither "e\u{301}" nor "\u{e9}2" before the other), and a roster searched with it lost names.
    public static func key(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        // NFKC, so that compatibility forms are their letters (𝚋𝚘𝚋 and ｂｏｂ are bob, ⅼ is l, µ is μ), and the
        // dotless i folded, which no normalization does (ı with a combining dot above draws as i).
        for scalar in name.precomposedStringWithCompatibilityMapping.lowercased()
            .precomposedStringWithCompatibilityMapping
            .unicodeScalars
        where !scalar.properties.isDefaultIgnorableCodePoint {
            // A dot above an i or j is the dot it already has.
            if scalar.value == 0x0307, let last = scalars.last, last == "i" || last == "j" { continue }
            scalars.append(scalar.value == 0x0131 ? "i" : scalar)
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// The order of keys: by their UTF-8 bytes, a total order (keys are NFC, so equal keys have equal bytes).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A variant of `base` with a number suffix that still obeys the length limit (alice → alice2).
    public static func variant(of base: String, number: Int) -> String {
        let suffix = String(number)
        var stem = base
        while stem.count + suffix.count > self.maximumLength || stem.utf8.count + suffix.utf8.count > self.maximumBytes
        {
            stem.removeLast()
        }
        return stem + suffix
    }
}
