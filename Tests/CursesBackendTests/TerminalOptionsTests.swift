import Testing

@testable import CursesBackend

@Suite("TerminalOptions")
struct TerminalOptionsTests {
    @Test(
        "NO_COLOR with any non-empty value turns colours off; unset or empty leaves them on",
        arguments: [
            ([String: String](), true), (["NO_COLOR": ""], true), (["NO_COLOR": "1"], false),
            (["NO_COLOR": "0"], false), (["NO_COLOR": "yes please"], false), (["TERM": "xterm"], true),
        ])
    func noColor(environment: [String: String], allowed: Bool) {
        #expect(TerminalOptions.colorsAllowed(environment: environment) == allowed)
    }
}
