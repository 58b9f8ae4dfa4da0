/// A line a member asked to send, before the store has given it an id.
public struct Post: Sendable, Equatable {
    /// What kind of line: a chat line, an action (`/me`), or a private message.
    public enum Kind: Sendable, Equatable {
        case chat
        case action
        case whisper
    }

    /// Where it goes.
    public enum Destination: Sendable, Equatable {
        /// Everyone in a room.
        case room(RoomRef)
        /// One person, by the connection and the name it had when the line was sent, and its session (kept with the
        /// message: it is replayed to that session only, never to whoever has the name next).
        case person(MemberID, name: String, session: UInt64)
    }

    public var kind: Kind
    public var destination: Destination
    /// The sender's connection and its name when it sent the line.
    public var sender: MemberID
    public var senderName: String
    /// The sender's session number (0: none, as for a text client).
    public var senderSession: UInt64
    /// Already cleaned (`TextSanitizer`).
    public var text: String
    /// Server time it was sent, milliseconds since 1970.
    public var wallMilliseconds: Int64
    /// The kept mail this post delivers: forgotten once the post is stored, kept again if the store refuses it
    /// (a full disk must not lose it).
    public var letter: MailRecord?

    public init(
        kind: Kind, destination: Destination, sender: MemberID, senderName: String, senderSession: UInt64 = 0,
        text: String, wallMilliseconds: Int64
    ) {
        self.kind = kind
        self.destination = destination
        self.sender = sender
        self.senderName = senderName
        self.senderSession = senderSession
        self.text = text
        self.wallMilliseconds = wallMilliseconds
    }
}

/// A post the store has kept: it now has its id, unique across the server and increasing, and in a room its seq.
/// Read back from a store, its `sender` is `MemberID(0)` and its room's `id` is `RoomID(0)`: only names and numbers
/// outlive a process.
///
/// A class, immutable: one message is in several effects, a room's history and the bus at once, and a reference
/// costs one retain where the fields would cost one each.
public final class StoredMessage: Sendable, Equatable {
    public let id: UInt64
    /// The message's number in its room (0 for a private message).
    public let seq: UInt64
    public let post: Post

    public init(id: UInt64, seq: UInt64, post: Post) {
        self.id = id
        self.seq = seq
        self.post = post
    }

    /// The room it was said in, if any.
    public var room: RoomRef? {
        if case .room(let room) = self.post.destination { return room }
        return nil
    }

    /// The same message, said in `room` (a room of the same name in this process, for one from another, or read
    /// back from a store); itself when it was said there.
    public func moved(to room: RoomRef) -> StoredMessage {
        if self.room == room { return self }
        var post = self.post
        post.destination = .room(room)
        return StoredMessage(id: self.id, seq: self.seq, post: post)
    }

    public static func == (a: StoredMessage, b: StoredMessage) -> Bool {
        a.id == b.id && a.seq == b.seq && a.post == b.post
    }
}
