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
    /// `/register PASSWORD`: the member's name becomes an account.
    case register(password: String)
    case login(name: String, password: String)
    case logout
    case passwd(old: String, new: String)
    case unregister(password: String)
    /// Operators: `/op NAME`, `/deop NAME`.
    case op(String)
    case deop(String)
    case kick(String, reason: String?)
    /// `/ban NAME|ip=ADDR|account=NAME [DURATION] [REASON]` (and `/mute`): who, for how long (nil: until lifted).
    case ban(String, milliseconds: Int64?, reason: String?)
    case unban(String)
    case bans
    case mute(String, milliseconds: Int64?, reason: String?)
    case unmute(String)
    /// A `/command` swchat does not know.
    case unknown(String)
    /// A known command used wrongly; the associated text is its usage line.
    case usage(String)
}
