import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An `nc`-style text client on a plain socket: the server takes a silent client for a text one and sends it
/// readable lines. Used to watch the room from outside the terminal under test.
final class TextSocketClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Every complete line received so far, without "\r\n".
    private(set) var lines: [String] = []

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port): \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
    }

    deinit {
        close(self.fd)
    }

    /// Reads what has arrived, without blocking, into `lines`.
    func poll() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            self.buffer += chunk[..<count]
        }
        while let newline = self.buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = self.buffer[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            self.lines.append(String(decoding: line, as: UTF8.self))
            self.buffer.removeSubrange(...newline)
        }
    }

    /// Polls until `predicate` holds for the lines received; fails with them after `timeout`.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(10), _ predicate: ([String]) -> Bool
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while true {
            self.poll()
            if predicate(self.lines) { return self.lines }
            if ContinuousClock.now >= deadline {
                throw Failure(
                    description: "no \(what) within \(timeout); received:\n" + self.lines.joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(40))
        }
    }
}
