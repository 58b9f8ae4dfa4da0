import ChatUI
import Testing

@Suite struct TabCompleterTests {
    static let names = ["alice", "Albert", "bob", "小明"]
    static let commands = ["/who", "/nick", "/msg", "/me", "/quit", "/help", "/clear"]

    /// Runs one completion on a string line and returns the resulting string and cursor.
    static func run(_ completer: inout TabCompleter, _ line: String, cursor: Int? = nil) -> (String, Int)? {
        let characters = Array(line)
        guard
            let result = completer.complete(
                line: characters, cursor: cursor ?? characters.count, names: names, commands: commands
            )
        else { return nil }
        return (String(result.line), result.cursor)
    }

    @Test(arguments: [
        ("al", "alice: ", 7),
        ("AL", "alice: ", 7),
        ("  b", "  bob: ", 7),
        ("hi al", "hi alice ", 9),
        ("hi bob", "hi bob ", 7),
        ("小", "小明: ", 4),
        ("/n", "/nick ", 6),
        ("/Q", "/quit ", 6),
    ])
    func firstCompletion(line: String, expected: String, cursor: Int) throws {
        var completer = TabCompleter()
        let result = try #require(Self.run(&completer, line))
        #expect(result.0 == expected)
        #expect(result.1 == cursor)
        #expect(completer.isCycling)
    }

    @Test(arguments: ["", "hi ", "zz", "hi /n", "/nope", "hi zz"])
    func nothingToComplete(line: String) {
        var completer = TabCompleter()
        let result = Self.run(&completer, line)
        #expect(result == nil)
        #expect(!completer.isCycling)
    }

    @Test func cyclesAndWrapsAround() throws {
        var completer = TabCompleter()
        var result = try #require(Self.run(&completer, "al"))
        #expect(result.0 == "alice: ")
        result = try #require(Self.run(&completer, result.0, cursor: result.1))
        #expect(result.0 == "Albert: ")
        #expect(result.1 == 8)
        result = try #require(Self.run(&completer, result.0, cursor: result.1))
        #expect(result.0 == "alice: ")
    }

    @Test func cyclesCommands() throws {
        var completer = TabCompleter()
        var result = try #require(Self.run(&completer, "/m"))
        #expect(result.0 == "/msg ")
        result = try #require(Self.run(&completer, result.0, cursor: result.1))
        #expect(result.0 == "/me ")
        result = try #require(Self.run(&completer, result.0, cursor: result.1))
        #expect(result.0 == "/msg ")
    }

    @Test func singleCandidateStaysPut() throws {
        var completer = TabCompleter()
        let first = try #require(Self.run(&completer, "b"))
        let second = try #require(Self.run(&completer, first.0, cursor: first.1))
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
    }

    @Test func editInBetweenStartsOver() throws {
        var completer = TabCompleter()
        let first = try #require(Self.run(&completer, "al"))
        #expect(first.0 == "alice: ")
        // The user typed "b" after the completion: a new completion of "b".
        let second = try #require(Self.run(&completer, first.0 + "b"))
        #expect(second.0 == "alice: bob ")
    }

    @Test func resetForgetsTheCycle() throws {
        var completer = TabCompleter()
        let first = try #require(Self.run(&completer, "al"))
        completer.reset()
        #expect(!completer.isCycling)
        // The cursor now follows a space: there is no word to complete.
        let again = Self.run(&completer, first.0, cursor: first.1)
        #expect(again == nil)
    }

    @Test func completesWordInMiddleAndReusesFollowingSpace() throws {
        var completer = TabCompleter()
        let atStart = try #require(Self.run(&completer, "al there", cursor: 2))
        #expect(atStart.0 == "alice: there")
        #expect(atStart.1 == 7)
        var other = TabCompleter()
        let inside = try #require(Self.run(&other, "hi alx there", cursor: 5))
        #expect(inside.0 == "hi alice there")
        #expect(inside.1 == 9)
    }

    @Test func commandsWithoutSlashAndDuplicates() throws {
        var completer = TabCompleter()
        let first = completer.complete(line: Array("/j"), cursor: 2, names: [], commands: ["join", "/JOIN", "/join"])
        let result = try #require(first)
        #expect(String(result.line) == "/join ")
        let second = completer.complete(line: result.line, cursor: result.cursor, names: [], commands: [])
        let again = try #require(second)
        #expect(String(again.line) == "/join ")
    }

    @Test func outOfRangeCursorIsClamped() throws {
        var completer = TabCompleter()
        let clamped = completer.complete(line: Array("bo"), cursor: 99, names: ["bob"], commands: [])
        let result = try #require(clamped)
        #expect(String(result.line) == "bob: ")
        var other = TabCompleter()
        let none = other.complete(line: Array("bo"), cursor: -3, names: ["bob"], commands: [])
        #expect(none == nil)
    }

    @Test func orderedNamesPutsRecentSpeakersFirst() {
        let ordered = TabCompleter.orderedNames(
            recentSpeakers: ["zed", "Bob"],
            members: ["carol", "bob", "Alice", "zed", "dave", "alice"]
        )
        #expect(ordered == ["zed", "Bob", "Alice", "carol", "dave"])
    }

    @Test func integratesWithLineEditor() {
        var editor = LineEditor()
        editor.insert("hello al")
        var completer = TabCompleter()
        let first = completer.complete(in: &editor, names: Self.names, commands: Self.commands)
        #expect(first)
        #expect(editor.text == "hello alice ")
        let second = completer.complete(in: &editor, names: Self.names, commands: Self.commands)
        #expect(second)
        #expect(editor.text == "hello Albert ")
        #expect(editor.cursor == 13)
        editor.insert("x")
        let third = completer.complete(in: &editor, names: Self.names, commands: Self.commands)
        #expect(!third)
        #expect(editor.text == "hello Albert x")
    }

    @Test func untrustedNamesAreSanitizedInEditor() {
        var editor = LineEditor()
        editor.insert("ev")
        var completer = TabCompleter()
        let changed = completer.complete(in: &editor, names: ["ev\u{1B}[2Jil"], commands: [])
        #expect(changed)
        #expect(editor.text == "ev[2Jil: ")
    }
}
