import Foundation
import NIOCore
import Testing

@testable import ChatProtocol

/// The fast path must mean exactly what Foundation's decoder means, on every frame it takes.
@Suite("Fast frame decoder")
struct FastFrameDecoderTests {
    static func foundation(_ text: String) -> Message? {
        try? JSONDecoder().decode(Message.self, from: Data(text.utf8))
    }

    static func fast(_ text: String) -> Message? {
        var text = text
        return text.withUTF8 { FastFrameDecoder.decode(UnsafeRawBufferPointer($0)) }
    }

    @Test(
        "what clients send is taken by the fast path, and means what Foundation reads",
        arguments: [
            #"{"data":"hi"}"#, #"{"type":"hello","data":"alice","rooms":["lobby","dev"]}"#,
            #"{"data":"x","room":"dev"}"#, #"{"type":"ping","data":"1"}"#,
            #"{"type":"private","to":"bob","data":"psst"}"#,
            #" { "data" : "spaced" , "type" : "me" } "#, #"{"data":"esc \" \\ \/ \n \t \u00e9 \ud83d\ude42 \u0000"}"#,
            #"{"data":"你好 🙂","data_source":"mallory","id":42,"replay":false,"online":-3,"users":[]}"#,
            #"{"type":"hello"}"#,
            #"{"data":"a","extra":{"nested":[1,2,{"x":"]}"}],"n":null},"others":[true,false,1.5e3]}"#,
            #"{"data":"a","room":null,"to":null}"#, #"{"data":""}"#,
        ])
    func agreesWithFoundation(text: String) throws {
        let fast = try #require(Self.fast(text), "the fast path took \(text)")
        #expect(fast == Self.foundation(text), "\(text)")
    }

    @Test(
        "what it does not read exactly goes to Foundation, which says what is wrong",
        arguments: [
            #"{"data":5}"#, #"{"room":["dev"],"data":"x"}"#, #"{"type":"bogus","data":"x"}"#, #"{"type":"chat"}"#,
            #"{"data":"x","id":1.5}"#, #"{"data":"x","id":-1}"#, #"{"flood_rate":2.5,"data":"x"}"#,
            #"{"\u0064ata":"x"}"#, #"{"data":"x","rooms":[{"name":"dev"}]}"#, #"["data"]"#,
            #"{"data":"x","id":12345678901234567890}"#, #"{"data":"x","replay":"yes"}"#, "{}",
        ])
    func leavesTheRestToFoundation(text: String) {
        #expect(Self.fast(text) == nil, "\(text)")
    }

    @Test("random frames of known and unknown fields: the fast path agrees with Foundation whenever it answers")
    func randomFrames() throws {
        var generator = SystemRandomNumberGenerator()
        let strings = ["", "a", "ü", "\\\"", "\\n", "\\u00e9", "🙂", "x y", "\\/", "\\ud83d\\ude42"]
        let keys = [
            "data", "type", "room", "to", "ts", "data_source", "id", "online", "replay", "users", "rooms", "seq",
            "since", "more", "zz",
        ]
        var taken = 0
        for _ in 0..<2000 {
            var fields: [String] = []
            for key in keys.shuffled(using: &generator).prefix(Int.random(in: 0...5, using: &generator)) {
                let value: String
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: value = "\"\(strings.randomElement(using: &generator) ?? "")\""
                case 1: value = String(Int.random(in: -5...99999, using: &generator))
                case 2: value = Bool.random(using: &generator) ? "true" : "false"
                case 3: value = "null"
                case 4: value = "[\"a\",\"\(strings.randomElement(using: &generator) ?? "")\"]"
                default: value = key == "type" ? "\"me\"" : "{\"k\":[1,\"]\"]}"
                }
                if key == "type", Bool.random(using: &generator) {
                    fields.append(
                        "\"type\":\"\(["chat", "me", "hello", "ping", "private"].randomElement(using: &generator) ?? "chat")\""
                    )
                    continue
                }
                fields.append("\"\(key)\":\(value)")
            }
            // Usually with the data a chat line needs, somewhere among the others.
            if Int.random(in: 0..<4, using: &generator) > 0, !fields.contains(where: { $0.hasPrefix("\"data\"") }) {
                let data = "\"data\":\"\(strings.randomElement(using: &generator) ?? "")\""
                fields.insert(data, at: Int.random(in: 0...fields.count, using: &generator))
            }
            let text = "{" + fields.joined(separator: ",") + "}"
            guard let fast = Self.fast(text) else { continue }
            taken += 1
            #expect(fast == Self.foundation(text), "\(text)")
        }
        #expect(taken > 100)
    }
}
