import Testing

@testable import CursesBackend

/// When the title is written, and what is written: pure, no terminal.
@Suite("Terminal title")
struct TerminalTitleTests {
    @Test(
        "written where terminfo has a title line, or TERM names a kind that takes OSC 2; never to dumb",
        arguments: [
            ("xterm-256color", false, true), ("tmux-256color", true, true), ("screen", false, true),
            ("tmux", false, true), ("vt100", false, false), ("vt100", true, true), ("dumb", true, false),
            ("", false, false), ("linux", false, false),
        ])
    func supported(term: String, hasTitleLine: Bool, expected: Bool) {
        #expect(TerminalTitle.isSupported(term: term, hasTitleLine: hasTitleLine) == expected)
    }

    @Test("the sequence is OSC 2 ... BEL, with no control character of the title left to end it early")
    func sequence() {
        #expect(TerminalTitle.sequence(for: "swchat #dev (3)") == "\u{1B}]2;swchat #dev (3)\u{07}")
        #expect(TerminalTitle.sequence(for: "a\u{07}b\u{1B}]0;x\u{9C}") == "\u{1B}]2;ab]0;x\u{07}")
        #expect(TerminalTitle.sequence(for: "swchat #中文") == "\u{1B}]2;swchat #中文\u{07}")
    }
}
