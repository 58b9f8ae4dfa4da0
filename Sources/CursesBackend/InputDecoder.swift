import CNCursesW
import ChatUI

/// Turns what the terminal sends into keys, read after read: `KeyMapping` for keys, plus bracketed paste.
///
/// With bracketed paste on (`ESC [?2004h`), a terminal wraps pasted text in `ESC [200~` and `ESC [201~`. Everything
/// between them is text, not keys: one `.paste` carries it with its line breaks (CR, LF and CR LF each become
/// "\n"), so a pasted line is never taken for Enter, Ctrl-C or an escape sequence. A paste may span any number of
/// reads; a start marker cut short at the end of a read waits for the next one. If the end marker never comes (a
/// terminal that lost it), the text is handed over after `idleMilliseconds` without input. Pure: the clock comes in.
public struct InputDecoder {
    /// How long a paste may go without input before it is taken as ended.
    static let idleMilliseconds: Int64 = 1000
    /// The bytes after ESC that open and close a paste.
    static let startMarker = Array("[200~".unicodeScalars.map(\.value))
    static let endMarker = Array("[201~".unicodeScalars.map(\.value))

    /// The text of the paste being read; nil outside a paste.
    private var paste: String.UnicodeScalarView?
    /// How many scalars of `ESC` + `endMarker` the input just matched, inside a paste.
    private var endMatched = 0
    /// Whether the last character added to the paste was a CR (so a following LF adds nothing).
    private var afterCarriageReturn = false
    /// The start of a start marker that ended a read, kept for the next one.
    private var heldStart: [KeyMapping.RawInput] = []
    /// When input last arrived.
    private var lastInput: Int64 = 0

    public init() {}

    /// Whether a paste has started and not ended.
    public var isInsidePaste: Bool { paste != nil }

    /// Maps one read's inputs (possibly none) at `now` milliseconds (any monotonic clock).
    public mutating func decode(_ inputs: [KeyMapping.RawInput], now: Int64) -> [Key] {
        var keys: [Key] = []
        if inputs.isEmpty {
            if now - lastInput >= Self.idleMilliseconds {
                if let text = paste { keys += Self.pasteKey(String(text)) }
                paste = nil
                keys += KeyMapping.keys(from: heldStart)
                heldStart = []
            }
            return keys
        }
        lastInput = now
        let all = heldStart + inputs
        heldStart = []
        var plain: [KeyMapping.RawInput] = []  // keys outside a paste, mapped together
        var index = all.startIndex
        while index < all.endIndex {
            let input = all[index]
            if paste != nil {
                if let resize = addToPaste(input) { keys.append(resize) }
                if endMatched == Self.endMarker.count + 1, let text = paste {
                    keys += Self.pasteKey(String(text))
                    paste = nil
                    endMatched = 0
                }
                index += 1
                continue
            }
            if input == .code(27, isKeyCode: false) {
                let after = all[(index + 1)...]
                let matched = zip(after, Self.startMarker).prefix { $0 == .code($1, isKeyCode: false) }.count
                if matched == Self.startMarker.count {
                    keys += KeyMapping.keys(from: plain)
                    plain = []
                    paste = String.UnicodeScalarView()
                    afterCarriageReturn = false
                    index += 1 + matched
                    continue
                }
                if matched > 0 && matched == after.count {
                    heldStart = Array(all[index...])
                    break
                }
            }
            plain.append(input)
            index += 1
        }
        keys += KeyMapping.keys(from: plain)
        return keys
    }

    /// Adds one input to the paste, matching the end marker on the way. - Returns: a resize, which still counts.
    private mutating func addToPaste(_ input: KeyMapping.RawInput) -> Key? {
        guard case .code(let code, let isKeyCode) = input else { return nil }
        if isKeyCode {
            return Int32(bitPattern: code) == KEY_RESIZE ? .resize : nil
        }
        let expected = endMatched == 0 ? 27 : Self.endMarker[endMatched - 1]
        if code == expected {
            endMatched += 1
            return nil
        }
        if endMatched > 0 {
            // Not the end after all: what matched was text (its ESC is dropped like any control).
            for scalar in Self.endMarker.prefix(endMatched - 1) { append(scalar) }
            endMatched = 0
            if code == 27 {
                endMatched = 1
                return nil
            }
        }
        append(code)
        return nil
    }

    /// Appends a scalar of pasted text: line breaks as "\n", tabs kept, other controls dropped.
    private mutating func append(_ code: UInt32) {
        defer { afterCarriageReturn = code == 13 }
        switch code {
        case 13: paste?.append("\n")
        case 10: if !afterCarriageReturn { paste?.append("\n") }
        case 9: paste?.append("\t")
        default:
            if let scalar = KeyMapping.printableScalar(code) { paste?.append(scalar) }
        }
    }

    private static func pasteKey(_ text: String) -> [Key] {
        text.isEmpty ? [] : [.paste(text)]
    }
}
