import Foundation
import Testing

@testable import ChatUI

/// Typing speed by hand, not a pass/fail test: `SWCHAT_BENCH=1 swift test -c release --filter EditorBenchmark`.
///
/// Types n characters through the reducer, drawing the screen after every key as the terminal does when keys come
/// one at a time, and prints the time per key: with a linear editor it stays flat as n doubles.
@Suite("Editor benchmark", .serialized, .enabled(if: ProcessInfo.processInfo.environment["SWCHAT_BENCH"] != nil))
struct EditorBenchmark {
    @Test("time per key while typing a long line", arguments: [4_000, 8_000, 16_000, 32_000])
    func typing(count: Int) {
        var state = ChatState(serverAddress: "h:1", myName: "a", size: Size(width: 100, height: 30))
        _ = state.apply(.connected, now: 0)
        var canvas = TextCanvas(size: state.size)
        let keys: [Character] = Array("the quick brown fox 你好 jumps 👋🏽 over 🇯🇵 ")
        let clock = ContinuousClock()
        let typing = clock.measure {
            for index in 0..<count {
                _ = state.apply(.key(.character(keys[index % keys.count])), now: 0)
                Renderer.draw(state, on: &canvas)
            }
        }
        let editing = clock.measure {
            for _ in 0..<200 { _ = state.apply(.key(.left), now: 0) }
            for index in 0..<1_000 {
                _ = state.apply(.key(index % 2 == 0 ? .character("x") : .backspace), now: 0)
                Renderer.draw(state, on: &canvas)
            }
        }
        let perKey =
            Double(typing.components.attoseconds) / 1e12 / Double(count) + Double(typing.components.seconds) * 1e6
            / Double(count)
        let perEdit =
            Double(editing.components.attoseconds) / 1e12 / 1_000 + Double(editing.components.seconds) * 1e6 / 1_000
        print(
            "editor-bench n=\(count) typing \(typing) (\(String(format: "%.1f", perKey)) µs/key), mid-line edits \(String(format: "%.1f", perEdit)) µs/key"
        )
        #expect(state.editor.characters.count == count)
    }
}
