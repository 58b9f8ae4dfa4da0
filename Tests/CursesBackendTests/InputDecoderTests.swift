import CNCursesW
import ChatUI
import Testing

@testable import CursesBackend

/// Bracketed paste: `ESC [200~ … ESC [201~` becomes one `.paste` with the text and its line breaks, whatever reads
/// it arrives in.
@Suite("InputDecoder")
struct InputDecoderTests {
    static func text(_ text: String) -> [KeyMapping.RawInput] { KeyMappingTests.text(text) }
    static let start = [KeyMappingTests.char(27)] + text("[200~")
    static let end = [KeyMappingTests.char(27)] + text("[201~")

    @Test("a paste is one event with its newlines (CR, LF and CR LF all become \\n), between ordinary keys")
    func onePaste() {
        var decoder = InputDecoder()
        let inputs =
            Self.text("a") + Self.start + Self.text("line 1\rline 2\nline 3\r\n\ttab") + Self.end + Self.text("b")
        #expect(
            decoder.decode(inputs, now: 0) == [
                .character("a"), .paste("line 1\nline 2\nline 3\n\ttab"), .character("b"),
            ])
        #expect(!decoder.isInsidePaste)
    }

    @Test("keys and escape sequences inside a paste are text, never commands")
    func pasteIsText() {
        var decoder = InputDecoder()
        let inputs =
            Self.start + [KeyMappingTests.char(3), KeyMappingTests.char(27)] + Self.text("[Ab")
            + [KeyMappingTests.keyCode(KEY_LEFT)] + Self.text("c") + Self.end
        #expect(decoder.decode(inputs, now: 0) == [.paste("[Abc")], "Ctrl-C, ESC and a key code are dropped")
    }

    @Test("a paste split over reads anywhere, even inside a marker, comes out once, whole")
    func splitAnywhere() {
        let whole = Self.text("x") + Self.start + Self.text("one\rtwo\r") + Self.end + Self.text("y")
        // Never right after the opening ESC: ncurses waits ESCDELAY for what follows an ESC, so the bytes the
        // terminal sent with it are in the same read, and a read that ends in ESC is a lone Esc.
        let cuts = (1..<whole.count).filter { $0 != 2 }
        for cut in cuts {
            for second in cuts where second > cut {
                var decoder = InputDecoder()
                let keys =
                    decoder.decode(Array(whole[..<cut]), now: 0) + decoder.decode(Array(whole[cut..<second]), now: 1)
                    + decoder.decode(Array(whole[second...]), now: 2)
                #expect(keys == [.character("x"), .paste("one\ntwo\n"), .character("y")], "cuts at \(cut), \(second)")
            }
        }
    }

    @Test("a CR at the end of one read and an LF at the start of the next are one line break")
    func crlfAcrossReads() {
        var decoder = InputDecoder()
        var keys = decoder.decode(Self.start + Self.text("a\r"), now: 0)
        keys += decoder.decode(Self.text("\nb") + Self.end, now: 1)
        #expect(keys == [.paste("a\nb")])
    }

    @Test("a paste whose end marker never comes is handed over after a second of silence")
    func lostEndMarker() {
        var decoder = InputDecoder()
        #expect(decoder.decode(Self.start + Self.text("half"), now: 1000).isEmpty)
        #expect(decoder.isInsidePaste)
        #expect(decoder.decode([], now: 1500).isEmpty)
        #expect(decoder.decode(Self.text(" more"), now: 1900).isEmpty, "input keeps the paste open")
        #expect(decoder.decode([], now: 2899).isEmpty)
        #expect(decoder.decode([], now: 2900) == [.paste("half more")])
        #expect(decoder.decode(Self.text("k"), now: 3000) == [.character("k")])
    }

    @Test("a resize during a paste still arrives; an empty paste is nothing")
    func resizeAndEmpty() {
        var decoder = InputDecoder()
        let inputs =
            Self.start + Self.text("a") + [KeyMappingTests.keyCode(KEY_RESIZE)] + Self.text("b") + Self.end + Self.start
            + Self.end
        #expect(decoder.decode(inputs, now: 0) == [.resize, .paste("ab")])
    }

    @Test("without markers, input is mapped as before (Alt, sequences, text)")
    func ordinaryInput() {
        var decoder = InputDecoder()
        let inputs = [KeyMappingTests.char(27)] + Self.text("b") + [KeyMappingTests.char(27)] + Self.text("[1;5Dhi")
        #expect(
            decoder.decode(inputs, now: 0) == [.alt(.character("b")), .controlLeft, .character("h"), .character("i")])
    }
}
