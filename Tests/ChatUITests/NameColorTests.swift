import ChatUI
import Testing

@Suite struct NameColorTests {
    @Test(arguments: [
        ("", UInt32(0x811C_9DC5)),
        ("a", UInt32(0xE40C_292C)),
        ("foobar", UInt32(0xBF9C_F968)),
    ])
    func knownFNV1aVectors(input: String, expected: UInt32) {
        #expect(NameColor.fnv1a32(input.utf8) == expected)
    }

    @Test func stableAndCaseInsensitive() {
        let first = NameColor.index(for: "Alice", paletteSize: 12)
        #expect(first == NameColor.index(for: "alice", paletteSize: 12))
        #expect(first == NameColor.index(for: "ALICE", paletteSize: 12))
        #expect(first == Int(NameColor.fnv1a32("alice".utf8) % 12))
    }

    @Test func spreadsNames() {
        let names = ["alice", "bob", "carol", "dave", "eve", "mallory", "trent", "peggy", "小明", "ärger"]
        let indices = names.map { NameColor.index(for: $0, paletteSize: 16) }
        #expect(indices.allSatisfy { (0..<16).contains($0) })
        #expect(Set(indices).count >= 5)
    }

    @Test(arguments: [0, -1, Int.min])
    func nonPositivePaletteGivesZero(paletteSize: Int) {
        #expect(NameColor.index(for: "alice", paletteSize: paletteSize) == 0)
    }

    @Test func paletteOfOneAndHuge() {
        #expect(NameColor.index(for: "bob", paletteSize: 1) == 0)
        let huge = NameColor.index(for: "bob", paletteSize: Int.max)
        #expect(huge >= 0)
        #expect(huge == Int(NameColor.fnv1a32("bob".utf8)))
    }
}
