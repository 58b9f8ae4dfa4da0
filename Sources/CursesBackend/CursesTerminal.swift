import CNCursesW
import CSwchatSupport
import ChatUI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Set while a `CursesTerminal` owns the screen; ncurses and signal handlers are process-wide.
private let terminalActive = Atomic<Bool>(false)

/// The process's one curses screen: set-up, input, wake-ups and tear-down.
///
/// Create it, use it and drop it on one thread (curses is not thread-safe); other threads reach it only through
/// a `Waker`. Typical loop: draw on a `CursesCanvas`, `present()`, `waitForInput`, then `readKeys()`.
public final class CursesTerminal {
    /// The `SCREEN*` from `newterm`; nil once shut down.
    private var screen: OpaquePointer?
    /// The screen's standard window; nil once shut down.
    private(set) var window: UnsafeMutablePointer<WINDOW>?
    /// The streams given to `newterm` (duplicates of fd 0 and 1).
    private var inputStream: UnsafeMutablePointer<FILE>?
    private var outputStream: UnsafeMutablePointer<FILE>?
    /// The descriptor curses reads keys from.
    let inputFD: Int32
    /// The self-pipe; released on shutdown (closed once no `Waker` holds it).
    private(set) var wakePipe: WakePipe?
    /// The last `curs_set` value applied, to avoid emitting it every frame.
    private var cursorVisible: Bool?
    /// Style → attributes mapping for this screen.
    let palette: StylePalette
    /// Keys and bracketed pastes from what `wget_wch` returns, across reads.
    var decoder = InputDecoder()

    /// Turn bracketed paste on and off (xterm's mode 2004; terminals without it ignore both).
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"

    /// The locale in effect (`LC_CTYPE`), e.g. "C.UTF-8".
    public let localeName: String
    /// The terminal type from `TERM`.
    public let terminalName: String
    /// Whether colour pairs are in use.
    public var hasColors: Bool { palette.hasColors }
    /// Whether mouse-wheel reporting was enabled.
    public let mouseEnabled: Bool
    /// Whether the terminal takes a title (`TerminalTitle.isSupported`).
    public let titleSupported: Bool
    /// The title last written; nil until one is (then the terminal's own is put back at shutdown).
    private var title: String?

    /// Takes over the terminal: UTF-8 locale, `newterm`, raw/noecho/keypad/nodelay, colours, wheel reporting,
    /// the wake pipe and the signal forwarders.
    ///
    /// - Parameter options: colours and the mouse (`TerminalOptions.colorsAllowed` reads NO_COLOR).
    /// - Throws: `TerminalError` with a one-line description; terminal modes are left untouched (the process
    ///   locale may already have been set).
    public init(options: TerminalOptions = TerminalOptions()) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1 else { throw .notATerminal("standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw .notATerminal("standard output") }
        localeName = try Self.selectUTF8Locale()
        terminalName = getenv("TERM").map { String(cString: $0) } ?? ""
        let claimed = terminalActive.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard claimed.exchanged else { throw .alreadyActive }
        var cleanup = SetupCleanup()
        defer { cleanup.run() }
        // Curses on a terminal that cannot address the cursor draws every row after the last: refuse it before
        // anything is written.
        if Self.canMoveCursor() == false { throw .cannotMoveCursor(terminalName) }

        let pipe = try WakePipe()
        guard let input = nc_open_stream(STDIN_FILENO, "r"), let output = nc_open_stream(STDOUT_FILENO, "w")
        else { throw .systemCallFailed("fdopen", String(cString: strerror(errno))) }
        cleanup.streams = [input, output]
        // The size must come from the terminal (ioctl), at start and on every resize: ncurses reads exported
        // COLUMNS/LINES (a shell or a parent program may have set them) at both times, which pinned the layout to
        // stale numbers. Measured in tmux: use_env(false) falls back to terminfo's fixed cols#/lines# (80x24), and
        // with use_tioctl(true) too the start was right but resizes were no longer seen; without the variables
        // ncurses asks the terminal both times. Nothing else in the process reads them once it has started.
        unsetenv("COLUMNS")
        unsetenv("LINES")
        guard !terminalName.isEmpty, let screen = newterm(nil, output, input) else {
            throw .unknownTerminal(terminalName)
        }
        guard let window = nc_stdscr() else {
            endwin()
            delscreen(screen)
            throw .systemCallFailed("newterm", "no standard window")
        }

        raw()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        palette = options.colors ? StylePalette.start() : StylePalette(hasColors: false)
        // Wheel steps only: no motion reports (REPORT_MOUSE_POSITION, mode 1003). Any reporting still makes a plain
        // drag go to us instead of selecting text, hence --no-mouse.
        mouseEnabled = options.mouse && mousemask(NC_BUTTON4_PRESSED | NC_BUTTON5_PRESSED, nil) != 0
        if mouseEnabled { mouseinterval(0) }
        titleSupported = TerminalTitle.isSupported(term: terminalName, hasTitleLine: nc_terminal_has_title_line() == 1)

        // After newterm: it installs ncurses' SIGWINCH handler, which the forwarder chains to.
        guard swchat_install_signal_forwarders(pipe.writeFD) == 0 else {
            let reason = String(cString: strerror(errno))
            endwin()
            delscreen(screen)
            throw .systemCallFailed("sigaction", reason)
        }
        cleanup.disarm()
        self.screen = screen
        self.window = window
        self.inputStream = input
        self.outputStream = output
        self.inputFD = fileno(input)
        self.wakePipe = pipe
        setCursorVisible(true)
        // A paste then arrives marked as one, so its lines are not taken for typing (and Enter) and can be paced.
        fputs(Self.bracketedPasteOn, output)
        fflush(output)
    }

    deinit {
        shutdown()
    }

    /// Whether the terminal in `TERM` can move the cursor: true, false (e.g. `TERM=dumb`), or nil when terminfo
    /// does not know it (then `init` reports `.unknownTerminal`). Writes nothing and changes no terminal mode.
    public static func canMoveCursor() -> Bool? {
        guard let name = getenv("TERM"), name.pointee != 0 else { return nil }
        switch nc_terminal_can_move_cursor(STDOUT_FILENO) {
        case 1: return true
        case 0: return false
        default: return nil
        }
    }

    /// Gives the terminal back: restores the signal handlers, `endwin`, frees the screen and releases the pipe.
    /// Safe to call more than once; afterwards every other method does nothing.
    public func shutdown() {
        guard let screen else { return }
        swchat_restore_signal_handlers()
        endwin()
        if let outputStream {
            fputs(Self.bracketedPasteOff, outputStream)
            if title != nil { fputs(TerminalTitle.restore, outputStream) }
            fflush(outputStream)
        }
        title = nil
        delscreen(screen)
        self.screen = nil
        window = nil
        if let inputStream { fclose(inputStream) }
        if let outputStream { fclose(outputStream) }
        inputStream = nil
        outputStream = nil
        wakePipe = nil
        terminalActive.store(false, ordering: .releasing)
    }

    /// Columns and rows of the screen (updated by `readKeys()` when it returns `.resize`); zero after shutdown.
    public var size: Size {
        guard let window else { return .zero }
        return Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// The termination signal that arrived (SIGTERM, SIGHUP or SIGINT), or nil; after `.terminationRequested`
    /// the program shuts the terminal down and exits with 128 + it, as a shell reports a process killed by it.
    public var terminationSignal: Int32? {
        let signal = swchat_termination_signal()
        return signal == 0 ? nil : signal
    }

    /// A Sendable handle other threads use to wake the loop.
    public var waker: Waker {
        Waker(pipe: wakePipe)
    }

    /// Sets the terminal's title, if it takes one, writing only on a change; the first time, the terminal's own
    /// title is saved, to be put back at shutdown. Call after `present()`: the sequence goes out after the frame.
    public func setTitle(_ newTitle: String) {
        guard titleSupported, screen != nil, let outputStream, newTitle != title else { return }
        if title == nil { fputs(TerminalTitle.save, outputStream) }
        title = newTitle
        fputs(TerminalTitle.sequence(for: newTitle), outputStream)
        fflush(outputStream)
    }

    /// Rings the terminal bell (curses' `beep`: the audible bell, or a flash where there is none).
    public func ringBell() {
        guard screen != nil else { return }
        beep()
    }

    /// Shows or hides the terminal cursor, emitting `curs_set` only on a change.
    func setCursorVisible(_ visible: Bool) {
        guard screen != nil, cursorVisible != visible else { return }
        cursorVisible = visible
        curs_set(visible ? 1 : 0)
    }

    /// Sets `LC_ALL` from the environment, falling back to C.UTF-8; returns the `LC_CTYPE` name.
    private static func selectUTF8Locale() throws(TerminalError) -> String {
        setlocale(LC_ALL, "")
        if !isUTF8Codeset() {
            setlocale(LC_ALL, "C.UTF-8")
        }
        guard isUTF8Codeset() else {
            throw .noUTF8Locale(String(cString: nl_langinfo(nl_item(CODESET))))
        }
        return setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "?"
    }

    /// Whether the current locale's codeset is UTF-8.
    private static func isUTF8Codeset() -> Bool {
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        return codeset == "UTF-8" || codeset == "UTF8"
    }
}

@available(*, unavailable)
extension CursesTerminal: Sendable {}

/// Undoes a partial `CursesTerminal.init` on a throw: closes the streams and clears the active flag.
private struct SetupCleanup {
    var streams: [UnsafeMutablePointer<FILE>] = []
    private var armed = true

    mutating func disarm() { armed = false }

    func run() {
        guard armed else { return }
        for stream in streams { fclose(stream) }
        terminalActive.store(false, ordering: .releasing)
    }
}
