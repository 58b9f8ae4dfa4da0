/// Checks that a frame is strict RFC 8259 JSON before it is decoded, and says precisely what is wrong if not.
///
/// Foundation's decoder accepts more than JSON (a trailing comma, for one) and keeps the first of two equal keys
/// where Python's json and most proxies keep the last: a frame that means one thing here and another elsewhere.
/// This pass refuses both, and names the fault (a raw control byte, a lone surrogate escape) instead of the
/// decoder's vague type errors. One linear scan over bytes already known to be UTF-8; nothing is built but the
/// keys of each object.
public enum StrictJSON {
    /// Deeper nesting than this is refused (no frame needs it; it bounds the recursion).
    public static let maximumDepth = 32

    /// - Throws: `ProtocolError` naming the first fault.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.fault("unexpected \(parser.describeNext()) after the end of the value")
        }
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        func fault(_ reason: String) -> ProtocolError {
            .malformedJSON("\(reason) at byte \(self.index + 1)")
        }

        var next: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

        func describeNext() -> String {
            guard let byte = self.next else { return "end of line" }
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x" + String(byte, radix: 16, uppercase: true)
        }

        mutating func skipWhitespace() {
            while let byte = self.next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                self.index += 1
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(ProtocolError) {
            guard self.next == byte else { throw self.fault("expected \(what), found \(self.describeNext())") }
            self.index += 1
        }

        mutating func value(depth: Int) throws(ProtocolError) {
            guard let byte = self.next else { throw self.fault("expected a value, found end of line") }
            switch byte {
            case UInt8(ascii: "{"): try self.object(depth: depth + 1)
            case UInt8(ascii: "["): try self.array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try self.string(keep: false)
            case UInt8(ascii: "t"): try self.literal("true")
            case UInt8(ascii: "f"): try self.literal("false")
            case UInt8(ascii: "n"): try self.literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try self.number()
            default: throw self.fault("expected a value, found \(self.describeNext())")
            }
        }

        mutating func object(depth: Int) throws(ProtocolError) {
            guard depth <= StrictJSON.maximumDepth else { throw self.fault("nested too deep") }
            self.index += 1
            self.skipWhitespace()
            if self.next == UInt8(ascii: "}") {
                self.index += 1
                return
            }
            var keys: Set<String> = []
            while true {
                guard self.next == UInt8(ascii: "\"") else {
                    let trailing = self.next == UInt8(ascii: "}") && !keys.isEmpty
                    throw self.fault(
                        trailing ? "trailing comma before '}'" : "expected a field name, found \(self.describeNext())")
                }
                let key = try self.string(keep: true)
                guard keys.insert(key).inserted else { throw ProtocolError.duplicateKey(key) }
                self.skipWhitespace()
                try self.expect(UInt8(ascii: ":"), "':'")
                self.skipWhitespace()
                try self.value(depth: depth)
                self.skipWhitespace()
                if self.next == UInt8(ascii: ",") {
                    self.index += 1
                    self.skipWhitespace()
                    continue
                }
                try self.expect(UInt8(ascii: "}"), "',' or '}'")
                return
            }
        }

        mutating func array(depth: Int) throws(ProtocolError) {
            guard depth <= StrictJSON.maximumDepth else { throw self.fault("nested too deep") }
            self.index += 1
            self.skipWhitespace()
            if self.next == UInt8(ascii: "]") {
                self.index += 1
                return
            }
            while true {
                try self.value(depth: depth)
                self.skipWhitespace()
                if self.next == UInt8(ascii: ",") {
                    self.index += 1
                    self.skipWhitespace()
                    if self.next == UInt8(ascii: "]") { throw self.fault("trailing comma before ']'") }
                    continue
                }
                try self.expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        }

        mutating func literal(_ word: StaticString) throws(ProtocolError) {
            let start = self.index
            for offset in 0..<word.utf8CodeUnitCount {
                guard start + offset < self.bytes.count, self.bytes[start + offset] == word.utf8Start[offset] else {
                    throw self.fault("expected a value, found \(self.describeNext())")
                }
            }
            self.index += word.utf8CodeUnitCount
        }

        mutating func number() throws(ProtocolError) {
            if self.next == UInt8(ascii: "-") { self.index += 1 }
            guard let first = self.next, Self.isDigit(first) else { throw self.fault("a number needs a digit") }
            self.index += 1
            if first == UInt8(ascii: "0"), let byte = self.next, Self.isDigit(byte) {
                throw self.fault("a number cannot start with 0")
            }
            self.digits()
            if self.next == UInt8(ascii: ".") {
                self.index += 1
                guard let byte = self.next, Self.isDigit(byte) else { throw self.fault("a digit must follow '.'") }
                self.digits()
            }
            if self.next == UInt8(ascii: "e") || self.next == UInt8(ascii: "E") {
                self.index += 1
                if self.next == UInt8(ascii: "+") || self.next == UInt8(ascii: "-") { self.index += 1 }
                guard let byte = self.next, Self.isDigit(byte) else { throw self.fault("an exponent needs a digit") }
                self.digits()
            }
        }

        mutating func digits() {
            while let byte = self.next, Self.isDigit(byte) { self.index += 1 }
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        /// Scans a string from its opening quote. - Returns: its text if `keep` (keys), else "".
        mutating func string(keep: Bool) throws(ProtocolError) -> String {
            self.index += 1
            var scalars = String.UnicodeScalarView()
            var runStart = self.index
            func flushRun(_ parser: Parser, to end: Int) {
                guard keep, runStart < end else { return }
                let run = UnsafeRawBufferPointer(rebasing: parser.bytes[runStart..<end])
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            }
            while true {
                guard let byte = self.next else { throw self.fault("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    flushRun(self, to: self.index)
                    self.index += 1
                    return keep ? String(scalars) : ""
                case UInt8(ascii: "\\"):
                    flushRun(self, to: self.index)
                    let scalar = try self.escape()
                    if keep { scalars.append(scalar) }
                    runStart = self.index
                case 0x00..<0x20:
                    throw ProtocolError.controlCharacterInString(byte: byte, offset: self.index + 1)
                default:
                    self.index += 1
                }
            }
        }

        /// Reads one escape from its backslash. - Returns: the character it stands for.
        mutating func escape() throws(ProtocolError) -> Unicode.Scalar {
            self.index += 1
            guard let byte = self.next else { throw self.fault("unterminated string") }
            self.index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try self.hex4()
                switch high {
                case 0xD800...0xDBFF:
                    let save = self.index
                    if self.next == UInt8(ascii: "\\"), self.index + 1 < self.bytes.count,
                        self.bytes[self.index + 1] == UInt8(ascii: "u")
                    {
                        self.index += 2
                        let low = try self.hex4()
                        if (0xDC00...0xDFFF).contains(low),
                            let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        {
                            return scalar
                        }
                    }
                    self.index = save
                    throw ProtocolError.invalidEscape(Self.hexEscape(high) + " (a lone surrogate)")
                case 0xDC00...0xDFFF:
                    throw ProtocolError.invalidEscape(Self.hexEscape(high) + " (a lone surrogate)")
                default:
                    return Unicode.Scalar(high) ?? "\u{FFFD}"
                }
            default:
                self.index -= 1
                throw ProtocolError.invalidEscape("\\" + self.describeNext().trimmingCharacters(in: "'"))
            }
        }

        mutating func hex4() throws(ProtocolError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = self.next, let digit = Self.hexValue(byte) else {
                    throw ProtocolError.invalidEscape("\\u needs four hex digits")
                }
                value = value << 4 | digit
                self.index += 1
            }
            return value
        }

        static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        static func hexEscape(_ value: UInt32) -> String {
            let hex = String(value, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }
}

extension String {
    /// The string without `character` at either end.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
