/// Where posted messages are kept and numbered: every chat line, action and private message passes through
/// `append` before anyone sees it, so a durable store can persist it first and its id is the store's.
///
/// The answer comes through `completion`, which the in-memory store calls at once and a database store calls on
/// the server's event loop when the write is done (a batch of a tick's messages in one transaction): the core
/// delivers a message only once it is stored, so nothing is shown that was not kept.
public protocol MessageStore: AnyObject {
    /// Keeps `post` and gives it its id. - Parameter completion: called once, on the server's event loop.
    func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void)
}

/// Why a message could not be kept; the sender is told, and nobody else sees the message.
public enum MessageStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unavailable(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "not stored (\(why)); try again"
        }
    }
}
