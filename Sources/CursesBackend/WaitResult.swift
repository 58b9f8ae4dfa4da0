/// What ended `CursesTerminal.waitForInput(timeoutMilliseconds:)`.
///
/// After `.input`, `.woken` and `.timeout`, call `readKeys()` (a resize arrives as `KEY_RESIZE` from `wget_wch`
/// after a wake-up, not as stdin bytes) and drain whatever queue the waker signals. After `.hangup` and
/// `.terminationRequested` the loop must end: waiting again would return at once.
public enum WaitResult: Equatable, Sendable {
    /// Standard input has bytes to read.
    case input
    /// The wake pipe was written to (a `Waker`, or SIGWINCH); the pipe has been drained.
    case woken
    /// Nothing happened within the timeout.
    case timeout
    /// Standard input hung up or failed (POLLHUP/POLLERR/POLLNVAL), or the terminal was shut down.
    case hangup
    /// SIGTERM, SIGHUP or SIGINT arrived.
    case terminationRequested
}
