/// What the room asks its shell to do. The room itself never touches a socket.
public enum RoomEffect {
    /// Send a frame to one member.
    case send(Frame, to: MemberID)
    /// Send a frame to every joined member, except one (or nobody) if given.
    case broadcast(Frame, except: MemberID?)
    /// Close a member's connection once what was sent to it has gone out.
    case close(MemberID, LeaveReason)
}
