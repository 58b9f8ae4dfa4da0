import ChatUI
import Testing

@Suite struct KeyTests {
    @Test func equality() {
        #expect(Key.character("a") == .character("a"))
        #expect(Key.character("a") != .character("b"))
        #expect(Key.character("你") == .character("你"))
        #expect(Key.control("a") != .control("b"))
        #expect(Key.control("a") != .character("a"))
        #expect(Key.unknown(5) == .unknown(5))
        #expect(Key.unknown(5) != .unknown(6))
        #expect(Key.up != .down)
    }

    @Test func hashableAndSendable() async {
        let keys: Set<Key> = [
            .enter, .enter, .tab, .escape, .resize, .mouseWheelUp, .mouseWheelDown,
            .backspace, .delete, .left, .right, .up, .down, .home, .end, .pageUp, .pageDown,
        ]
        #expect(keys.count == 16)
        let sent: Key = await Task { Key.control("u") }.value
        #expect(sent == .control("u"))
    }
}
