/// What the core asks its shell to do. The core itself never touches a socket, a store or a clock.
public enum ServerEffect {
    /// Tell one connection.
    case send(Notice, to: MemberID)
    /// Tell every member of a room, except one (or nobody).
    case broadcast(Notice, room: RoomID, except: MemberID?)
    /// Tell every connection, joined or not (the server is stopping).
    case everyone(Notice)
    /// The connection is now a member of the room: it receives the room's broadcasts from here on.
    case entered(MemberID, room: RoomID)
    /// The connection is no longer a member of the room.
    case exited(MemberID, room: RoomID)
    /// The connection's name is now this (it joined, or was renamed).
    case named(MemberID, String)
    /// Keep this message (the store gives it its id), then hand it back to `ChatCore.deliver`.
    case post(Post)
    /// Tell the other server processes sharing the rooms.
    case publish(RoomEvent)
    /// Read from the store for one connection; what it sends back is its place in the connection's output now
    /// (later frames wait behind it), and the answer goes to `ChatCore.fetched`.
    case fetch(Fetch)
    /// The frames for a fetch's place in a connection's output.
    case fill(MemberID, slot: UInt64, [Notice])
    /// Keep, or forget, a resumable session.
    case saveSession(SessionRecord)
    case forgetSession(UInt64)
    /// Hash or check a password off the event loop; the outcome goes to `ChatCore.passwordDone`.
    case password(PasswordJob)
    /// Keep, or forget, an account, ban, mute, topic lock or mail.
    case keep(ModerationRecord)
    case discard(ModerationRecord.Kind, key: String)
    /// What an operator did (or was refused), and accounts made or deleted: for the server's log.
    case audit(String)
    /// Close a connection once what was sent to it has gone out.
    case close(MemberID, LeaveReason)
}
