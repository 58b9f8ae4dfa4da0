/// Why a frame from a peer could not be used. Each case reads as a one-line error for the sender.
public enum ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame was longer than the limit (in bytes, newline excluded); it was dropped.
    case frameTooLarge(limit: Int)
    /// The bytes were not valid UTF-8.
    case invalidUTF8
    /// The frame was not valid JSON.
    case invalidJSON
    /// The frame was not strict JSON; the text says what and where (e.g. "trailing comma before '}' at byte 11").
    case malformedJSON(String)
    /// An object had the same field twice (parsers disagree about which one counts).
    case duplicateKey(String)
    /// A string had an escape that stands for no character (e.g. a lone surrogate `\ud800`).
    case invalidEscape(String)
    /// A string held a raw control byte (JSON needs it escaped, e.g. NUL as `\u0000`).
    case controlCharacterInString(byte: UInt8, offset: Int)
    /// The JSON was valid but not an object (an array, a string, a number...).
    case notAnObject
    /// A field had the wrong JSON type, e.g. `"data": 5`.
    case wrongFieldType(field: String, expected: String)
    /// A frame that needs text had no `data` field.
    case missingData(type: MessageType)
    /// The `type` is not one swchat knows.
    case unknownType(String)
    /// The `type` exists but only the server may send it.
    case serverOnlyType(MessageType)

    public var description: String {
        switch self {
        case .frameTooLarge(let limit): "frame too large (limit \(limit) bytes); it was dropped"
        case .invalidUTF8: "frame is not valid UTF-8; it was dropped"
        case .invalidJSON: "frame is not valid JSON; it was dropped"
        case .malformedJSON(let reason): "frame is not valid JSON (\(reason)); it was dropped"
        case .duplicateKey(let key):
            "field '\(TextSanitizer.clean(String(key.prefix(32))))' appears twice; frame dropped"
        case .invalidEscape(let escape): "invalid escape \(escape) in a string; frame dropped"
        case .controlCharacterInString(let byte, let offset):
            "raw control character 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) in a string at byte "
                + "\(offset) (JSON needs it escaped, as \\u00\(byte < 16 ? "0" : "")\(String(byte, radix: 16))); frame dropped"
        case .notAnObject: "frame is not a JSON object; it was dropped"
        case .wrongFieldType(let field, let expected): "field '\(field)' must be \(expected); frame dropped"
        case .missingData(let type): "a '\(type.rawValue)' frame needs a 'data' field; frame dropped"
        case .unknownType(let name): "unknown frame type '\(name)'; frame dropped"
        case .serverOnlyType(let type): "type '\(type.rawValue)' is sent by the server only; frame dropped"
        }
    }
}
