import ChatProtocol

/// Identifies one room for as long as it exists; never reused, so a late answer about a closed room finds nothing.
public struct RoomID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "room\(self.rawValue)" }
}

/// A room as notices name it: its id for the shell's audiences, its name for the wire, its key for lookups.
public struct RoomRef: Hashable, Sendable {
    public let id: RoomID
    /// The room's name without `#`, spelled as when it was created.
    public let name: String
    /// `RoomNameRules.key(name)`, made once: the core and the stores look rooms up by it for every message, and
    /// the key's normalization is not free.
    public let key: String

    /// Public for stores in other modules, which read messages back as `RoomRef(id: RoomID(0), name:)`.
    public init(id: RoomID, name: String) {
        self.init(id: id, name: name, key: RoomNameRules.key(name))
    }

    init(id: RoomID, name: String, key: String) {
        self.id = id
        self.name = name
        self.key = key
    }
}
