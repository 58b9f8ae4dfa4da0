/// One line of the message log, already cleaned for display.
public struct LogEntry: Equatable, Sendable {
    /// What the line is, which decides its format and style.
    public enum Kind: Equatable, Sendable {
        case chat
        /// `/me`: "* alice waves".
        case action
        /// A private message, with its addressee.
        case privateMessage(to: String)
        /// Join, leave, rename, system, the welcome: dimmed.
        case notice
        /// An error from the server or the client: marked.
        case error
        /// A line of its own between messages ("-- end of history --", a date line): no time, dimmed.
        case divider
    }

    public var kind: Kind
    /// "HH:MM" in local time.
    public var time: String
    /// The sender's name for chat, action and private lines.
    public var sender: String?
    public var text: String
    /// Written by us.
    public var isOwn: Bool
    /// Mentions our name (and is not ours).
    public var mentionsMe: Bool
    /// Replayed history (sent before we joined): dimmed.
    public var isReplay: Bool
    /// A room message's number in its room (`seq`), when the server gave one: the oldest one loaded is where the
    /// next page of older history ends.
    public internal(set) var seq: UInt64?
    /// The local day (since 1970) the entry was made on, for the date lines; on a date line, the day it names.
    var day: Int64?

    public init(
        kind: Kind, time: String, sender: String? = nil, text: String, isOwn: Bool = false, mentionsMe: Bool = false,
        isReplay: Bool = false, seq: UInt64? = nil
    ) {
        self.seq = seq
        self.isReplay = isReplay
        self.kind = kind
        self.time = time
        self.sender = sender
        self.text = text
        self.isOwn = isOwn
        self.mentionsMe = mentionsMe
    }

    /// Whether this is a date line (it names the day of the entries after it).
    var isDateLine: Bool { self.kind == .divider && self.day != nil }
}
