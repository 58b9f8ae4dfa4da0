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
        /// One person, by the connection and the name it had when the line was sent.
        case person(MemberID, name: String)
    }

    public var kind: Kind
    public var destination: Destination
    /// The sender's connection and its name when it sent the line.
    public var sender: MemberID
    public var senderName: String
    /// Already cleaned (`TextSanitizer`).
    public var text: String
    /// Server time it was sent, milliseconds since 1970.
    public var wallMilliseconds: Int64

    public init(
        kind: Kind, destination: Destination, sender: MemberID, senderName: String, text: String,
        wallMilliseconds: Int64
    ) {
        self.kind = kind
        self.destination = destination
        self.sender = sender
        self.senderName = senderName
        self.text = text
        self.wallMilliseconds = wallMilliseconds
    }
}

/// A post the store has kept: it now has its id, unique across the server and increasing.
public struct StoredMessage: Sendable, Equatable {
    public var id: UInt64
    public var post: Post

    public init(id: UInt64, post: Post) {
        self.id = id
        self.post = post
    }

    /// The room it was said in, if any.
    public var room: RoomRef? {
        if case .room(let room) = self.post.destination { return room }
        return nil
    }
}
