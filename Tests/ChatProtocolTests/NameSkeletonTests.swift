import ChatProtocol
import Testing

@Suite("NameRules.skeleton")
struct NameSkeletonTests {
    @Test(
        "lookalikes of alice have its skeleton",
        arguments: [
            "\u{430}lice",  // Cyrillic а
            "alic\u{435}",  // Cyrillic е
            "ALICE", "Alice", "a1ice", "aIice", "al|ce", "al\u{131}ce",  // dotless ı
            "\u{FF41}\u{FF4C}\u{FF49}\u{FF43}\u{FF45}",  // fullwidth ａｌｉｃｅ
            "\u{391}LICE",  // Greek Α
            "\u{430}\u{4CF}\u{456}\u{441}\u{435}",  // all Cyrillic: а ӏ і с е
            "ali\u{200B}ce", "alic\u{E9}", "alice\u{301}", "\u{1D41A}lice",  // mathematical bold a
        ])
    func collidesWithAlice(name: String) {
        #expect(NameRules.skeleton(name) == NameRules.skeleton("alice"), "\(name.unicodeScalars.map(\.value))")
    }

    @Test(
        "names that do not look alike keep apart",
        arguments: [("bob", "alice"), ("alice", "alicia"), ("bob", "rob"), ("anna", "anya"), ("Дмитрий", "Dmitri")])
    func distinct(a: String, b: String) {
        #expect(NameRules.skeleton(a) != NameRules.skeleton(b))
    }

    @Test(
        "letters drawn like pairs of letters, ß by case folding, Greek and Cyrillic capitals",
        arguments: [
            ("rnary", "mary"), ("vvendy", "wendy"), ("stra\u{DF}e", "strasse"), ("STRA\u{1E9E}E", "strasse"),
            ("0scar", "oscar"), ("\u{3A1}\u{391}\u{3A1}\u{391}", "papa"), ("\u{420}\u{430}\u{440}\u{430}", "papa"),
            ("\u{3BD}\u{3BF}", "vo"), ("\u{41C}\u{410}\u{420}\u{418}\u{42F}", "\u{41C}\u{430}\u{440}\u{438}\u{44F}"),
            ("\u{13AA}", "a"), ("\u{AB7A}", "a"), ("\u{2160}van", "ivan"),
        ])
    func pairs(a: String, b: String) {
        #expect(NameRules.skeleton(a) == NameRules.skeleton(b))
    }

    @Test("a skeleton is its own skeleton: every prototype of the table is a fixed point")
    func fixedPoint() {
        for name in ["alice", "\u{430}lice", "MARY", "Σοφία", "Дмитрий", "guest-10", "张三", "👨\u{200D}👩\u{200D}👧"] {
            let skeleton = NameRules.skeleton(name)
            #expect(NameRules.skeleton(skeleton) == skeleton, "\(name)")
        }
        for prototype in ["o", "l", "rn", "vv", "ss", "ae", "oe", "bl", "3", "6", "4", "-", "'"] {
            #expect(NameRules.skeleton(prototype) == prototype)
        }
    }
}
