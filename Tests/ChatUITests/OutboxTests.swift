import ChatProtocol
import Testing

@testable import ChatUI

/// Pastes, the paced queue, and dropping it, as the screen state sees them.
@Suite("Outbox")
struct OutboxTests {
    static let t0: Int64 = 1_700_000_000_000

    /// Connected, welcomed with the server's default limit stated.
    static func state(floodBurst: Int? = 10, floodRate: Double? = 5) -> ChatState {
        var state = ChatState(serverAddress: "127.0.0.1:8080", myName: "me", size: Size(width: 100, height: 12))
        _ = state.update(.connected, now: t0)
        let welcome = Message(
            type: .welcome, dataSource: "server", data: "Welcome", to: "me", floodBurst: floodBurst,
            floodRate: floodRate)
        _ = state.update(.frame(welcome), now: t0)
        return state
    }

    static func sends(_ effects: [ChatEffect]) -> [String] {
        effects.compactMap { if case .send(let line, _) = $0 { line } else { nil } }
    }

    /// Ticks every 50 ms from `start` for `duration` ms, as the app's timer would; returns what was sent.
    static func tick(_ state: inout ChatState, from start: Int64, for duration: Int64) -> [ChatEffect] {
        stride(from: start, through: start + duration, by: 50).flatMap { state.update(.tick, now: $0) }
    }

    static func rendered(_ state: ChatState) -> [String] {
        var canvas = TextCanvas(size: state.size)
        Renderer.draw(state, on: &canvas)
        return canvas.lines
    }

    @Test("a 20-line paste: 8 go at once, the rest paced, all in order; the status line counts what waits")
    func twentyLines() {
        var state = Self.state()
        let lines = (1...20).map { "paste line \($0)" }
        let first = state.update(.key(.paste(lines.joined(separator: "\n") + "\n")), now: Self.t0)
        #expect(Self.sends(first) == Array(lines.prefix(8)))
        #expect(state.outbox.queuedLines == 12)
        #expect(Self.rendered(state)[10].hasSuffix("12 queued"))
        let rest = Self.tick(&state, from: Self.t0 + 50, for: 5000)
        #expect(Self.sends(rest) == Array(lines.dropFirst(8)))
        #expect(state.editor.isEmpty)
        #expect(state.queueStatus == nil)
        #expect(!Self.rendered(state)[10].contains("queued"))
        #expect(state.editor.history.isEmpty, "pasted lines are not recorded in the input history")
    }

    @Test("lines typed while a paste is queued go after it, in order")
    func typedAfterPaste() {
        var state = Self.state()
        _ = state.update(.key(.paste((1...12).map { "p\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        for character in "typed" { _ = state.update(.key(.character(character)), now: Self.t0) }
        #expect(state.update(.key(.enter), now: Self.t0).isEmpty)
        let rest = Self.sends(Self.tick(&state, from: Self.t0, for: 5000))
        #expect(rest == (9...12).map { "p\($0)" } + ["typed"])
    }

    @Test("a paste without a line break is inserted at the cursor; the text after the last break stays in the line")
    func pasteIntoTheLine() {
        var state = Self.state()
        for character in "ab" { _ = state.update(.key(.character(character)), now: Self.t0) }
        _ = state.update(.key(.left), now: Self.t0)
        #expect(state.update(.key(.paste("XY\tZ")), now: Self.t0).isEmpty)
        #expect(state.editor.text == "aXY Zb")
        #expect(state.editor.cursor == 5)
        // Two breaks: "aXY Z" + "1" + "b" goes whole, "2" goes, "3" stays to be finished.
        let effects = state.update(.key(.paste("1\r\n2\r3")), now: Self.t0)
        #expect(Self.sends(effects) == ["aXY Z1b", "2"])
        #expect(state.editor.text == "3")
        #expect(state.editor.cursor == 1)
    }

    @Test("blank pasted lines are skipped; controls are cleaned out of pasted lines")
    func blankAndControls() {
        var state = Self.state()
        let effects = state.update(.key(.paste("one\n\n   \ntwo\u{7}\u{1B}[31m\n")), now: Self.t0)
        #expect(Self.sends(effects) == ["one", "two[31m"])
    }

    @Test("a pasted /quit quits after the lines before it are sent")
    func pastedQuit() {
        var state = Self.state(floodBurst: 3, floodRate: 2)
        let first = state.update(.key(.paste("a\nb\n/quit bye\n")), now: Self.t0)
        #expect(first == [.send("a")])
        let rest = Self.tick(&state, from: Self.t0, for: 3000)
        #expect(rest == [.send("b"), .send("/quit bye"), .quit])
    }

    @Test("Esc-Esc asks before dropping the queue; Esc again drops it; any other key keeps it")
    func escapeEscape() {
        var state = Self.state()
        _ = state.update(.key(.paste((1...20).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        _ = state.update(.key(.escape), now: Self.t0)
        #expect(state.dropConfirmation == .oneEscape)
        _ = state.update(.key(.escape), now: Self.t0)
        #expect(state.dropConfirmation == .asking(quit: false))
        #expect(Self.rendered(state)[10].contains("Esc again: drop 12 unsent lines; any other key keeps them"))
        // Anything else keeps the queue, and does what it always does.
        _ = state.update(.key(.character("x")), now: Self.t0)
        #expect(state.dropConfirmation == .none)
        #expect(state.outbox.queuedLines == 12)
        #expect(state.editor.text == "x")
        // A resize is no answer.
        _ = state.update(.key(.escape), now: Self.t0)
        _ = state.update(.key(.escape), now: Self.t0)
        _ = state.update(.resized(Size(width: 90, height: 12)), now: Self.t0)
        _ = state.update(.key(.resize), now: Self.t0)
        #expect(state.dropConfirmation == .asking(quit: false))
        #expect(state.update(.key(.escape), now: Self.t0).isEmpty)
        #expect(state.outbox.queuedLines == 0)
        #expect(state.entries.last?.text == "dropped 12 lines that were not sent yet")
        #expect(Self.tick(&state, from: Self.t0, for: 5000).isEmpty)
        // With nothing queued, Esc is just Esc.
        _ = state.update(.key(.escape), now: Self.t0 + 6000)
        _ = state.update(.key(.escape), now: Self.t0 + 6000)
        #expect(state.dropConfirmation == .none)
    }

    @Test("Ctrl-C with lines queued asks; Ctrl-C again drops them and quits; with nothing queued it quits at once")
    func controlC() {
        var state = Self.state()
        _ = state.update(.key(.paste((1...20).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        #expect(state.update(.key(.control("c")), now: Self.t0).isEmpty)
        #expect(state.queueStatus == "Ctrl-C again: quit, dropping 12 unsent lines; any other key keeps them")
        _ = state.update(.key(.left), now: Self.t0)
        #expect(state.outbox.queuedLines == 12, "another key keeps them")
        #expect(state.update(.key(.control("c")), now: Self.t0).isEmpty, "asks again")
        #expect(state.update(.key(.control("c")), now: Self.t0) == [.quit])
        #expect(state.outbox.queuedLines == 0)
        var idle = Self.state()
        #expect(idle.update(.key(.control("c")), now: Self.t0) == [.quit])
    }

    @Test("the question ends by itself when the queue empties while it is asked")
    func questionEndsWhenSent() {
        var state = Self.state()
        _ = state.update(.key(.paste((1...9).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        _ = state.update(.key(.control("c")), now: Self.t0)
        _ = Self.tick(&state, from: Self.t0, for: 1000)
        #expect(state.dropConfirmation == .none)
        #expect(state.update(.key(.control("c")), now: Self.t0 + 1000) == [.quit])
    }

    @Test("Ctrl-D on an empty line quits once the queue is sent")
    func controlDWaits() {
        var state = Self.state()
        _ = state.update(.key(.paste((1...9).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        #expect(state.update(.key(.control("d")), now: Self.t0).isEmpty)
        #expect(Self.tick(&state, from: Self.t0, for: 1000) == [.send("l9"), .quit])
    }

    @Test(
        "offline: a paste waits in the queue and goes after the reconnection's welcome; a typed line is refused as before"
    )
    func offline() {
        var state = Self.state()
        _ = state.update(.disconnected(reason: "gone"), now: Self.t0)
        #expect(state.update(.key(.paste("a\nb\n")), now: Self.t0).isEmpty)
        #expect(state.queueStatus == "2 queued until connected")
        #expect(state.entries.last?.text.hasPrefix("not connected: the 2 pasted line(s) wait") == true)
        #expect(state.millisecondsUntilNextSend == nil, "nothing to wake up for")
        for character in "typed" { _ = state.update(.key(.character(character)), now: Self.t0) }
        #expect(state.update(.key(.enter), now: Self.t0).isEmpty)
        #expect(state.entries.last?.kind == .error)
        let back = state.update(.connected, now: Self.t0 + 5000)
        #expect(back == [.send("a"), .send("b")])
    }

    @Test("the welcome's limit is used: a stricter server gets fewer at once; absent means the default")
    func welcomeLimit() {
        var strict = Self.state(floodBurst: 4, floodRate: 1)
        let first = strict.update(.key(.paste((1...6).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        #expect(Self.sends(first) == ["l1", "l2"])
        #expect(strict.millisecondsUntilNextSend == 1112, "1000 / 0.9 ms, rounded up")
        var unstated = Self.state(floodBurst: nil, floodRate: nil)
        #expect(unstated.outbox.limit == FloodLimit.standard)
        let sent = unstated.update(.key(.paste((1...20).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        #expect(sent.count == 8)
    }

    @Test("on a narrow screen the question is clipped, not lost: its start shows over the address")
    func narrowStatusLine() {
        var state = Self.state()
        _ = state.update(.resized(Size(width: 30, height: 8)), now: Self.t0)
        _ = state.update(.key(.paste((1...20).map { "l\($0)" }.joined(separator: "\n") + "\n")), now: Self.t0)
        _ = state.update(.key(.control("c")), now: Self.t0)
        let status = Self.rendered(state)[6]
        #expect(status.hasPrefix("Ctrl-C again: quit, dropping"), "\(status)")
        #expect(status.count <= 30)
    }

    /// Types `line` and presses Enter.
    static func enter(_ line: String, into state: inout ChatState) -> [ChatEffect] {
        var effects: [ChatEffect] = []
        for character in line { effects += state.update(.key(.character(character)), now: Self.t0) }
        return effects + state.update(.key(.enter), now: Self.t0)
    }

    @Test("every quit command leaves; the seeds' bare quit, exit and who are chat like any other words")
    func quitCommandsAndBareWords() {
        for command in ["/quit", "/exit see you", "/bye", "/exit now"] {
            var state = Self.state()
            #expect(Self.enter(command, into: &state) == [.send(command), .quit], "\(command)")
        }
        for word in ["quit", "exit", "who"] {
            var state = Self.state()
            #expect(Self.enter(word, into: &state) == [.send(word)], "\(word)")
        }
    }
}
