/// Work with a password for the shell to do off the event loop (scrypt takes tens of milliseconds): hash a new
/// one, or check one against a stored hash (and then, for `/passwd`, hash the new one). Its outcome goes back to
/// `ChatCore.passwordDone` with the job's id; the core remembers what the job was for.
public struct PasswordJob: Sendable {
    public enum Work: Sendable {
        case hash(String)
        case verify(String, against: String, thenHash: String?)
    }

    public let id: UInt64
    public let work: Work
    public let cost: PasswordHash.Cost

    /// Does the work (slow: call it off the event loop).
    public func run() -> PasswordOutcome {
        switch self.work {
        case .hash(let password):
            return PasswordOutcome(matched: true, hash: try? PasswordHash.make(password, cost: self.cost))
        case .verify(let password, let stored, let next):
            let matched = PasswordHash.verify(password, against: stored)
            guard matched, let next else { return PasswordOutcome(matched: matched, hash: nil) }
            return PasswordOutcome(matched: true, hash: try? PasswordHash.make(next, cost: self.cost))
        }
    }
}

/// What a `PasswordJob` found: whether the password matched (always true for a plain hash) and the new hash made,
/// if one was asked for (nil if scrypt failed).
public struct PasswordOutcome: Sendable, Equatable {
    public var matched: Bool
    public var hash: String?

    public init(matched: Bool, hash: String?) {
        self.matched = matched
        self.hash = hash
    }
}
