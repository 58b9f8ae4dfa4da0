import ChatProtocol
import Testing

@testable import ChatUI

/// Which chat frames the log shows when ids repeat: after a reconnect to the same server (its history replayed
/// again) and after a server restart (its ids start at 1 again).
@Suite("Message dedup")
struct MessageDedupTests {
    static let t0: Int64 = 1_700_000_000_000

    static func chat(_ id: UInt64, _ source: String, _ text: String, replay: Bool? = nil, at: Int64 = t0) -> ChatEvent {
        .frame(
            Message(
                type: .chat, dataSource: source, data: text, id: id, ts: Timestamp.format(millisecondsSince1970: at),
                replay: replay))
    }

    static func texts(_ state: ChatState) -> [String] {
        state.entries.filter { $0.kind == .chat }.map { "\($0.sender ?? "?"): \($0.text)" }
    }

    static func connected() -> ChatState {
        var state = ChatState(serverAddress: "127.0.0.1:1", myName: "alice", size: Size(width: 80, height: 20))
        _ = state.apply(.connected, now: t0)
        return state
    }

    @Test("a live message is shown even if its id was seen before (a restarted server starts ids at 1 again)")
    func liveAfterRestart() {
        var state = Self.connected()
        for id in 1...5 { _ = state.apply(Self.chat(UInt64(id), "bob", "before \(id)"), now: Self.t0) }
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        for id in 1...5 { _ = state.apply(Self.chat(UInt64(id), "bob", "after \(id)"), now: Self.t0) }
        #expect(Self.texts(state) == (1...5).map { "bob: before \($0)" } + (1...5).map { "bob: after \($0)" })
    }

    @Test("the same live frame twice is shown twice: a live frame is never dropped for its id")
    func liveRepeat() {
        var state = Self.connected()
        _ = state.apply(Self.chat(7, "bob", "hi"), now: Self.t0)
        _ = state.apply(Self.chat(7, "bob", "hi"), now: Self.t0)
        #expect(Self.texts(state) == ["bob: hi", "bob: hi"])
    }

    @Test("a replay of what is already shown (same id, sender, text) is skipped after a reconnect")
    func replayOfShown() {
        var state = Self.connected()
        _ = state.apply(Self.chat(1, "bob", "one"), now: Self.t0)
        _ = state.apply(Self.chat(2, "carol", "two"), now: Self.t0)
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        _ = state.apply(Self.chat(1, "bob", "one", replay: true), now: Self.t0)
        _ = state.apply(Self.chat(2, "carol", "two", replay: true), now: Self.t0)
        _ = state.apply(Self.chat(3, "bob", "three"), now: Self.t0)
        #expect(Self.texts(state) == ["bob: one", "carol: two", "bob: three"])
    }

    @Test("a replayed frame with a known id but another sender or text is shown (a restarted server's history)")
    func replayOfOtherServer() {
        var state = Self.connected()
        _ = state.apply(Self.chat(1, "bob", "one"), now: Self.t0)
        _ = state.apply(Self.chat(2, "bob", "two"), now: Self.t0)
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        _ = state.apply(Self.chat(1, "dave", "one", replay: true), now: Self.t0)
        _ = state.apply(Self.chat(2, "bob", "zwei", replay: true), now: Self.t0)
        #expect(Self.texts(state) == ["bob: one", "bob: two", "dave: one", "bob: zwei"])
    }

    @Test("a live frame that reuses an id replaces what that id stands for, so its own replay is skipped later")
    func liveReplacesRecord() {
        var state = Self.connected()
        _ = state.apply(Self.chat(1, "bob", "old server"), now: Self.t0)
        _ = state.apply(Self.chat(1, "bob", "new server"), now: Self.t0)
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        _ = state.apply(Self.chat(1, "bob", "new server", replay: true), now: Self.t0)
        #expect(Self.texts(state) == ["bob: old server", "bob: new server"])
    }

    @Test("a restarted server's replay of the same words by the same person under a seen id is shown: its time differs")
    func sameWordsAfterRestart() {
        var state = Self.connected()
        _ = state.apply(Self.chat(1, "bob", "hi"), now: Self.t0)
        _ = state.apply(Self.chat(2, "bob", "two"), now: Self.t0)
        _ = state.apply(.disconnected(reason: "closed"), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0 + 5000)
        // Bob said them again, to the restarted server, before we reconnected: replayed, with their new times.
        _ = state.apply(Self.chat(1, "bob", "hi", replay: true, at: Self.t0 + 4000), now: Self.t0 + 5000)
        _ = state.apply(Self.chat(2, "bob", "two", replay: true, at: Self.t0 + 4100), now: Self.t0 + 5000)
        #expect(Self.texts(state) == ["bob: hi", "bob: two", "bob: hi", "bob: two"])
    }
}

@Suite("Oversized frames")
struct OversizedFrameTests {
    @Test("a huge text from a server is cut for the log, with how much was left out")
    func cut() {
        var state = ChatState(serverAddress: "127.0.0.1:1", myName: "alice", size: Size(width: 80, height: 20))
        _ = state.apply(.connected, now: 0)
        let huge = String(repeating: "x", count: 2_000_000)
        _ = state.apply(.frame(Message(type: .chat, dataSource: "mallory", data: huge, id: 1)), now: 0)
        let text = state.entries.last?.text ?? ""
        #expect(text.hasPrefix(String(repeating: "x", count: 20_000) + " … (1980000 more bytes not shown)"))
        #expect(ChatState.shortened("short") == "short")
    }
}
