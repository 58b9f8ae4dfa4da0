/// What a message id stood for when the log showed it: enough to tell a replay of it from another message.
struct ShownMessage: Equatable, Sendable {
    let sender: String
    let text: String
}
