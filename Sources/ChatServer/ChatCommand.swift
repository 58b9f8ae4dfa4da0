/// What one line of text from a user asks for, once parsed.
public enum ChatCommand: Equatable, Sendable {
    /// An ordinary chat line (already stripped of a `//` escape).
    case say(String)
    case me(String)
    /// `/who [ROOM]`.
    case who(String?)
    case nick(String)
    case msg(to: String, text: String)
    case quit(reason: String?)
    case help
    /// `/join ROOM`.
    case join(String)
    /// `/part [ROOM] [REASON]`: the words after /part, resolved by the core (which knows the member's rooms).
    case part(String)
    /// `/topic [TEXT]`: nil shows it.
    case topic(String?)
    case rooms
    /// A `/command` swchat does not know.
    case unknown(String)
    /// A known command used wrongly; the associated text is its usage line.
    case usage(String)
}
