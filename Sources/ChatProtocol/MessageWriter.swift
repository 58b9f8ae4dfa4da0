import NIOCore

/// Writes a frame's JSON straight into a ByteBuffer: the same bytes `JSONEncoder` with sorted keys produces
/// (keys in order, optional fields left out), without its generic machinery.
///
/// Encoding is on the server's hot path (every broadcast, every welcome with a roster of thousands), where
/// Foundation's encoder cost more than everything else a broadcast does. Decoding stays with `JSONDecoder`.
enum MessageWriter {
    static func write(_ message: Message, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "{"))
        if let after = message.after {
            buffer.writeStaticString(#""after":"#)
            buffer.writeString(String(after))
            buffer.writeInteger(UInt8(ascii: ","))
        }
        if let before = message.before {
            buffer.writeStaticString(#""before":"#)
            buffer.writeString(String(before))
            buffer.writeInteger(UInt8(ascii: ","))
        }
        buffer.writeStaticString(#""data":"#)
        self.writeString(message.data, into: &buffer)
        buffer.writeStaticString(#","data_source":"#)
        self.writeString(message.dataSource, into: &buffer)
        if let burst = message.floodBurst {
            buffer.writeStaticString(#","flood_burst":"#)
            buffer.writeString(String(burst))
        }
        if let rate = message.floodRate {
            buffer.writeStaticString(#","flood_rate":"#)
            buffer.writeString(rate.plainText)
        }
        if let history = message.history {
            buffer.writeStaticString(#","history":"#)
            buffer.writeString(String(history))
        }
        if let id = message.id {
            buffer.writeStaticString(#","id":"#)
            buffer.writeString(String(id))
        }
        if let limit = message.limit {
            buffer.writeStaticString(#","limit":"#)
            buffer.writeString(String(limit))
        }
        if let missing = message.missing {
            buffer.writeStaticString(#","missing":"#)
            buffer.writeString(String(missing))
        }
        if let more = message.more {
            buffer.writeStaticString(more ? #","more":true"# : #","more":false"#)
        }
        if let online = message.online {
            buffer.writeStaticString(#","online":"#)
            buffer.writeString(String(online))
        }
        if let privateSince = message.privateSince {
            buffer.writeStaticString(#","private_since":"#)
            buffer.writeString(String(privateSince))
        }
        if let replay = message.replay {
            buffer.writeStaticString(replay ? #","replay":true"# : #","replay":false"#)
        }
        if let room = message.room {
            buffer.writeStaticString(#","room":"#)
            self.writeString(room, into: &buffer)
        }
        if let rooms = message.rooms {
            buffer.writeStaticString(#","rooms":["#)
            for (index, room) in rooms.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                self.write(room, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        if let seq = message.seq {
            buffer.writeStaticString(#","seq":"#)
            buffer.writeString(String(seq))
        }
        if let seqs = message.seqs {
            buffer.writeStaticString(#","seqs":"#)
            self.write(seqs, into: &buffer)
        }
        if let server = message.server {
            buffer.writeStaticString(#","server":"#)
            self.writeString(server, into: &buffer)
        }
        if let session = message.session {
            buffer.writeStaticString(#","session":"#)
            self.writeString(session, into: &buffer)
        }
        if let password = message.password {
            buffer.writeStaticString(#","password":"#)
            self.writeString(password, into: &buffer)
        }
        if let account = message.account {
            buffer.writeStaticString(#","account":"#)
            self.writeString(account, into: &buffer)
        }
        if let reconnect = message.reconnect {
            buffer.writeStaticString(reconnect ? #","reconnect":true"# : #","reconnect":false"#)
        }
        if let since = message.since {
            buffer.writeStaticString(#","since":"#)
            self.write(since, into: &buffer)
        }
        if let to = message.to {
            buffer.writeStaticString(#","to":"#)
            self.writeString(to, into: &buffer)
        }
        if let ts = message.ts {
            buffer.writeStaticString(#","ts":"#)
            self.writeString(ts, into: &buffer)
        }
        buffer.writeStaticString(#","type":""#)
        buffer.writeString(message.type.rawValue)
        buffer.writeStaticString("\"")
        if let users = message.users {
            buffer.writeStaticString(#","users":["#)
            for (index, name) in users.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                self.writeString(name, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// A room: its name as a string, or an object with its count and topic (keys sorted, as `JSONEncoder` does).
    /// An object of room names and seqs, keys sorted as `JSONEncoder`'s `.sortedKeys` sorts them.
    static func write(_ seqs: [String: UInt64], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "{"))
        for (index, key) in seqs.keys.sorted().enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            self.writeString(key, into: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeString(String(seqs[key] ?? 0))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    static func write(_ room: RoomInfo, into buffer: inout ByteBuffer) {
        guard !room.isBareName else { return self.writeString(room.name, into: &buffer) }
        buffer.writeStaticString(#"{"name":"#)
        self.writeString(room.name, into: &buffer)
        if let online = room.online {
            buffer.writeStaticString(#","online":"#)
            buffer.writeString(String(online))
        }
        if let topic = room.topic {
            buffer.writeStaticString(#","topic":"#)
            self.writeString(topic, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; all other UTF-8 as is.
    static func writeString(_ string: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index {
                    buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                }
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
                case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
                case 0x0A: buffer.writeStaticString(#"\n"#)
                case 0x0D: buffer.writeStaticString(#"\r"#)
                case 0x09: buffer.writeStaticString(#"\t"#)
                case 0x08: buffer.writeStaticString(#"\b"#)
                case 0x0C: buffer.writeStaticString(#"\f"#)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString(#"\u00"#)
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0xF)])
                }
            }
            if start < bytes.count {
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])))
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
