import ChatProtocol
import Testing

@testable import ChatUI

/// What the screen says around a lost connection: a stale sidebar while offline, and the order of the lines
/// when the link comes back.
@Suite("Reconnect screen")
struct ReconnectScreenTests {
    static let t0 = ScreenTests.t0

    @Test("while disconnected the sidebar says (offline) and dims the old names; the next welcome makes it live again")
    func staleRoster() throws {
        var state = ScreenTests.state()
        #expect(BigRoomScreenTests.sidebar(state).prefix(3) == ["Online 2", "*alice", "bob"])
        _ = state.apply(.disconnected(reason: "the server closed the connection"), now: Self.t0)
        _ = state.apply(.retrying(inSeconds: 1), now: Self.t0)
        let canvas = ScreenTests.render(state)
        #expect(BigRoomScreenTests.sidebar(state).prefix(3) == ["(offline)", "*alice", "bob"])
        let bobRow = try #require(canvas.lines.firstIndex { $0.hasSuffix("│  bob") })
        #expect(canvas.style(at: Point(x: 43, y: bobRow)).dim, "a stale name is dimmed")

        _ = state.apply(.connecting, now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        let welcome = ScreenTests.frame(.welcome, "server", "Welcome back", to: "alice", users: ["alice", "carol"])
        _ = state.apply(.frame(welcome), now: Self.t0)
        let live = ScreenTests.render(state)
        #expect(BigRoomScreenTests.sidebar(state).prefix(3) == ["Online 2", "*alice", "carol"])
        let carolRow = try #require(live.lines.firstIndex { $0.hasSuffix("│  carol") })
        #expect(!live.style(at: Point(x: 43, y: carolRow)).dim)
    }

    @Test("a welcome that beats the connected event still comes after the connected line")
    func connectedBeforeWelcome() {
        var state = ScreenTests.state()
        _ = state.apply(.disconnected(reason: "the server closed the connection"), now: Self.t0)
        _ = state.apply(.retrying(inSeconds: 1), now: Self.t0)
        _ = state.apply(.connecting, now: Self.t0)
        let welcome = ScreenTests.frame(.welcome, "server", "Welcome back, alice!", to: "alice", users: ["alice"])
        _ = state.apply(.frame(welcome), now: Self.t0)
        _ = state.apply(.frame(ScreenTests.frame(.chat, "bob", "replayed", id: 9)), now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        let texts = state.entries.suffix(3).map(\.text)
        #expect(texts == ["connected to 127.0.0.1:8080", "Welcome back, alice!", "replayed"])
    }

    @Test("on the very first connection too")
    func firstConnection() {
        var state = ChatState(serverAddress: "h:1", myName: "alice", size: Size(width: 60, height: 12))
        _ = state.apply(
            .frame(ScreenTests.frame(.welcome, "server", "Welcome, alice!", to: "alice", users: ["alice"])),
            now: Self.t0)
        _ = state.apply(.connected, now: Self.t0)
        #expect(state.entries.map(\.text) == ["connected to h:1", "Welcome, alice!"])
    }
}
