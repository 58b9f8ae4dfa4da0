/// How a run of text looks, in terms the renderer cares about; the backend maps it to colours and attributes.
public struct Style: Equatable, Hashable, Sendable {
    /// What the text is, which decides its colour.
    public enum Role: Equatable, Hashable, Sendable {
        /// Ordinary text in the terminal's default colours.
        case normal
        /// A nickname, with its stable palette index (`0..<Style.namePaletteSize`).
        case name(Int)
        /// The time column and other quiet text.
        case muted
        /// Join/leave/rename/system lines.
        case notice
        /// Errors from the server or the client.
        case error
        /// Private messages.
        case privateMessage
        /// Lines that mention you.
        case mention
        /// The status line.
        case status
        /// The separator and the sidebar heading.
        case chrome
    }

    public var role: Role
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool

    public init(_ role: Role = .normal, bold: Bool = false, dim: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
    }

    /// Plain text.
    public static let plain = Style()
    /// How many distinct nickname colours the backend provides.
    public static let namePaletteSize = 6
}
