import Foundation
import Testing

/// `swchat join` in tmux scrolling back past what the join replayed, into history the server answers page by page.
@Suite("Scrollback end to end", .serialized)
struct ScrollbackEndToEndTests {
    /// N of a log row showing "history line N".
    static func lineNumber(_ row: String) -> Int? {
        guard let range = row.range(of: "history line ") else { return nil }
        return Int(row[range.upperBound...].prefix { $0.isNumber })
    }

    /// The screen once `predicate` holds and two captures in a row agree: a capture can catch curses halfway through
    /// redrawing (the top rows new, the rest old).
    static func settledScreen(
        _ tmux: Tmux, _ session: String, _ predicate: @escaping ([String]) -> Bool
    ) async throws -> [String] {
        var last: [String] = []
        return try await tmux.waitFor(session, "a settled screen") { screen in
            defer { last = screen }
            return predicate(screen) && screen == last
        }
    }

    @Test(
        "PgUp past the top loads older pages from the server down to -- start of #lobby --; the first line shows once")
    func scrollBackToTheStart() async throws {
        let tmux = try Tmux.required()
        defer { tmux.kill() }
        // The memory store keeps 1,000 messages a room and answers history; without a flood limit 300 lines go at once.
        let port = try await tmux.serve("server", options: "--store memory --flood-limit off")
        let writer = try TextSocketClient(port: port)
        try await writer.waitFor("the writer's welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        let lines = (1...300).map { "history line " + String(repeating: "0", count: 3 - String($0).count) + "\($0)" }
        for line in lines { try writer.send(line) }
        try await writer.waitFor("its 300 lines back", timeout: .seconds(20)) { received in
            received.contains { $0.hasSuffix("history line 300") }
        }

        try tmux.newSession("a", width: 80, height: 20)
        try tmux.type("a", "'\(Tmux.swchatPath)' join 127.0.0.1:\(port) --name alice; echo exit=$?")
        try await tmux.waitFor("a", "the join's replay") { $0.contains { $0.contains("history line 300") } }

        // PgUp until the room's start is on screen: each press past the top asks for the page before it.
        let deadline = ContinuousClock.now + .seconds(60)
        var screen = try tmux.screen("a")
        var presses = 0
        while !screen.contains(where: { $0.hasPrefix("-- start of #lobby --") }) {
            guard ContinuousClock.now < deadline else {
                Issue.record("no start line after \(presses) PgUps; screen:\n\(screen.joined(separator: "\n"))")
                return
            }
            try tmux.press("a", "PPage")
            presses += 1
            screen = try tmux.screen("a")
        }
        screen = try await Self.settledScreen(tmux, "a") { _ in true }
        let start = try #require(screen.firstIndex { $0.hasPrefix("-- start of #lobby --") })
        #expect(start == 0, "the start line is the top of the log:\n\(screen.joined(separator: "\n"))")
        #expect(screen.filter { $0.contains("history line 001") }.count == 1, "\(screen.joined(separator: "\n"))")
        #expect(
            screen.dropFirst(start + 1).first?.contains("history line 001") == true,
            "the first line is right under the start line:\n\(screen.joined(separator: "\n"))")
        #expect(!screen.contains { $0.contains("-- loading --") })

        // Every line is in the log once, in order: PgDn through it all. A PgDn moves a screen less one row, so two
        // rows next to each other in the log are always on one screen together: a line shown twice would break the
        // order on some screen.
        var seen: Set<Int> = []
        while true {
            let numbers = screen.compactMap(Self.lineNumber)
            #expect(
                numbers == numbers.sorted() && Set(numbers).count == numbers.count, "\(screen.joined(separator: "\n"))")
            seen.formUnion(numbers)
            if numbers.last == 300 { break }
            let before = screen
            try tmux.press("a", "NPage")
            screen = try await Self.settledScreen(tmux, "a") { $0 != before }
        }
        #expect(seen == Set(1...300))
        try tmux.press("a", "C-c")
        try await tmux.waitFor("a", "exit=0") { $0.contains("exit=0") }
        try tmux.press("server", "C-c")
    }
}
