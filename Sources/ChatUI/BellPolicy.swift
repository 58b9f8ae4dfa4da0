/// When the client rings the terminal bell (`swchat join --bell`), so that tmux and terminal emulators can flag
/// the window.
public enum BellPolicy: String, CaseIterable, Equatable, Sendable {
    /// A message that mentions you, or a private message, arriving in a buffer you are not looking at.
    case mentions
    /// Every message from someone else (chat, action or private), wherever it arrives.
    case all
    /// Never.
    case off

    /// Whether a message arriving rings the bell. - Parameters: `highlight`: it mentions you or is private;
    /// `shown`: it arrives in the buffer on screen.
    func rings(highlight: Bool, shown: Bool) -> Bool {
        switch self {
        case .mentions: highlight && !shown
        case .all: true
        case .off: false
        }
    }
}
