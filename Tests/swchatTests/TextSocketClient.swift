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

    /// Connects to 127.0.0.1:`port` from `source` (another loopback address, 127.0.0.2, looks like another machine
    /// to the server's bans and limits).
    init(port: Int, from source: String = "127.0.0.1") throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        if source != "127.0.0.1" {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                close(fd)
                throw Failure(description: "bind to \(source): \(String(cString: strerror(errno)))")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
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

    /// Whether the server closed the connection (seen by `poll`).
    private(set) var isClosed = false

    /// Sends `line` and a newline (a JSON frame if it starts with `{`: the server decides by the first byte).
    func send(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
    }

    /// A port nothing listens on now (bound to 0 and let go), for a server started as a separate process.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connects to 127.0.0.1:`port`, trying again until `timeout` (a server process still starting).
    static func connecting(
        port: Int, from source: String = "127.0.0.1", timeout: Duration = .seconds(10)
    ) async throws -> TextSocketClient {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try TextSocketClient(port: port, from: source)
            } catch {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Reads what has arrived, without blocking, into `lines`.
    func poll() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { self.isClosed = true }
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
