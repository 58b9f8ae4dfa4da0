/// What history a member gets on joining or resuming a room: frames from the room's memory, or a read from the store
/// (when memory does not reach back far enough).
enum ReplayPlan {
    /// These frames (a `gap`, the messages, a `replay_end`), of which `count` are messages.
    case memory([Notice], count: Int)
    /// The store's answer, in its place in the member's output.
    case fetch(Fetch)
}
