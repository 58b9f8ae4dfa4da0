/// How a connection talks: JSON frames, or plain text lines (nc, telnet). The first byte decides.
public enum ClientKind: Equatable, Sendable {
    case json
    case text
}
