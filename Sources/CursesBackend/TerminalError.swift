/// Why the terminal could not be set up; `description` is one line meant for the user.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or output (named) is not a terminal, e.g. redirected from a file or a pipe.
    case notATerminal(String)
    /// `newterm` does not know the terminal type in `TERM` (empty when `TERM` is unset).
    case unknownTerminal(String)
    /// The terminal type in `TERM` cannot move the cursor (no `cup` in terminfo, e.g. `dumb`).
    case cannotMoveCursor(String)
    /// Neither the environment's locale nor `C.UTF-8` gives a UTF-8 codeset (the codeset found).
    case noUTF8Locale(String)
    /// Another `CursesTerminal` is still active in this process.
    case alreadyActive
    /// A system call failed while setting up (the call, then `strerror`).
    case systemCallFailed(String, String)

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "\(stream) is not a terminal; run this in an interactive terminal"
        case .unknownTerminal(let name) where name.isEmpty:
            return "TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
        case .unknownTerminal(let name):
            return "unknown terminal type '\(name)' (from TERM); try TERM=xterm-256color"
        case .cannotMoveCursor(let name):
            return "terminal '\(name)' cannot move the cursor (no cup in terminfo), so it cannot show the chat screen"
        case .noUTF8Locale(let codeset):
            return "no UTF-8 locale (codeset \(codeset)); set LANG to a UTF-8 locale such as C.UTF-8"
        case .alreadyActive:
            return "the terminal is already in use by another CursesTerminal"
        case .systemCallFailed(let call, let reason):
            return "\(call) failed: \(reason)"
        }
    }
}
