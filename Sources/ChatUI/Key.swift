/// A key press or terminal event, independent of the terminal backend that decoded it.
public enum Key: Equatable, Hashable, Sendable {
    /// A printable grapheme cluster typed or pasted by the user.
    case character(Character)
    /// Return / Enter.
    case enter
    /// Backspace (delete the character before the cursor).
    case backspace
    /// Delete (delete the character under the cursor).
    case delete
    /// Left arrow.
    case left
    /// Right arrow.
    case right
    /// Up arrow.
    case up
    /// Down arrow.
    case down
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Tab.
    case tab
    /// A control chord, named by its lowercase letter: `.control("a")` is Ctrl-A.
    case control(Character)
    /// Alt (Meta) held with a key; terminals send it as Esc then the key: `.alt(.character("b"))` is Alt-B,
    /// `.alt(.backspace)` Alt-Backspace, `.alt(.left)` Alt-Left.
    indirect case alt(Key)
    /// Ctrl-Left (xterm's `ESC [1;5D`).
    case controlLeft
    /// Ctrl-Right (xterm's `ESC [1;5C`).
    case controlRight
    /// A lone Escape.
    case escape
    /// Text pasted in one go (a bracketed paste), with its line breaks as "\n"; never taken for keystrokes.
    case paste(String)
    /// The terminal was resized.
    case resize
    /// Mouse wheel scrolled up.
    case mouseWheelUp
    /// Mouse wheel scrolled down.
    case mouseWheelDown
    /// A key code the backend could not map, carried for logging.
    case unknown(Int32)
}
