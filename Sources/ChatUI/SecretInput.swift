/// Lines that carry a password (`/login NAME PASSWORD`, `/register PASSWORD`, `/passwd OLD NEW`,
/// `/unregister PASSWORD`): the input line shows their password as `•`, and they are kept out of the input history
/// (Up would show them to whoever looks at the screen later). Pure.
public enum SecretInput {
    /// How many characters at the start of `line` may be shown; nil when nothing in it is secret.
    public static func visiblePrefix(of line: [Character]) -> Int? {
        guard line.first == "/" else { return nil }
        let command = line.prefix { $0 != " " }
        let name = String(command.dropFirst()).lowercased()
        guard let words = Self.shownWords[name] else { return nil }
        // The command and `words` words after it are shown; what follows the space after them is secret.
        var index = command.count
        for _ in 0..<words {
            while index < line.count, line[index] == " " { index += 1 }
            while index < line.count, line[index] != " " { index += 1 }
        }
        guard index < line.count else { return nil }
        return index + 1
    }

    /// Whether a submitted line carries a password.
    public static func isSecret(_ line: String) -> Bool {
        let characters = Array(line)
        guard characters.first == "/" else { return false }
        let name = String(characters.prefix { $0 != " " }.dropFirst()).lowercased()
        return Self.shownWords[name] != nil
    }

    /// The commands whose arguments hold a password, and how many words after the command are not secret.
    static let shownWords: [String: Int] = [
        "login": 1, "identify": 1, "register": 0, "passwd": 0, "password": 0, "unregister": 0,
    ]

    /// The line as shown: its secret part masked, one `•` per character.
    public static func masked(_ line: [Character]) -> [Character]? {
        guard let visible = Self.visiblePrefix(of: line) else { return nil }
        return Array(line[..<visible]) + Array(repeating: "•", count: line.count - visible)
    }
}
