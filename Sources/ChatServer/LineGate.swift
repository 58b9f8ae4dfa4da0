/// Decides whether a line may be read at all (the flood limit), before anything is parsed.
protocol LineGate: AnyObject {
    /// - Parameter mayBeHandshake: the connection may yet turn out to be a JSON client, whose hello is free.
    func admit(mayBeHandshake: Bool) -> Bool
}
