import ChatProtocol

/// Which conversation a buffer holds: a room (`#dev`) or a private conversation with one person (`@bob`).
///
/// Buffers are found by `key`, the name as the server compares names (case and normalization ignored:
/// `RoomNameRules.key`, `NameRules.key`): `#Dev` and `#dev` are one room, `@Bob` and `@bob` one person. The spelling shown is the
/// buffer's own `name`.
public struct BufferID: Hashable, Sendable {
    /// A room or a private conversation.
    public enum Kind: Hashable, Sendable {
        case room
        case conversation
    }

    public let kind: Kind
    /// The name's key; empty for the one room of a server that has no rooms.
    public let key: String

    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// The room of this name (with or without its `#`), keyed as the server keys rooms (`RoomNameRules.key`).
    public static func room(_ name: String) -> BufferID {
        BufferID(kind: .room, key: RoomNameRules.key(Self.bareRoomName(name)))
    }

    /// The private conversation with this person, keyed as the server keys names (`NameRules.key`).
    public static func conversation(_ name: String) -> BufferID {
        BufferID(kind: .conversation, key: NameRules.key(name))
    }

    /// The one room of a server from before rooms (its frames name none).
    public static let implicitRoom = BufferID(kind: .room, key: "")

    /// A room name as typed, without its leading `#` (`#dev` and `dev` are the same room) or spaces before it.
    public static func bareRoomName(_ name: some StringProtocol) -> String {
        let trimmed = name.drop { $0 == " " }
        return String(trimmed.first == "#" ? trimmed.dropFirst() : trimmed)
    }
}
