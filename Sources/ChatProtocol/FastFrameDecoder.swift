/// Decodes the frames clients usually send (a flat object of strings, integers, booleans and string lists, such as
/// `{"data":"hi"}` or a `hello` with `rooms`) straight from bytes that `StrictJSON` has already passed.
///
/// Foundation's decoder was the largest cost of a message in a room of ten (a third of the server's time). This
/// path builds the `Message` in one pass; anything it does not handle exactly (a field of an unexpected JSON type,
/// a number with a fraction, an escaped key, an unknown type) returns nil, and the caller decodes with Foundation,
/// which says precisely what is wrong. A test checks both agree on every frame this path accepts.
enum FastFrameDecoder {
    /// - Returns: the frame, or nil to let Foundation decide.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Message? {
        var reader = Reader(bytes: bytes)
        return reader.message()
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        var next: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

        mutating func skipWhitespace() {
            while let byte = self.next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                self.index += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            self.skipWhitespace()
            guard self.next == byte else { return false }
            self.index += 1
            return true
        }

        mutating func message() -> Message? {
            guard self.take(UInt8(ascii: "{")) else { return nil }
            var message = Message()
            var typeName = "chat"
            var data: String?
            if self.take(UInt8(ascii: "}")) { return self.finish(message, type: typeName, data: data) }
            repeat {
                self.skipWhitespace()
                guard let key = self.string(allowEscapes: false), self.take(UInt8(ascii: ":")) else { return nil }
                self.skipWhitespace()
                if self.isNull() { continue }
                switch key {
                case "data":
                    guard let value = self.string() else { return nil }
                    data = value
                case "data_source":
                    guard let value = self.string() else { return nil }
                    message.dataSource = value
                case "type":
                    guard let value = self.string() else { return nil }
                    typeName = value
                case "room":
                    guard let value = self.string() else { return nil }
                    message.room = value
                case "to":
                    guard let value = self.string() else { return nil }
                    message.to = value
                case "ts":
                    guard let value = self.string() else { return nil }
                    message.ts = value
                case "id":
                    guard let value = self.integer(), value >= 0 else { return nil }
                    message.id = UInt64(value)
                case "online":
                    guard let value = self.integer() else { return nil }
                    message.online = value
                case "history":
                    guard let value = self.integer() else { return nil }
                    message.history = value
                case "flood_burst":
                    guard let value = self.integer() else { return nil }
                    message.floodBurst = value
                case "replay":
                    guard let value = self.boolean() else { return nil }
                    message.replay = value
                case "users":
                    guard let value = self.strings() else { return nil }
                    message.users = value
                case "rooms":
                    guard let value = self.strings() else { return nil }
                    message.rooms = value.map { RoomInfo(name: $0) }
                case "seq":
                    guard let value = self.integer(), value >= 0 else { return nil }
                    message.seq = UInt64(value)
                case "flood_rate", "since", "seqs", "server", "session", "private_since", "before", "after", "limit",
                    "missing", "more", "password", "account", "reconnect":
                    // Fractions, objects and the fields of rare frames are Foundation's to read.
                    return nil
                default:
                    guard self.skipValue() else { return nil }
                }
            } while self.take(UInt8(ascii: ","))
            guard self.take(UInt8(ascii: "}")) else { return nil }
            self.skipWhitespace()
            guard self.index == self.bytes.count else { return nil }
            return self.finish(message, type: typeName, data: data)
        }

        private func finish(_ message: Message, type typeName: String, data: String?) -> Message? {
            guard let type = MessageType(rawValue: typeName), data != nil || !type.needsData else { return nil }
            var message = message
            message.type = type
            message.data = data ?? ""
            return message
        }

        mutating func isNull() -> Bool {
            guard self.index + 4 <= self.bytes.count, self.bytes[self.index] == UInt8(ascii: "n") else { return false }
            self.index += 4
            return true
        }

        /// A string value, unescaped. - Parameter allowEscapes: false for keys (an escaped key is Foundation's).
        mutating func string(allowEscapes: Bool = true) -> String? {
            guard self.next == UInt8(ascii: "\"") else { return nil }
            self.index += 1
            let start = self.index
            while let byte = self.next, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") { self.index += 1 }
            guard let stop = self.next else { return nil }
            if stop == UInt8(ascii: "\"") {
                let text = String(
                    decoding: UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index]), as: UTF8.self)
                self.index += 1
                return text
            }
            guard allowEscapes else { return nil }
            var utf8 = Array(self.bytes[start..<self.index])
            while let byte = self.next {
                self.index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = self.next else { return nil }
                    self.index += 1
                    switch escaped {
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = self.hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(scalar) {
                            // StrictJSON let it through, so a low surrogate escape follows.
                            guard self.next == UInt8(ascii: "\\") else { return nil }
                            self.index += 2
                            guard let low = self.hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        utf8.append(contentsOf: String(Character(unicode)).utf8)
                    default: utf8.append(escaped)  // \" \\ \/
                    }
                default:
                    utf8.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard self.index + 4 <= self.bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = self.bytes[self.index]
                self.index += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        /// A plain integer (no fraction, no exponent) of at most 18 digits.
        mutating func integer() -> Int? {
            let negative = self.next == UInt8(ascii: "-")
            if negative { self.index += 1 }
            var value = 0
            var digits = 0
            while let byte = self.next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // More than 18 digits could overflow: Foundation's to judge.
                guard digits < 18 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                self.index += 1
            }
            guard digits > 0, let after = self.next,
                after != UInt8(ascii: "."), after != UInt8(ascii: "e"), after != UInt8(ascii: "E")
            else { return nil }
            return negative ? -value : value
        }

        mutating func boolean() -> Bool? {
            if self.bytes[self.index...].starts(with: "true".utf8) {
                self.index += 4
                return true
            }
            if self.bytes[self.index...].starts(with: "false".utf8) {
                self.index += 5
                return false
            }
            return nil
        }

        /// An array of strings (no nulls in it).
        mutating func strings() -> [String]? {
            guard self.take(UInt8(ascii: "[")) else { return nil }
            var values: [String] = []
            if self.take(UInt8(ascii: "]")) { return values }
            repeat {
                self.skipWhitespace()
                guard let value = self.string() else { return nil }
                values.append(value)
            } while self.take(UInt8(ascii: ","))
            return self.take(UInt8(ascii: "]")) ? values : nil
        }

        /// Skips any value of a field this path does not read (already known to be valid JSON).
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                self.skipWhitespace()
                guard let byte = self.next else { return false }
                switch byte {
                case UInt8(ascii: "\""):
                    self.index += 1
                    while let inner = self.next, inner != UInt8(ascii: "\"") {
                        self.index += inner == UInt8(ascii: "\\") ? 2 : 1
                    }
                    self.index += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    self.index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return true }
                    depth -= 1
                    self.index += 1
                case UInt8(ascii: ","):
                    guard depth > 0 else { return true }
                    self.index += 1
                default:
                    self.index += 1
                }
            } while depth > 0 || !self.atValueEnd
            return true
        }

        /// At a `,` or a closing bracket (or the end): the value just skipped is done.
        var atValueEnd: Bool {
            var probe = self.index
            while probe < self.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(self.bytes[probe]) { probe += 1 }
            guard probe < self.bytes.count else { return true }
            let byte = self.bytes[probe]
            return byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
        }
    }
}
