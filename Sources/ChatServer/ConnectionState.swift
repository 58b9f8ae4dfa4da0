/// Where a connection is in its life. One value, owned by its `ConnectionHandler`; the hub moves it on.
enum ConnectionState: Equatable {
    /// Connected; the first byte (or silence) has not yet said how it talks.
    case sniffing
    /// Its kind is known and the core has it, but it has no name yet (a JSON client before its hello).
    case greeting(ClientKind)
    /// It has a name: it is in the chat.
    case member(ClientKind)
    /// Being closed: nothing more is written. The reason is for the log (nil: the peer closed it).
    case closing(ClientKind?, LeaveReason?)

    var kind: ClientKind? {
        switch self {
        case .sniffing: nil
        case .greeting(let kind), .member(let kind): kind
        case .closing(let kind, _): kind
        }
    }

    var isClosing: Bool {
        if case .closing = self { return true }
        return false
    }
}
