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
        case reserved

        public var description: String {
            switch self {
            case .empty: "a name needs at least one character"
            case .tooLong: "a name has at most \(NameRules.maximumLength) characters"
            case .containsSpace: "a name cannot contain spaces"
            case .containsControl: "a name cannot contain control or invisible formatting characters"
            case .reserved: "that name is reserved"
            }
        }
    }

    /// Checks a name. - Returns: nil when the name is acceptable, else why not.
    public static func problem(with name: String) -> Problem? {
        if name.isEmpty { return .empty }
        if name.count > self.maximumLength || name.utf8.count > self.maximumBytes { return .tooLong }
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace { return .containsSpace }
            if TextSanitizer.isUnsafe(scalar) || scalar.properties.generalCategory == .format {
                return .containsControl
            }
        }
        if self.key(name) == Message.serverSource { return .reserved }
        return nil
    }

    /// The key under which names are unique: two names with the same key are the same name.
    public static func key(_ name: String) -> String {
        name.lowercased()
    }

    /// A variant of `base` with a number suffix that still obeys the length limit (alice → alice2).
    public static func variant(of base: String, number: Int) -> String {
        let suffix = String(number)
        var stem = base
        while stem.count + suffix.count > self.maximumLength || stem.utf8.count + suffix.utf8.count > self.maximumBytes {
            stem.removeLast()
        }
        return stem + suffix
    }
}
