import ChatProtocol

/// One connection as the core sees it: its name, its rooms and its flood allowance.
///
/// A class: the core looks a session up for every line (its allowance, its name, its room), and a reference is one
/// retain where a copy of the fields was several, with a write back to the dictionary after each change.
final class Session {
    /// Text until a JSON line shows otherwise (`ChatCore.upgradeToJSON`).
    var kind: ClientKind
    /// nil until it has joined (a JSON client before its hello).
    var name: String?
    /// The rooms it is in, in the order it joined them.
    var rooms: [RoomID] = []
    var bucket: TokenBucket?
    /// Lines dropped by the flood limit draw on this: a connection that empties it too is cut off (excess flood).
    var excess: TokenBucket?
    /// Whether a line came yet: a JSON client's first (the handshake) does not count against the flood limit.
    var heard = false
    /// Set once a flood error was sent, so a flood gets one error, not one per dropped line; cleared when the
    /// bucket is full again.
    var floodWarned = false
    /// Its resumable session (JSON clients), and that session's token as given out.
    var sessionNumber: UInt64?
    var token: String?
    /// The account it is logged in to (its key).
    var account: String?
    /// A password check is running for it (one at a time).
    var checkingPassword = false
    /// History pages asked for and not yet answered.
    var pagesInFlight = 0

    /// Its address and whether it is encrypted.
    let origin: ConnectionOrigin

    init(kind: ClientKind, origin: ConnectionOrigin = ConnectionOrigin()) {
        self.kind = kind
        self.origin = origin
    }
}
