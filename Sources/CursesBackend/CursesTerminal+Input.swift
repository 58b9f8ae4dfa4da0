import CNCursesW
import CSwchatSupport
import ChatUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CursesTerminal {
    /// The most `wget_wch` results one `readKeys()` call consumes, so a flood cannot starve drawing.
    static let maximumReadsPerCall = 4096

    /// Blocks until standard input is readable, the wake pipe is written, a signal arrives or the timeout ends.
    ///
    /// Drains the wake pipe before returning, so one wake-up is reported once. Priority when several things
    /// happened: `.terminationRequested`, `.hangup`, `.input`, `.woken`.
    ///
    /// - Parameter timeoutMilliseconds: How long to wait; -1 waits indefinitely, 0 only checks.
    public func waitForInput(timeoutMilliseconds: Int32) -> WaitResult {
        guard window != nil, let wakePipe else { return .hangup }
        if swchat_termination_requested() { return .terminationRequested }
        let readable = Int16(POLLIN)
        var fds = [
            pollfd(fd: inputFD, events: readable, revents: 0),
            pollfd(fd: wakePipe.readFD, events: readable, revents: 0),
        ]
        let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        if ready < 0 {
            // EINTR: a signal ran on this thread; its byte is in the pipe and is reported next time round.
            let interrupted = errno == EINTR
            if swchat_termination_requested() { return .terminationRequested }
            return interrupted ? .woken : .hangup
        }
        let woken = (fds[1].revents & readable) != 0 && wakePipe.drain()
        if swchat_termination_requested() { return .terminationRequested }
        if (fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL)) != 0 { return .hangup }
        if (fds[0].revents & readable) != 0 { return .input }
        if woken { return .woken }
        return ready == 0 ? .timeout : .woken
    }

    /// Reads every key available now (never blocks) and maps them with `InputDecoder` (`KeyMapping`, and bracketed
    /// paste as one `.paste`). Call it after every wait, timeouts included: a paste whose end never came is handed
    /// over after a second without input.
    ///
    /// A terminal resize shows up here as `.resize`, after which `size` is already the new size.
    public func readKeys() -> [Key] {
        guard let window else { return [] }
        var inputs: [KeyMapping.RawInput] = []
        var character: wint_t = 0
        for _ in 0..<Self.maximumReadsPerCall {
            let status = wget_wch(window, &character)
            if status == ERR { break }
            if status == KEY_CODE_YES && Int32(bitPattern: character) == KEY_MOUSE {
                if let wheel = readWheel() { inputs.append(wheel) }
                continue
            }
            let code = Int32(bitPattern: character)
            if status == KEY_CODE_YES, code > KEY_MAX, let name = keyname(code) {
                inputs.append(.extendedKey(name: String(cString: name), code: code))
                continue
            }
            inputs.append(.code(character, isKeyCode: status == KEY_CODE_YES))
        }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return decoder.decode(inputs, now: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
    }

    /// Turns the pending mouse event into a wheel step; other mouse events are dropped.
    private func readWheel() -> KeyMapping.RawInput? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        if event.bstate & NC_BUTTON4_PRESSED != 0 { return .wheelUp }
        if event.bstate & NC_BUTTON5_PRESSED != 0 { return .wheelDown }
        return nil
    }
}
