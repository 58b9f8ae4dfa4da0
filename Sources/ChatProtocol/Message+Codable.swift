/// JSON coding of `Message`: the wire names, optional fields omitted when nil, lenient about absent
/// fields a client need not send (`data_source`, `type`), strict about wrong types.
extension Message: Codable {
    enum CodingKeys: String, CodingKey {
        case dataSource = "data_source"
        case data, type, id, ts, users, to, replay, online, history, room, rooms
        case floodBurst = "flood_burst"
        case floodRate = "flood_rate"
    }

    public init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<CodingKeys>
        do {
            container = try decoder.container(keyedBy: CodingKeys.self)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {  // valueNotFound: the JSON is `null`
            throw ProtocolError.notAnObject
        }
        let typeName = try Self.field(container, .type, as: String.self, expected: "a string") ?? "chat"
        guard let type = MessageType(rawValue: typeName) else {
            throw ProtocolError.unknownType(typeName)
        }
        let data = try Self.field(container, .data, as: String.self, expected: "a string")
        self.init(
            type: type,
            dataSource: try Self.field(container, .dataSource, as: String.self, expected: "a string") ?? "",
            data: data ?? "",
            id: try Self.field(container, .id, as: UInt64.self, expected: "a non-negative integer"),
            ts: try Self.field(container, .ts, as: String.self, expected: "a string"),
            users: try Self.field(container, .users, as: [String].self, expected: "an array of strings"),
            to: try Self.field(container, .to, as: String.self, expected: "a string"),
            replay: try Self.field(container, .replay, as: Bool.self, expected: "true or false"),
            online: try Self.field(container, .online, as: Int.self, expected: "an integer"),
            floodBurst: try Self.field(container, .floodBurst, as: Int.self, expected: "an integer"),
            floodRate: try Self.field(container, .floodRate, as: Double.self, expected: "a number"),
            history: try Self.field(container, .history, as: Int.self, expected: "an integer"),
            room: try Self.field(container, .room, as: String.self, expected: "a string"),
            rooms: try Self.field(container, .rooms, as: [RoomInfo].self, expected: "an array of room names")
        )
        if data == nil, type.needsData {
            throw ProtocolError.missingData(type: type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.dataSource, forKey: .dataSource)
        try container.encode(self.data, forKey: .data)
        try container.encode(self.type, forKey: .type)
        try container.encodeIfPresent(self.id, forKey: .id)
        try container.encodeIfPresent(self.ts, forKey: .ts)
        try container.encodeIfPresent(self.users, forKey: .users)
        try container.encodeIfPresent(self.to, forKey: .to)
        try container.encodeIfPresent(self.replay, forKey: .replay)
        try container.encodeIfPresent(self.online, forKey: .online)
        try container.encodeIfPresent(self.floodBurst, forKey: .floodBurst)
        try container.encodeIfPresent(self.floodRate, forKey: .floodRate)
        try container.encodeIfPresent(self.history, forKey: .history)
        try container.encodeIfPresent(self.room, forKey: .room)
        try container.encodeIfPresent(self.rooms, forKey: .rooms)
    }

    /// Decodes an optional field, turning a JSON type mismatch into a readable `ProtocolError`.
    private static func field<T: Decodable>(
        _ container: KeyedDecodingContainer<CodingKeys>,
        _ key: CodingKeys,
        as: T.Type,
        expected: String
    ) throws -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch {
            // Not only DecodingError: Foundation throws its own error for a number that does not fit (e.g. -1 or 1.5
            // for an id). The JSON text was already parsed as a whole, so any error here is about this field's type.
            throw ProtocolError.wrongFieldType(field: key.stringValue, expected: expected)
        }
    }
}

extension MessageType {
    /// Whether a frame of this type is meaningless without `data`.
    var needsData: Bool {
        switch self {
        case .chat, .me, .private: true
        default: false
        }
    }
}
