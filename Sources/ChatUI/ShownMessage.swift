/// What a message id stood for when the log showed it: enough to tell a replay of it from another message.
///
/// The server's time stamp is part of it: a restarted server that is sent the same words by the same person again
/// gives them an id the log has seen, but not the time.
struct ShownMessage: Equatable, Sendable {
    let sender: String
    let text: String
    let ts: String?
}
