import ChatProtocol
import Testing

@Suite("NameRules")
struct NameRulesTests {
    @Test(arguments: [
        "alice", "Bob", "guest-1", "a", "x_y.z", "张三", "🙂", "ninja🥷", "café", "O'Brien",
        String(repeating: "a", count: 32), String(repeating: "张", count: 32), String(repeating: "🙂", count: 32),
    ])
    func validNames(name: String) {
        #expect(NameRules.problem(with: name) == nil)
    }

    @Test func emptyName() {
        #expect(NameRules.problem(with: "") == .empty)
    }

    @Test(arguments: [
        String(repeating: "a", count: 33), String(repeating: "张", count: 33), String(repeating: "🙂", count: 33),
        // One character, but hundreds of bytes of combining marks.
        "e" + String(repeating: "\u{301}", count: 100),
    ])
    func tooLong(name: String) {
        #expect(NameRules.problem(with: name) == .tooLong)
    }

    @Test(arguments: ["a b", " alice", "alice ", "a\tb", "a\u{3000}b", "a\u{00A0}b", "a\nb"])
    func spaces(name: String) {
        #expect(NameRules.problem(with: name) == .containsSpace)
    }

    @Test(arguments: [
        "a\u{0}b", "a\u{07}b", "\u{1B}[31mred", "del\u{7F}", "c1\u{9B}", "evil\u{202E}", "iso\u{2066}",
        "zero\u{200B}width", "joiner\u{200D}", "bom\u{FEFF}", "soft\u{00AD}hyphen",
    ])
    func controlAndFormatCharacters(name: String) {
        #expect(NameRules.problem(with: name) == .containsControl)
    }

    @Test func zeroWidthSpaceIsAFormatCharacter() throws {
        let scalar = try #require(Unicode.Scalar(0x200B))
        #expect(scalar.properties.generalCategory == .format)
        #expect(NameRules.problem(with: "ali\u{200B}ce") == .containsControl)
    }

    @Test(arguments: ["server", "SERVER", "Server", "sErVeR"])
    func reserved(name: String) {
        #expect(NameRules.problem(with: name) == .reserved)
    }

    @Test func nearReservedNamesAreFine() {
        #expect(NameRules.problem(with: "server2") == nil)
        #expect(NameRules.problem(with: "servers") == nil)
        #expect(NameRules.problem(with: "the-server") == nil)
    }

    @Test func keyIsCaseInsensitive() {
        #expect(NameRules.key("Alice") == NameRules.key("alice"))
        #expect(NameRules.key("ALICE") == NameRules.key("aLiCe"))
        #expect(NameRules.key("Ünal") == NameRules.key("üNAL"))
        #expect(NameRules.key("alice") != NameRules.key("alice2"))
        #expect(NameRules.key("张三") == "张三")
    }

    @Test(arguments: [2, 9, 10, 99, 100, 12345])
    func variantStaysWithinTheLimit(number: Int) {
        for base in [
            "alice", String(repeating: "a", count: 31), String(repeating: "b", count: 32),
            String(repeating: "张", count: 32), String(repeating: "🙂", count: 32),
        ] {
            let variant = NameRules.variant(of: base, number: number)
            #expect(variant.count <= NameRules.maximumLength, "\(variant)")
            #expect(variant.utf8.count <= NameRules.maximumBytes, "\(variant)")
            #expect(variant.hasSuffix(String(number)))
            #expect(base.hasPrefix(String(variant.dropLast(String(number).count))))
            #expect(NameRules.problem(with: variant) == nil)
        }
    }

    @Test func variantOfShortNameAppendsTheNumber() {
        #expect(NameRules.variant(of: "alice", number: 2) == "alice2")
        #expect(NameRules.variant(of: "张三", number: 3) == "张三3")
        #expect(
            NameRules.variant(of: String(repeating: "a", count: 32), number: 2) == String(repeating: "a", count: 31)
                + "2")
        #expect(
            NameRules.variant(of: String(repeating: "a", count: 32), number: 10) == String(repeating: "a", count: 30)
                + "10")
    }

    @Test func problemsExplainThemselves() {
        let problems: [NameRules.Problem] = [
            .empty, .tooLong, .containsSpace, .containsControl, .looksBlank, .tooManyMarks, .reserved,
        ]
        #expect(Set(problems.map(\.description)).count == problems.count)
        #expect(NameRules.Problem.tooLong.description.contains("32"))
    }

    // Lookalikes of a name held by someone online: alice plus something invisible.
    @Test(
        "invisible default-ignorable code points are refused (combining grapheme joiner, variation selectors, fillers)",
        arguments: [
            "alice\u{034F}", "alice\u{FE0F}", "alice\u{FE00}", "alice\u{E0100}", "al\u{180E}ice", "alice\u{2060}",
            "\u{115F}alice", "alice\u{1160}", "alice\u{3164}", "alice\u{FFA0}", "\u{3164}", "\u{FFA0}", "\u{115F}",
            "a\u{E0061}", "\u{200D}alice", "alice\u{200D}bob",
        ])
    func invisibleLookalikes(name: String) {
        #expect(NameRules.problem(with: name) != nil, "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("names that look blank are refused: the braille blank stands for a space")
    func blankLooking() {
        #expect(NameRules.problem(with: "\u{2800}") == .looksBlank)
        #expect(NameRules.problem(with: "[private]\u{2800}alice\u{2800}->\u{2800}guest-1") == .looksBlank)
        #expect(NameRules.problem(with: "alice\u{2800}") == .looksBlank)
    }

    @Test("at most four combining marks on one character")
    func marks() {
        #expect(NameRules.problem(with: "e\u{301}\u{302}\u{303}\u{304}") == nil)
        #expect(NameRules.problem(with: "e\u{301}\u{302}\u{303}\u{304}\u{305}") == .tooManyMarks)
        #expect(NameRules.problem(with: "e\u{301}a\u{301}\u{302}\u{303}\u{304}") == nil)
    }

    @Test(
        "emoji sequences are names: joiners, skin tones, flags, keycaps, selectors",
        arguments: [
            "👨\u{200D}👩\u{200D}👧", "👋🏽", "🇯🇵", "❤\u{FE0F}", "🏳\u{FE0F}\u{200D}🌈", "👩🏽\u{200D}💻", "1\u{FE0F}\u{20E3}",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "bob👨\u{200D}👩\u{200D}👧",
        ])
    func emojiSequences(name: String) {
        #expect(NameRules.problem(with: name) == nil)
    }

    @Test(
        "invisible parts that make no emoji are refused, and private-use characters (they draw as anything)",
        arguments: [
            "bob1\u{FE0F}", "bob#\u{FE0F}", "🏴\u{E0020}", "🏴\u{E0020}\u{E0020}", "a\u{E007F}", "\u{E000}", "x\u{F8FF}",
            "\u{F0000}",
        ])
    func moreInvisibles(name: String) {
        #expect(
            NameRules.problem(with: name) == .containsControl,
            "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("names that differ only in invisible parts, case or normalization are one name")
    func keysIgnoreInvisibleDifferences() {
        #expect(NameRules.key("bob©\u{FE0F}") == NameRules.key("bob©"))
        #expect(NameRules.key("😀\u{200D}😀") == NameRules.key("😀😀"))
        #expect(NameRules.key("rene\u{301}") == NameRules.key("ren\u{E9}"))
        #expect(NameRules.key("RENÉ") == NameRules.key("rene\u{301}"))
        #expect(Array(NameRules.key("rene\u{301}").utf8) == Array(NameRules.key("ren\u{E9}").utf8))
    }

    @Test("keys are totally ordered by their bytes, across normalization forms")
    func keyOrder() {
        let names = ["e\u{301}", "\u{E9}2", "rene\u{301}", "ren\u{E9}e", "e", "f", "\u{E9}"]
        let keys = names.map(NameRules.key)
        for a in keys {
            for b in keys {
                let ab = NameRules.precedes(a, b)
                let ba = NameRules.precedes(b, a)
                #expect(!(ab && ba))
                #expect(ab || ba || a.utf8.elementsEqual(b.utf8))
            }
        }
    }

    @Test(
        "compatibility forms and the dotless i are the letters they pass for",
        arguments: [
            ("alice", "al\u{131}\u{307}ce"), ("bob", "𝚋𝚘𝚋"), ("bob", "ｂｏｂ"), ("luke", "\u{217C}uke"), ("µ", "μ"),
            ("ivan", "Ⅰvan"),
        ])
    func compatibilityKeys(plain: String, lookalike: String) {
        #expect(NameRules.key(plain) == NameRules.key(lookalike))
    }

    @Test(
        "names that pass for server are reserved; names that show nothing are refused",
        arguments: [
            ("𝚜𝚎𝚛𝚟𝚎𝚛", NameRules.Problem.reserved), ("ｓerver", .reserved), ("server\u{308}", .reserved),
            ("\u{301}", .looksBlank), ("\u{332}\u{332}", .looksBlank), ("\u{1175}", .looksBlank),
            ("\u{303F}", .looksBlank),
        ])
    func passesForServerOrNothing(name: String, problem: NameRules.Problem) {
        #expect(NameRules.problem(with: name) == problem)
    }
}
