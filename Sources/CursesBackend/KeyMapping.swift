import CNCursesW
import ChatUI

/// Pure translation of what `wget_wch` returned into backend-neutral `Key`s; needs no terminal.
///
/// `key(code:isKeyCode:)` maps one value; `keys(from:)` maps a whole read batch, which also joins consecutive
/// scalars into grapheme clusters and decodes escape sequences that ncurses passed through undecoded.
public enum KeyMapping {
    /// One value read from the terminal.
    public enum RawInput: Equatable, Hashable, Sendable {
        /// `wget_wch` returned `OK` (`isKeyCode == false`, `code` is a Unicode scalar or control byte) or
        /// `KEY_CODE_YES` (`isKeyCode == true`, `code` is a `KEY_*` constant).
        case code(UInt32, isKeyCode: Bool)
        /// A `KEY_MOUSE` already resolved by `getmouse` to a wheel step.
        case wheelUp
        /// A `KEY_MOUSE` already resolved by `getmouse` to a wheel step.
        case wheelDown
        /// A key code above `KEY_MAX`, which ncurses assigns at run time to terminfo's extended keys (`kLFT5` for
        /// Ctrl-Left, …): `name` is what `keyname` says of it.
        case extendedKey(name: String, code: Int32)
    }

    /// The escape byte.
    static let escape: UInt32 = 27

    /// Maps one value returned by `wget_wch` to a key.
    ///
    /// - Parameters:
    ///   - code: The `wint_t` that `wget_wch` stored.
    ///   - isKeyCode: True when `wget_wch` returned `KEY_CODE_YES`, so `code` is a `KEY_*` constant.
    /// - Returns: The key; `.unknown(code)` for anything unmapped, including `KEY_MOUSE` (the wheel direction
    ///   needs `getmouse`, which `CursesTerminal.readKeys()` does before calling `keys(from:)`).
    public static func key(code: UInt32, isKeyCode: Bool) -> Key {
        isKeyCode ? functionKey(Int32(bitPattern: code)) : characterKey(code)
    }

    /// Maps a batch of values read in one go, in order.
    ///
    /// Consecutive printable scalars are joined into grapheme clusters (an emoji with a skin-tone modifier or a
    /// letter with combining marks arrives as several `wget_wch` results but is one `.character`). An escape
    /// followed by a CSI/SS3 sequence that ncurses did not decode (`ESC [ 1 ~` for Home when terminfo says
    /// otherwise) becomes the key it stands for; an escape followed by another key in the same read is Alt with
    /// that key (terminals send Alt-B as `ESC b`); a lone escape becomes `.escape`. Repeated `.resize`s collapse.
    public static func keys(from inputs: [RawInput]) -> [Key] {
        var keys: [Key] = []
        var text = String.UnicodeScalarView()
        func flushText() {
            guard !text.isEmpty else { return }
            keys.append(contentsOf: String(text).map { Key.character($0) })
            text.removeAll()
        }
        var index = inputs.startIndex
        while index < inputs.endIndex {
            let input = inputs[index]
            index += 1
            switch input {
            case .wheelUp:
                flushText()
                keys.append(.mouseWheelUp)
            case .wheelDown:
                flushText()
                keys.append(.mouseWheelDown)
            case .extendedKey(let name, let code):
                flushText()
                keys.append(extendedKeys[name] ?? .unknown(code))
            case .code(let code, let isKeyCode):
                if !isKeyCode, let scalar = printableScalar(code) {
                    text.append(scalar)
                    continue
                }
                flushText()
                if !isKeyCode && code == escape {
                    if let (key, length) = escapeSequence(in: inputs[index...]) {
                        keys.append(key)
                        index += length
                    } else if let (key, length) = altEscapeSequence(in: inputs[index...]) {
                        keys.append(key)
                        index += length
                    } else if let key = altKey(in: inputs[index...]) {
                        keys.append(key)
                        index += 1
                    } else {
                        keys.append(.escape)
                    }
                    continue
                }
                let key = key(code: code, isKeyCode: isKeyCode)
                if key == .resize && keys.last == .resize { continue }
                keys.append(key)
            }
        }
        flushText()
        return keys
    }

    /// Maps a non-key-code value: a control byte or a Unicode scalar.
    static func characterKey(_ code: UInt32) -> Key {
        switch code {
        case 13, 10: return .enter
        case 9: return .tab
        case 127, 8: return .backspace
        case escape: return .escape
        case 1...26:
            // Ctrl-A is 1; the letter is lowercase.
            return .control(Character(Unicode.Scalar(UInt8(code) + UInt8(ascii: "a") - 1)))
        default:
            if let scalar = printableScalar(code) { return .character(Character(scalar)) }
            return .unknown(Int32(bitPattern: code))
        }
    }

    /// Maps a `KEY_*` code.
    static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        // Home: some terminfo entries call ESC [ 1 ~ "find"; keypad upper-left; "begin".
        case KEY_HOME, KEY_FIND, KEY_A1, KEY_BEG: return .home
        // End: some terminfo entries call ESC [ 4 ~ "select"; keypad lower-left; "lower-left (home down)".
        case KEY_END, KEY_SELECT, KEY_C1, KEY_LL: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_RESIZE: return .resize
        default: return .unknown(code)
        }
    }

    /// The scalar for `code` if it is text to insert: not C0/C1 control, not DEL, a valid scalar.
    static func printableScalar(_ code: UInt32) -> Unicode.Scalar? {
        guard code >= 0x20, code != 0x7F, !(0x80...0x9F).contains(code) else { return nil }
        return Unicode.Scalar(code)
    }

    /// The key after an ESC, as the Alt chord it makes: the next input if it is a key (not another ESC, a wheel
    /// step or a resize), or nil. A cluster of several scalars gives Alt with its first scalar only.
    static func altKey(in rest: ArraySlice<RawInput>) -> Key? {
        guard case .code(let code, let isKeyCode)? = rest.first else { return nil }
        let key = isKeyCode ? functionKey(Int32(bitPattern: code)) : characterKey(code)
        switch key {
        case .escape, .resize, .unknown: return nil
        default: return .alt(key)
        }
    }

    /// Alt with a key that is itself an escape sequence, as terminals without xterm's modifier codes send it (rxvt,
    /// PuTTY, screen's default: Alt-Left is `ESC ESC [ D`), at the start of `rest` (the input after the first ESC).
    /// - Returns: the Alt chord and how many inputs after the first ESC it used, or nil.
    static func altEscapeSequence(in rest: ArraySlice<RawInput>) -> (Key, Int)? {
        guard rest.first == .code(escape, isKeyCode: false),
            let (key, length) = escapeSequence(in: rest.dropFirst()), key != .unknown(Int32(escape))
        else { return nil }
        return (.alt(key), length + 1)
    }

    /// Extended keys by their terminfo names (xterm's modifier codes: 3 Alt, 5 Ctrl).
    static let extendedKeys: [String: Key] = [
        "kLFT5": .controlLeft, "kRIT5": .controlRight, "kLFT3": .alt(.left), "kRIT3": .alt(.right),
    ]

    /// Raw escape sequences (the bytes after ESC) that ncurses may pass through undecoded.
    static let sequences: [String: Key] = [
        "[A": .up, "[B": .down, "[C": .right, "[D": .left,
        "OA": .up, "OB": .down, "OC": .right, "OD": .left,
        "[H": .home, "OH": .home, "[1~": .home, "[7~": .home,
        "[F": .end, "OF": .end, "[4~": .end, "[8~": .end,
        "[3~": .delete, "[5~": .pageUp, "[6~": .pageDown,
        "OM": .enter,
        "[1;5D": .controlLeft, "[1;5C": .controlRight, "[1;3D": .alt(.left), "[1;3C": .alt(.right),
    ]

    /// Decodes a CSI (`ESC [`) or SS3 (`ESC O`) sequence at the start of `rest` (the input after ESC).
    ///
    /// - Returns: The key and how many inputs after the ESC it used, or nil if `rest` does not start with a
    ///   complete sequence (then the ESC is a lone `.escape`). A complete but unknown sequence is swallowed as
    ///   `.unknown(27)` so its bytes never reach the input line as text.
    static func escapeSequence(in rest: ArraySlice<RawInput>) -> (Key, Int)? {
        guard case .code(let introducer, false)? = rest.first,
            introducer == UInt32(UInt8(ascii: "[")) || introducer == UInt32(UInt8(ascii: "O"))
        else { return nil }
        var body = String(Character(Unicode.Scalar(UInt8(introducer))))
        let maximumLength = 12
        for (offset, input) in rest.dropFirst().prefix(maximumLength).enumerated() {
            guard case .code(let code, false) = input, (0x20...0x7E).contains(code),
                let scalar = Unicode.Scalar(code)
            else { return nil }
            body.unicodeScalars.append(scalar)
            if introducer == UInt32(UInt8(ascii: "O")) {
                // SS3 takes exactly one final byte, an uppercase letter; otherwise it was Esc then typed text.
                guard (0x41...0x5A).contains(code) else { return nil }
                return (sequences[body] ?? .unknown(Int32(escape)), offset + 2)
            }
            // CSI ends at the first byte in 0x40...0x7E.
            if (0x40...0x7E).contains(code) {
                return (sequences[body] ?? .unknown(Int32(escape)), offset + 2)
            }
        }
        return nil
    }
}
