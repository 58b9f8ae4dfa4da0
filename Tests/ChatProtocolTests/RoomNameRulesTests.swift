import ChatProtocol
import Testing

@Suite("Room names")
struct RoomNameRulesTests {
    @Test(arguments: ["dev", "中文", "release-2_0", "Ünïcode", "e\u{301}t\u{e9}", "٣٣", "_", "a"])
    func accepted(name: String) {
        #expect(RoomNameRules.problem(with: name) == nil)
    }

    @Test(arguments: [
        ("", RoomNameRules.Problem.empty), ("a b", .badCharacter(" ")), ("dev!", .badCharacter("!")),
        ("#dev", .badCharacter("#")), ("a\u{200B}b", .badCharacter("\u{200B}")), ("🙂", .badCharacter("🙂")),
        (String(repeating: "x", count: 33), .tooLong), ("\u{3164}", .badCharacter("\u{3164}")),
        ("a\u{301}\u{301}\u{301}\u{301}\u{301}", .tooManyMarks), ("a.b", .badCharacter(".")),
    ])
    func refused(name: String, problem: RoomNameRules.Problem) {
        #expect(RoomNameRules.problem(with: name) == problem)
    }

    @Test("a room name mixes scripts only as names may: #dеv with a Cyrillic е is refused, #日本語room is not")
    func scripts() {
        guard case .mixedScripts(let scripts)? = RoomNameRules.problem(with: "d\u{435}v") else {
            Issue.record("a Cyrillic е among Latin letters must be refused")
            return
        }
        #expect(Set(scripts.map(\.description)) == ["Latin", "Cyrillic"])
        #expect(
            RoomNameRules.problem(with: "d\u{435}v")?.description.hasPrefix("a room name cannot mix scripts") == true)
        #expect(RoomNameRules.problem(with: "日本語room") == nil)
        #expect(RoomNameRules.problem(with: "\u{434}\u{435}\u{432}") == nil)
    }

    @Test("# is optional, case and normalization do not make another room")
    func keys() {
        #expect(RoomNameRules.bare("#dev") == "dev")
        #expect(RoomNameRules.key("#Dev") == RoomNameRules.key("dev"))
        #expect(RoomNameRules.key("e\u{301}t\u{e9}") == RoomNameRules.key("\u{e9}t\u{e9}"))
        #expect(RoomNameRules.bare("e\u{301}") == "\u{e9}")
        #expect(RoomNameRules.key("dev") != RoomNameRules.key("dev2"))
    }

    @Test("a refused character is shown readably, invisible ones by code point")
    func descriptions() {
        #expect(RoomNameRules.Problem.badCharacter("!").description.hasSuffix("(not '!')"))
        #expect(RoomNameRules.Problem.badCharacter("\u{200B}").description.hasSuffix("(not U+200B)"))
        #expect(RoomNameRules.Problem.badCharacter(" ").description.hasSuffix("(not U+0020)"))
    }
}
