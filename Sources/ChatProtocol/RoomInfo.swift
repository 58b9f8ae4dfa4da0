/// One room as a frame names it: in `hello` and `welcome` just its name (a JSON string), in a `rooms` listing an
/// object with how many are in it and its topic.
public struct RoomInfo: Sendable, Equatable, Codable {
    /// The room's name, without `#`.
    public var name: String
    /// Members online (in a `rooms` listing).
    public var online: Int?
    /// The topic, if the room has one (in a `rooms` listing).
    public var topic: String?

    public init(name: String, online: Int? = nil, topic: String? = nil) {
        self.name = name
        self.online = online
        self.topic = topic
    }

    /// A bare name: written as a JSON string.
    var isBareName: Bool { self.online == nil && self.topic == nil }

    enum CodingKeys: String, CodingKey {
        case name, online, topic
    }

    /// A JSON string is a bare name; an object has `name` and optionally `online` and `topic`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self.init(name: name)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            online: try container.decodeIfPresent(Int.self, forKey: .online),
            topic: try container.decodeIfPresent(String.self, forKey: .topic))
    }

    public func encode(to encoder: any Encoder) throws {
        if self.isBareName {
            var single = encoder.singleValueContainer()
            try single.encode(self.name)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encodeIfPresent(self.online, forKey: .online)
        try container.encodeIfPresent(self.topic, forKey: .topic)
    }
}
