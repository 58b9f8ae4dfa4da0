import ChatProtocol
import Testing

@testable import ChatServer

@Suite("Roster")
struct RosterTests {
    @Test func startsEmpty() {
        let roster = Roster()
        #expect(roster.count == 0)
        #expect(roster.names.isEmpty)
        #expect(!roster.contains(key: "alice"))
    }

    @Test func namesAreSortedCaseInsensitively() {
        var roster = Roster()
        for name in ["carol", "Bob", "alice", "Dave", "eve", "ALBERT"] {
            roster.insert(name)
        }
        #expect(roster.names == ["ALBERT", "alice", "Bob", "carol", "Dave", "eve"])
        #expect(roster.count == 6)
    }

    @Test func keepsTheNamesAsGiven() {
        var roster = Roster()
        roster.insert("MiXeD")
        #expect(roster.names == ["MiXeD"])
        #expect(roster.contains(key: "mixed"))
        #expect(!roster.contains(key: "MiXeD"))
    }

    @Test func removeIgnoresCase() {
        var roster = Roster()
        roster.insert("Alice")
        roster.insert("bob")
        roster.remove("ALICE")
        #expect(roster.names == ["bob"])
        #expect(!roster.contains(key: "alice"))
        #expect(roster.contains(key: "bob"))
    }

    @Test func removingAnAbsentNameChangesNothing() {
        var roster = Roster()
        roster.insert("alice")
        roster.insert("carol")
        roster.remove("bob")
        roster.remove("zed")
        roster.remove("")
        #expect(roster.names == ["alice", "carol"])
        #expect(roster.count == 2)
    }

    @Test func insertRemoveManyStaysSorted() {
        var roster = Roster()
        var expected: [String] = []
        // A deterministic shuffle of 200 names.
        let names = (0..<200).map { "user\(($0 * 37) % 200)" }
        for name in names {
            roster.insert(name)
            expected.append(name)
            #expect(roster.names == expected.sorted { $0.lowercased() < $1.lowercased() })
        }
        for name in names where name.hasSuffix("3") {
            roster.remove(name)
            expected.removeAll { $0 == name }
        }
        #expect(roster.names == expected.sorted { $0.lowercased() < $1.lowercased() })
        #expect(roster.count == expected.count)
        for name in names {
            #expect(roster.contains(key: name) == expected.contains(name))
        }
    }

    @Test func unicodeNames() {
        var roster = Roster()
        for name in ["张三", "Zoe", "émile", "🙂", "Émile2", "adam"] {
            roster.insert(name)
        }
        #expect(roster.names == ["adam", "Zoe", "émile", "Émile2", "张三", "🙂"])
        roster.remove("ÉMILE")
        #expect(roster.names == ["adam", "Zoe", "Émile2", "张三", "🙂"])
    }

    @Test("a name that leaves is gone, whatever normalization it and its neighbours were typed in")
    func normalizationFormsLeaveNoGhost() {
        for order in [
            ["rene\u{301}", "ren\u{E9}e"], ["ren\u{E9}e", "rene\u{301}"], ["e\u{301}", "\u{E9}2"],
            ["\u{E9}2", "e\u{301}"],
        ] {
            for leaver in order {
                var roster = Roster()
                for name in order { roster.insert(name) }
                roster.remove(leaver)
                #expect(roster.count == 1, "\(order) minus \(leaver)")
                #expect(!roster.contains(key: NameRules.key(leaver)))
            }
        }
    }
}

extension Roster {
    /// Whether a name with this key is in the roster (for the tests: the room looks names up by key elsewhere).
    func contains(key: String) -> Bool {
        self.names.contains { NameRules.key($0) == key }
    }
}
