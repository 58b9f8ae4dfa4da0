/// What one line of text from a user asks for, once parsed.
public enum ChatCommand: Equatable, Sendable {
    /// An ordinary chat line (already stripped of a `//` escape).
    case say(String)
    case me(String)
    case who
    case nick(String)
    case msg(to: String, text: String)
    case quit(reason: String?)
    case help
    /// A `/command` swchat does not know.
    case unknown(String)
    /// A known command used wrongly; the associated text is its usage line.
    case usage(String)
}
