import ChatServer
import SQLiteNIO

/// One message as a row of `messages`, and back: the same ten values in `StoreSchema.insertColumns` order.
/// Read back, a message's sender is `MemberID(0)` and its room's id `RoomID(0)`: only names and numbers outlive a
/// process.
enum MessageRow {
    /// The values of an INSERT for a message in the room with row id `room` (nil for a private message).
    static func binds(_ message: StoredMessage, room: Int64?, into binds: inout [SQLiteData]) {
        let post = message.post
        binds.append(.integer(Int(clamping: message.id)))
        binds.append(room.map { .integer(Int($0)) } ?? .null)
        binds.append(.integer(Int(clamping: message.seq)))
        binds.append(.integer(Self.code(of: post.kind)))
        binds.append(.text(post.senderName))
        binds.append(.integer(Int(clamping: post.senderSession)))
        if case .person(_, let name, let session) = post.destination {
            binds.append(.text(name))
            binds.append(.integer(Int(clamping: session)))
        } else {
            binds.append(.null)
            binds.append(.null)
        }
        binds.append(.text(post.text))
        binds.append(.integer(Int(post.wallMilliseconds)))
    }

    /// A row of a query that selected `StoreSchema.messageColumns`; nil when it does not read as a message.
    static func message(_ row: SQLiteRow) -> StoredMessage? {
        guard let id = Self.unsigned(row, "id"), let seq = Self.unsigned(row, "seq"),
            let kind = row.column("kind")?.integer.flatMap(Self.kind(of:)),
            let sender = row.column("sender")?.string, let text = row.column("text")?.string,
            let wall = row.column("wall")?.integer
        else { return nil }
        let senderSession = Self.unsigned(row, "sender_session") ?? 0
        let destination: Post.Destination
        if let room = row.column("room"), !room.isNull {
            guard let name = row.column("room_name")?.string else { return nil }
            destination = .room(RoomRef(id: RoomID(0), name: name))
        } else {
            guard let name = row.column("recipient")?.string else { return nil }
            destination = .person(MemberID(0), name: name, session: Self.unsigned(row, "recipient_session") ?? 0)
        }
        let post = Post(
            kind: kind, destination: destination, sender: MemberID(0), senderName: sender,
            senderSession: senderSession, text: text, wallMilliseconds: Int64(wall))
        return StoredMessage(id: id, seq: seq, post: post)
    }

    /// A column as a non-negative integer.
    static func unsigned(_ row: SQLiteRow, _ name: String) -> UInt64? {
        row.column(name)?.integer.flatMap { UInt64(exactly: $0) }
    }

    static func code(of kind: Post.Kind) -> Int {
        switch kind {
        case .chat: 0
        case .action: 1
        case .whisper: 2
        }
    }

    static func kind(of code: Int) -> Post.Kind? {
        switch code {
        case 0: .chat
        case 1: .action
        case 2: .whisper
        default: nil
        }
    }
}
