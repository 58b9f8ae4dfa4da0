#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes a `CursesTerminal` blocked in `waitForInput` from any thread by writing one byte to its pipe.
///
/// Holding a `Waker` keeps the pipe open, so a late `wake()` after the terminal shut down never writes into a
/// reused file descriptor and never raises SIGPIPE; the byte is simply never read.
public struct Waker: Sendable {
    let pipe: WakePipe?

    /// Writes one byte to the wake pipe; a full pipe (EAGAIN) already holds a pending wake-up and is ignored.
    public func wake() {
        pipe?.wake()
    }
}

/// A non-blocking, close-on-exec pipe; closed when the terminal and every `Waker` have let go of it.
final class WakePipe: Sendable {
    /// The end the UI thread polls and drains.
    let readFD: Int32
    /// The end wakers and the signal forwarders write to.
    let writeFD: Int32

    /// Creates the pipe.
    init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw .systemCallFailed("pipe", String(cString: strerror(errno)))
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Writes one byte, retrying on EINTR and ignoring EAGAIN.
    func wake() {
        var byte: UInt8 = 0
        while write(writeFD, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Reads until the pipe is empty; returns whether anything was read.
    func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var readAny = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if count > 0 {
                readAny = true
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return readAny
            }
        }
    }
}
