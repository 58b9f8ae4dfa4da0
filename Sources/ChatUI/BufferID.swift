import ChatProtocol

/// Which conversation a buffer holds: a room (`#dev`) or a private conversation with one person (`@bob`).
///
/// Buffers are found by `key`, the name as the server compares names (case and normalization ignored, like
/// `NameRules.key`): `#Dev` and `#dev` are one room, `@Bob` and `@bob` one person. The spelling shown is the
/// buffer's own `name`.
public struct BufferID: Hashable, Sendable {
    /// A room or a private conversation.
    public enum Kind: Hashable, Sendable {
        case room
        case conversation
    }

    public let kind: Kind
    /// The name's key (`BufferID.key(of:)`); empty for the one room of a server that has no rooms.
    public let key: String

    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// The room of this name (with or without its `#`).
    public static func room(_ name: String) -> BufferID {
        BufferID(kind: .room, key: Self.key(of: Self.bareRoomName(name)))
    }

    /// The private conversation with this person.
    public static func conversation(_ name: String) -> BufferID {
        BufferID(kind: .conversation, key: Self.key(of: name))
    }

    /// The one room of a server from before rooms (its frames name none).
    public static let implicitRoom = BufferID(kind: .room, key: "")

    /// The key two names share when the server takes them for one.
    public static func key(of name: String) -> String {
        NameRules.key(name)
    }

    /// A room name as typed, without its leading `#` (`#dev` and `dev` are the same room) or surrounding spaces.
    public static func bareRoomName(_ name: some StringProtocol) -> String {
        let trimmed = name.drop { $0 == " " }
        return String(trimmed.first == "#" ? trimmed.dropFirst() : trimmed)
    }

    /// What is wrong with a room name given on the command line (`--rooms`), or nil: the protocol's rules (1 to 32
    /// characters, at most 128 bytes, letters of any script, digits, `-` and `_`, a few marks on a letter). The
    /// server has the last word; this only catches typos before connecting.
    public static func problem(withRoom name: String) -> String? {
        let bare = Self.bareRoomName(name)
        if bare.isEmpty { return "a room name cannot be empty" }
        if bare.count > 32 || bare.utf8.count > 128 { return "a room name has at most 32 characters" }
        for character in bare {
            let first = character.unicodeScalars.first
            let allowed =
                character == "-" || character == "_" || character.isNumber
                || (first.map { $0.properties.isAlphabetic } ?? false)
            if !allowed {
                return "a room name has letters, digits, - and _ only (not \"\(character)\")"
            }
        }
        return nil
    }
}
