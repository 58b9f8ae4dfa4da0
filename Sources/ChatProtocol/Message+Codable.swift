/// JSON coding of `Message`: the wire names, optional fields omitted when nil, lenient about absent
/// fields a client need not send (`data_source`, `type`), strict about wrong types.
extension Message: Codable {
    enum CodingKeys: String, CodingKey {
        case dataSource = "data_source"
        case data, type, id, ts, users, to, replay, online, history, room, rooms
        case seq, server, session, since, seqs, before, after, limit, missing, more, password, account, reconnect
        case privateSince = "private_since"
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
        // Only the keys the frame has: a chat line is `{"data":"..."}`, and asking Foundation for each of the other
        // fields cost more than decoding the one it has.
        self.init()
        var typeName = "chat"
        var data: String?
        for key in container.allKeys {
            switch key {
            case .type: typeName = try Self.field(container, key, as: String.self, expected: "a string") ?? typeName
            case .data: data = try Self.field(container, key, as: String.self, expected: "a string")
            case .dataSource:
                self.dataSource = try Self.field(container, key, as: String.self, expected: "a string") ?? ""
            case .id: self.id = try Self.field(container, key, as: UInt64.self, expected: "a non-negative integer")
            case .ts: self.ts = try Self.field(container, key, as: String.self, expected: "a string")
            case .users: self.users = try Self.field(container, key, as: [String].self, expected: "an array of strings")
            case .to: self.to = try Self.field(container, key, as: String.self, expected: "a string")
            case .replay: self.replay = try Self.field(container, key, as: Bool.self, expected: "true or false")
            case .online: self.online = try Self.field(container, key, as: Int.self, expected: "an integer")
            case .floodBurst: self.floodBurst = try Self.field(container, key, as: Int.self, expected: "an integer")
            case .floodRate: self.floodRate = try Self.field(container, key, as: Double.self, expected: "a number")
            case .history: self.history = try Self.field(container, key, as: Int.self, expected: "an integer")
            case .room: self.room = try Self.field(container, key, as: String.self, expected: "a string")
            case .rooms:
                self.rooms = try Self.field(container, key, as: [RoomInfo].self, expected: "an array of room names")
            case .seq: self.seq = try Self.field(container, key, as: UInt64.self, expected: "a non-negative integer")
            case .server: self.server = try Self.field(container, key, as: String.self, expected: "a string")
            case .session: self.session = try Self.field(container, key, as: String.self, expected: "a string")
            case .since:
                self.since = try Self.field(
                    container, key, as: [String: UInt64].self, expected: "an object of room names and seqs")
            case .seqs:
                self.seqs = try Self.field(
                    container, key, as: [String: UInt64].self, expected: "an object of room names and seqs")
            case .privateSince:
                self.privateSince = try Self.field(
                    container, key, as: UInt64.self, expected: "a non-negative integer")
            case .before:
                self.before = try Self.field(container, key, as: UInt64.self, expected: "a non-negative integer")
            case .after:
                self.after = try Self.field(container, key, as: UInt64.self, expected: "a non-negative integer")
            case .limit: self.limit = try Self.field(container, key, as: Int.self, expected: "an integer")
            case .missing: self.missing = try Self.field(container, key, as: Int.self, expected: "an integer")
            case .password: self.password = try Self.field(container, key, as: String.self, expected: "a string")
            case .account: self.account = try Self.field(container, key, as: String.self, expected: "a string")
            case .reconnect: self.reconnect = try Self.field(container, key, as: Bool.self, expected: "true or false")
            case .more: self.more = try Self.field(container, key, as: Bool.self, expected: "true or false")
            }
        }
        guard let type = MessageType(rawValue: typeName) else {
            throw ProtocolError.unknownType(typeName)
        }
        self.type = type
        self.data = data ?? ""
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
        try container.encodeIfPresent(self.seq, forKey: .seq)
        try container.encodeIfPresent(self.server, forKey: .server)
        try container.encodeIfPresent(self.session, forKey: .session)
        try container.encodeIfPresent(self.password, forKey: .password)
        try container.encodeIfPresent(self.account, forKey: .account)
        try container.encodeIfPresent(self.reconnect, forKey: .reconnect)
        try container.encodeIfPresent(self.since, forKey: .since)
        try container.encodeIfPresent(self.seqs, forKey: .seqs)
        try container.encodeIfPresent(self.privateSince, forKey: .privateSince)
        try container.encodeIfPresent(self.before, forKey: .before)
        try container.encodeIfPresent(self.after, forKey: .after)
        try container.encodeIfPresent(self.limit, forKey: .limit)
        try container.encodeIfPresent(self.missing, forKey: .missing)
        try container.encodeIfPresent(self.more, forKey: .more)
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
