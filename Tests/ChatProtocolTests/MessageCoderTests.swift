import ChatProtocol
import NIOCore
import Testing

@Suite("MessageCoder")
struct MessageCoderTests {
    let coder = MessageCoder()

    @Test func roundTripOfEveryField() throws {
        let message = Message(
            type: .private, dataSource: "alice", data: "hello there", id: 42,
            ts: "2023-11-14T22:13:20.123Z", users: ["alice", "bob"], to: "bob", replay: true, online: 7)
        let line = MessageCoder.encodeLine(message)
        var withoutNewline = line
        withoutNewline.moveWriterIndex(to: line.writerIndex - 1)
        let decoded = try self.coder.decode(withoutNewline)
        #expect(decoded == message)
        #expect(try self.coder.decode(MessageCoder.encodeString(message)) == message)
    }

    @Test(arguments: MessageType.allCases)
    func roundTripOfEveryType(type: MessageType) throws {
        let message = Message(type: type, dataSource: "server", data: "x")
        #expect(try self.coder.decode(MessageCoder.encodeString(message)) == message)
    }

    @Test func wireKeyIsDataSource() throws {
        let json = MessageCoder.encodeString(Message(dataSource: "alice", data: "hi"))
        #expect(json.contains(#""data_source":"alice""#))
        #expect(!json.contains("dataSource"))
        let decoded = try self.coder.decode(#"{"data_source":"bob","data":"yo"}"#)
        #expect(decoded.dataSource == "bob")
        // The Swift property name is not a wire name.
        let ignored = try self.coder.decode(#"{"dataSource":"bob","data":"yo"}"#)
        #expect(ignored.dataSource == "")
    }

    @Test func absentOptionalFieldsAreOmitted() {
        let json = MessageCoder.encodeString(Message(type: .chat, dataSource: "alice", data: "hi"))
        #expect(json == #"{"data":"hi","data_source":"alice","type":"chat"}"#)
        for key in ["\"id\"", "\"ts\"", "\"users\"", "\"to\"", "\"replay\""] {
            #expect(!json.contains(key))
        }
    }

    @Test func presentOptionalFieldsAreWritten() {
        let json = MessageCoder.encodeString(
            Message(
                type: .welcome, dataSource: "server", data: "w", id: 7, ts: "t", users: ["a"], to: "a", replay: false))
        #expect(
            json
                == #"{"data":"w","data_source":"server","id":7,"replay":false,"to":"a","ts":"t","type":"welcome","users":["a"]}"#
        )
    }

    @Test func typeDefaultsToChatWhenAbsent() throws {
        let message = try self.coder.decode(#"{"data":"hi"}"#)
        #expect(message.type == .chat)
        #expect(message.data == "hi")
        #expect(message.dataSource == "")
        #expect(
            message.id == nil && message.ts == nil && message.users == nil && message.to == nil && message.replay == nil
        )
    }

    @Test func nullFieldsCountAsAbsent() throws {
        let message = try self.coder.decode(#"{"data":"hi","type":null,"to":null}"#)
        #expect(message.type == .chat)
        #expect(message.to == nil)
    }

    @Test(arguments: ["你好，世界", "🙂👍🏽", "👨‍👩‍👧 family", "mixed: é ü ß 中文 🚀", "quote \" backslash \\ slash /"])
    func unicodeRoundTrips(text: String) throws {
        let message = Message(dataSource: "张三", data: text, to: "😀")
        let decoded = try self.coder.decode(MessageCoder.encodeString(message))
        #expect(decoded == message)
        #expect(decoded.data.unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test func newlineInsideDataIsEscaped() throws {
        let message = Message(dataSource: "alice", data: "line one\nline two\r\nthree\n")
        let line = MessageCoder.encodeLine(message)
        let bytes = Array(line.readableBytesView)
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(!bytes.contains(UInt8(ascii: "\r")))
        #expect(try self.coder.decode(MessageCoder.encodeString(message)) == message)
    }

    @Test func encodedLineHasNoPrettyPrinting() {
        let line = MessageCoder.encodeLine(
            Message(type: .users, dataSource: "server", data: "2 online", users: ["a", "b"]))
        let text = String(buffer: line)
        #expect(text.hasSuffix("}\n"))
        #expect(!text.dropLast().contains("\n"))
        #expect(!text.contains(": "))
    }

    @Test func invalidUTF8() {
        let buffer = ByteBuffer(bytes: [0x7B, 0xFF, 0x7D])
        #expect(throws: ProtocolError.invalidUTF8) { try self.coder.decode(buffer) }
        let truncated = ByteBuffer(bytes: Array(#"{"data":""#.utf8) + [0xE4, 0xBD] + Array(#""}"#.utf8))
        #expect(throws: ProtocolError.invalidUTF8) { try self.coder.decode(truncated) }
    }

    @Test(arguments: [
        ("{bad", "expected a field name, found 'b' at byte 2"), ("", "expected a value, found end of line at byte 1"),
        ("{", "expected a field name, found end of line at byte 2"),
        (#"{"data":"x""#, "expected ',' or '}', found end of line at byte 12"),
        ("not json", "expected a value, found 'n' at byte 1"),
        (#"{"data":"x"} trailing"#, "unexpected 't' after the end of the value at byte 14"),
        (#"{"data":"a",}"#, "trailing comma before '}' at byte 13"),
        (#"{"users":["a",]}"#, "trailing comma before ']' at byte 15"),
        (#"{"data":'a'}"#, "expected a value, found ''' at byte 9"),
        (#"{data:"a"}"#, "expected a field name, found 'd' at byte 2"),
        (#"{"id":01}"#, "a number cannot start with 0 at byte 8"), (#"{"id":1.}"#, "a digit must follow '.' at byte 9"),
        (#"{"id":+1}"#, "expected a value, found '+' at byte 7"),
        (#"{"id":NaN}"#, "expected a value, found 'N' at byte 7"),
        (#"{"data":"a"}{"data":"b"}"#, "unexpected '{' after the end of the value at byte 13"),
        (#"{"replay":tru}"#, "expected a value, found 't' at byte 11"),
        (String(repeating: "[", count: 40), "nested too deep at byte 33"),
    ])
    func notStrictJSON(text: String, reason: String) {
        #expect(throws: ProtocolError.malformedJSON(reason)) { try self.coder.decode(text) }
    }

    @Test("a field given twice is refused, however its name is spelled")
    func duplicateKeys() {
        #expect(throws: ProtocolError.duplicateKey("data")) {
            try self.coder.decode(#"{"data":"first","data":"second"}"#)
        }
        #expect(throws: ProtocolError.duplicateKey("data")) {
            try self.coder.decode(#"{"data":"first","d\u0061ta":"x"}"#)
        }
        #expect(throws: ProtocolError.duplicateKey("a")) { try self.coder.decode(#"{"data":"x","x":{"a":1,"a":2}}"#) }
        #expect((try? self.coder.decode(#"{"data":"x","x":{"data":1}}"#)) == Message(data: "x"))
        #expect(ProtocolError.duplicateKey("data").description == "field 'data' appears twice; frame dropped")
    }

    @Test("a raw NUL byte and a lone surrogate say what is wrong")
    func preciseStringErrors() {
        let nul = ByteBuffer(bytes: Array(#"{"data":"a"#.utf8) + [0] + Array(#"b"}"#.utf8))
        #expect(throws: ProtocolError.controlCharacterInString(byte: 0, offset: 11)) { try self.coder.decode(nul) }
        #expect(
            ProtocolError.controlCharacterInString(byte: 0, offset: 11).description
                == #"raw control character 0x00 in a string at byte 11 (JSON needs it escaped, as \u0000); frame dropped"#
        )
        #expect(throws: ProtocolError.controlCharacterInString(byte: 10, offset: 10)) {
            try self.coder.decode("{\"data\":\"\n\"}")
        }
        #expect(throws: ProtocolError.invalidEscape(#"\ud800 (a lone surrogate)"#)) {
            try self.coder.decode(#"{"data":"\ud800"}"#)
        }
        #expect(throws: ProtocolError.invalidEscape(#"\udc00 (a lone surrogate)"#)) {
            try self.coder.decode(#"{"data":"\udc00x"}"#)
        }
        #expect(throws: ProtocolError.invalidEscape(#"\ud83d (a lone surrogate)"#)) {
            try self.coder.decode(#"{"data":"\ud83d\u0041"}"#)
        }
        #expect(throws: ProtocolError.invalidEscape(#"\x"#)) { try self.coder.decode(#"{"data":"\x41"}"#) }
        #expect(throws: ProtocolError.invalidEscape(#"\u needs four hex digits"#)) {
            try self.coder.decode(#"{"data":"\u12"}"#)
        }
    }

    @Test("strict JSON that is valid still decodes: escapes, pairs, numbers, nesting, whitespace")
    func strictButValid() throws {
        let message = try self.coder.decode(
            #" { "data" : "\ud83d\ude00 \u00e9\n\t\"\\\/" , "id" : 12 , "x" : [1, -2.5e3, 0, true, null, {}] } "#)
        #expect(message.data == "😀 é\n\t\"\\/")
        #expect(message.id == 12)
    }

    @Test(arguments: ["[1,2]", "\"str\"", "42", "true", "null", "[]"])
    func notAnObject(text: String) {
        #expect(throws: ProtocolError.notAnObject) { try self.coder.decode(text) }
    }

    @Test(arguments: [
        (#"{"data":5}"#, "data", "a string"),
        (#"{"type":3}"#, "type", "a string"),
        (#"{"data":"x","users":"x"}"#, "users", "an array of strings"),
        (#"{"users":"x"}"#, "users", "an array of strings"),
        (#"{"data":"x","users":[1]}"#, "users", "an array of strings"),
        (#"{"data":"x","data_source":true}"#, "data_source", "a string"),
        (#"{"data":"x","id":-1}"#, "id", "a non-negative integer"),
        (#"{"data":"x","id":"1"}"#, "id", "a non-negative integer"),
        (#"{"data":"x","id":1.5}"#, "id", "a non-negative integer"),
        (#"{"data":"x","id":1e30}"#, "id", "a non-negative integer"),
        (#"{"data":"x","to":["bob"]}"#, "to", "a string"),
        (#"{"data":"x","ts":0}"#, "ts", "a string"),
        (#"{"data":"x","replay":"yes"}"#, "replay", "true or false"),
        (#"{"data":"x","online":"12"}"#, "online", "an integer"),
        (#"{"data":"x","online":1.5}"#, "online", "an integer"),
    ])
    func wrongFieldType(text: String, field: String, expected: String) {
        #expect(throws: ProtocolError.wrongFieldType(field: field, expected: expected)) { try self.coder.decode(text) }
    }

    @Test(arguments: [MessageType.chat, .me, .private])
    func missingDataForTypesThatNeedIt(type: MessageType) {
        #expect(throws: ProtocolError.missingData(type: type)) {
            try self.coder.decode(#"{"type":"\#(type.rawValue)","to":"bob"}"#)
        }
    }

    @Test func missingDataWithoutTypeIsMissingChatData() {
        #expect(throws: ProtocolError.missingData(type: .chat)) { try self.coder.decode("{}") }
    }

    @Test(arguments: [MessageType.hello, .ping])
    func dataIsOptionalForHelloAndPing(type: MessageType) throws {
        let message = try self.coder.decode(#"{"type":"\#(type.rawValue)"}"#)
        #expect(message.type == type)
        #expect(message.data == "")
    }

    @Test(arguments: ["shout", "CHAT", "", "Chat"])
    func unknownType(name: String) {
        #expect(throws: ProtocolError.unknownType(name)) {
            try self.coder.decode(#"{"type":"\#(name)","data":"x"}"#)
        }
    }

    @Test(arguments: MessageType.allCases.filter { !$0.isClientType })
    func serverOnlyTypeDecodesInTheCoder(type: MessageType) throws {
        // The coder accepts it; rejecting it is the room's job.
        let message = try self.coder.decode(#"{"type":"\#(type.rawValue)","data":"x"}"#)
        #expect(message.type == type)
        #expect(!type.isClientType)
    }

    @Test func clientTypes() {
        #expect(Set(MessageType.allCases.filter(\.isClientType)) == [.hello, .ping, .chat, .me, .private, .history])
    }

    @Test func unknownFieldsAreIgnored() throws {
        let message = try self.coder.decode(#"{"data":"hi","colour":"red","nested":{"a":[1,2]}}"#)
        #expect(message == Message(data: "hi"))
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [ProtocolError] = [
            .frameTooLarge(limit: 10), .invalidUTF8, .invalidJSON, .notAnObject, .malformedJSON("x at byte 1"),
            .duplicateKey("data\nx"), .invalidEscape("\\ud800"), .controlCharacterInString(byte: 0, offset: 3),
            .wrongFieldType(field: "data", expected: "a string"), .missingData(type: .me), .unknownType("x"),
            .serverOnlyType(.welcome),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
        #expect(ProtocolError.frameTooLarge(limit: 10).description.contains("10"))
        #expect(ProtocolError.serverOnlyType(.welcome).description.contains("welcome"))
    }
}
