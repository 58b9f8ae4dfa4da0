/// The rules for room names, shared by server and client: `#dev`, `#中文`, `#release-2_0`.
public enum RoomNameRules {
    /// Longest name, in characters (grapheme clusters), `#` not counted.
    public static let maximumLength = 32
    /// Longest name in UTF-8 bytes.
    public static let maximumBytes = 128

    /// Why a room name is refused; its `description` completes "not a room name: ...".
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case tooLong
        case badCharacter(Character)
        case tooManyMarks
        /// Letters of scripts no language writes together (`#dеv` with a Cyrillic е passes for `#dev`).
        case mixedScripts([WritingScript])

        public var description: String {
            switch self {
            case .empty: "a room name needs at least one character"
            case .tooLong: "a room name has at most \(RoomNameRules.maximumLength) characters"
            case .badCharacter(let character):
                "a room name has only letters, digits, - and _ (not \(Self.shown(character)))"
            case .tooManyMarks:
                "a room name has at most \(TextSanitizer.maximumMarksPerBase) combining marks on one character"
            case .mixedScripts(let scripts):
                "a room name cannot mix scripts, and this one mixes "
                    + Self.list(scripts.map(\.description)) + " letters"
            }
        }

        /// "A and B", "A, B and C".
        private static func list(_ items: [String]) -> String {
            guard items.count > 1, let last = items.last else { return items.first ?? "" }
            return items.dropLast().joined(separator: ", ") + " and " + last
        }

        /// A refused character as the message shows it: itself when printable, else its code point.
        private static func shown(_ character: Character) -> String {
            let scalars = character.unicodeScalars
            let printable = scalars.allSatisfy { !TextSanitizer.isUnsafe($0) && !TextSanitizer.isInvisible($0) }
            if printable && !character.isWhitespace { return "'\(character)'" }
            return scalars.map { scalar in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }.joined(separator: " ")
        }
    }

    /// The name as typed, without the `#` that commands allow before it, and in canonical form (NFC), so that a
    /// room keeps one spelling however its accents were typed.
    public static func bare(_ typed: String) -> String {
        let name = typed.hasPrefix("#") ? String(typed.dropFirst()) : typed
        return name.precomposedStringWithCanonicalMapping
    }

    /// Checks a name (without `#`). - Returns: nil when it is acceptable, else why not.
    ///
    /// Letters of any script (with their combining marks, at most `TextSanitizer.maximumMarksPerBase` on one),
    /// decimal digits of any script, `-` and `_`. Nothing invisible, no spaces, no punctuation: a room name is
    /// typed after `/join` and shown after `#`, and must read as one word.
    public static func problem(with name: String) -> Problem? {
        if name.isEmpty { return .empty }
        if name.count > self.maximumLength || name.utf8.count > self.maximumBytes { return .tooLong }
        for character in name {
            var marks = 0
            for (index, scalar) in character.unicodeScalars.enumerated() {
                let allowed: Bool
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .decimalNumber:
                    allowed = index == 0
                case .nonspacingMark, .spacingMark, .enclosingMark:
                    allowed = index > 0
                    marks += 1
                default:
                    allowed = index == 0 && (scalar == "-" || scalar == "_")
                }
                // Invisible marks (variation selectors, the combining grapheme joiner) would make one room look like
                // another, or a room look like the default one.
                if !allowed || NameRules.blankLooking.contains(scalar.value) || TextSanitizer.isInvisible(scalar) {
                    return .badCharacter(character)
                }
            }
            if marks > TextSanitizer.maximumMarksPerBase { return .tooManyMarks }
        }
        // The same scripts as names may mix (one, or the CJK mixes): a lookalike room is as misleading as a name.
        if let scripts = NameRules.mixedScripts(in: name) { return .mixedScripts(scripts) }
        return nil
    }

    /// The key under which rooms are one room: case and compatibility forms ignored, as for user names.
    public static func key(_ name: String) -> String {
        NameRules.key(self.bare(name))
    }
}
