/// Where the user is in dropping the lines still queued for the server: Esc-Esc or Ctrl-C asks first, the same key
/// again drops them (Ctrl-C also quits), and any other key keeps them.
public enum DropConfirmation: Equatable, Sendable {
    /// Nothing asked.
    case none
    /// One Esc pressed with lines queued; a second asks.
    case oneEscape
    /// Asked; `quit` when Ctrl-C asked (confirming drops the lines and quits).
    case asking(quit: Bool)
}
