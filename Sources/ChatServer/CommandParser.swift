/// Parses a line of user text into a `ChatCommand`. Pure.
///
/// `/name args` looks the name up in `CommandSpec.all`; `//text` is the literal text `/text`; the Go seeds'
/// spellings `who`, `who online`, `rename|NAME`, `exit` and `quit` are commands when they are the whole line, for
/// the text clients the seeds had them for (`seedSpellings`); elsewhere they are words.
public enum CommandParser {
    public static func parse(_ line: String, seedSpellings: Bool = true) -> ChatCommand {
        if line.hasPrefix("//") {
            return .say(String(line.dropFirst()))
        }
        if line.hasPrefix("/") {
            let body = line.dropFirst()
            let name = body.prefix { !$0.isWhitespace }
            let arguments = String(body.dropFirst(name.count)).trimmingSpaces
            guard !name.isEmpty, let spec = CommandSpec.named(String(name)) else {
                return .unknown(String(name))
            }
            return spec.make(arguments) ?? .usage(spec.usage)
        }
        guard seedSpellings else { return .say(line) }
        let trimmed = line.trimmingSpaces
        switch trimmed.lowercased() {
        case "who", "who online": return .who(nil)
        case "exit", "quit": return .quit(reason: nil)
        default: break
        }
        if trimmed.lowercased().hasPrefix("rename|") {
            let name = String(trimmed.dropFirst("rename|".count)).trimmingSpaces
            return name.isEmpty || name.contains(" ") ? .usage("rename|NAME") : .nick(name)
        }
        return .say(line)
    }
}
