import ChatProtocol
import Testing

@Suite("NameRules mixed scripts")
struct NameScriptTests {
    @Test(
        "one script, or a mix one language writes with, is a name; digits, signs and emoji belong to any",
        arguments: [
            "Дмитрий", "Σοφία", "alice", "alice_2", "ninja🥷", "山田たろう", "Taroタロウ", "山田タロウtaro", "김철수kim",
            "王ㄅㄆ", "\u{FF41}\u{FF4C}\u{FF49}\u{FF43}\u{FF45}", "a\u{663}", "Ꭰ\u{13A1}", "שלום", "O'Brien", "café",
        ])
    func allowed(name: String) {
        #expect(NameRules.problem(with: name) == nil)
    }

    @Test(
        "letters of two scripts no language mixes are refused, named in the order they come",
        arguments: [
            ("\u{430}lice", [WritingScript.cyrillic, .latin]), ("alic\u{435}", [.latin, .cyrillic]),
            ("\u{3A3}ofia", [.greek, .latin]), ("\u{13AA}lice", [.cherokee, .latin]),
            ("\u{561}bc", [.armenian, .latin]),
            ("タロウ김", [.katakana, .hangul]), ("ㄅ김", [.bopomofo, .hangul]),
            ("a\u{431}\u{3B3}", [.latin, .cyrillic, .greek]),
            ("\u{3BC}alice", [.greek, .latin]), ("\u{B5}alice", [.greek, .latin]),  // the micro sign is μ
        ])
    func refused(name: String, scripts: [WritingScript]) {
        #expect(NameRules.problem(with: name) == .mixedScripts(scripts))
    }

    @Test("the refusal says which scripts")
    func message() {
        #expect(
            NameRules.problem(with: "alic\u{435}")?.description
                == "a name cannot mix scripts, and this one mixes Latin and Cyrillic letters")
        #expect(
            NameRules.Problem.mixedScripts([.latin, .cyrillic, .greek]).description.hasSuffix(
                "mixes Latin, Cyrillic and Greek letters"))
    }

    @Test("five combining marks on one letter refuse a name, and text keeps four of them")
    func combiningRuns() {
        let five = "e" + String(repeating: "\u{301}", count: 5)
        #expect(NameRules.problem(with: five) == .tooManyMarks)
        #expect(NameRules.Problem.tooManyMarks.description.hasPrefix("too many combining marks"))
        #expect(TextSanitizer.clean("x" + five + "y") == "xe" + String(repeating: "\u{301}", count: 4) + "y")
    }
}
