import Testing

@testable import ChatUI

@Suite("LineSplitter")
struct LineSplitterTests {
    @Test("a short line is one part; a long one is cut into parts that fit, nothing lost, nothing added")
    func cuts() {
        #expect(LineSplitter.split("hello") == ["hello"])
        let words = (0..<3000).map { "word\($0)" }.joined(separator: " ")
        let parts = LineSplitter.split(words, maximumBytes: 1000)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 1000 })
        #expect(parts.joined(separator: " ") == words, "cut at spaces, which are not repeated")
        #expect(parts.allSatisfy { !$0.hasPrefix(" ") && !$0.hasSuffix(" ") })
    }

    @Test("a 17,000-character line of CJK and emoji is cut at character boundaries")
    func wide() {
        let line = String(repeating: "你好👋🏽", count: 5000)
        let parts = LineSplitter.split(line)
        #expect(parts.allSatisfy { $0.utf8.count <= LineSplitter.maximumBytes })
        #expect(parts.joined() == line)
    }

    @Test("/me and /msg keep their command on every part; other commands are never cut")
    func commands() {
        let text = String(repeating: "x", count: 2500)
        let me = LineSplitter.split("/me " + text, maximumBytes: 1000)
        #expect(me.count == 3 && me.allSatisfy { $0.hasPrefix("/me ") })
        #expect(me.map { $0.dropFirst(4) }.joined() == text)
        let msg = LineSplitter.split("/msg bob " + text, maximumBytes: 1000)
        #expect(msg.allSatisfy { $0.hasPrefix("/msg bob ") && $0.utf8.count <= 1000 })
        #expect(msg.map { $0.dropFirst(9) }.joined() == text)
        #expect(LineSplitter.split("/nick " + text, maximumBytes: 1000).count == 1)
        #expect(LineSplitter.split("//" + text, maximumBytes: 1000).count == 3)
        let sneaky = String(repeating: "a", count: 995) + " /quit now"
        #expect(LineSplitter.split(sneaky, maximumBytes: 1000) == [String(repeating: "a", count: 995), "//quit now"])
    }
}
