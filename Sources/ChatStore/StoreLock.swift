#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's hold on its store file: an exclusive `flock` on the database file itself, taken before SQLite opens
/// it and kept for the store's whole life, so a second server on the same file is refused at once (SQLite's own
/// locks would only make it wait: sqlite-nio's busy handler retries forever).
///
/// The descriptor stays open until SQLite has closed the file: closing any descriptor of a file drops the
/// process's POSIX (fcntl) locks on it, which are SQLite's.
final class StoreLock {
    /// The open descriptor that holds the lock (-1 once released).
    private(set) var descriptor: Int32
    /// Whether the file could only be opened for reading (then SQLite will refuse writes too).
    let readOnly: Bool
    let path: String

    private init(descriptor: Int32, readOnly: Bool, path: String) {
        self.descriptor = descriptor
        self.readOnly = readOnly
        self.path = path
    }

    /// Opens (creating it if missing, mode 0600) and locks the file.
    /// - Throws: `.cannotOpen` when it can neither be opened nor created, `.inUse` when another process holds it.
    static func acquire(path: String) throws(StoreOpenError) -> StoreLock {
        var readOnly = false
        var descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0, [EACCES, EROFS, EPERM].contains(errno), access(path, F_OK) == 0 {
            // A file we may only read is opened anyway: what it holds can be read, appends will fail.
            readOnly = true
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard descriptor >= 0 else { throw .cannotOpen(path: path, why: Self.reason(errno)) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let holder = Self.holder(of: descriptor)
            close(descriptor)
            if failure == EWOULDBLOCK { throw .inUse(path: path, pid: holder) }
            throw .cannotOpen(path: path, why: "cannot lock it: " + Self.reason(failure))
        }
        return StoreLock(descriptor: descriptor, readOnly: readOnly, path: path)
    }

    /// The file's first bytes, at most 100 (SQLite's header); empty for an empty file.
    func header() throws(StoreOpenError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 100)
        let count = bytes.withUnsafeMutableBytes { pread(self.descriptor, $0.baseAddress, 100, 0) }
        guard count >= 0 else { throw .cannotOpen(path: self.path, why: Self.reason(errno)) }
        return Array(bytes.prefix(count))
    }

    /// Lets go of the lock; call only after SQLite has closed the file.
    func release() {
        guard self.descriptor >= 0 else { return }
        close(self.descriptor)
        self.descriptor = -1
    }

    deinit { self.release() }

    /// Who holds the lock on the file open at `descriptor`, if /proc/locks says.
    private static func holder(of descriptor: Int32) -> Int32? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let device = ProcLocks.split(device: UInt64(status.st_dev))
        guard let text = Self.contents(of: "/proc/locks") else { return nil }
        return ProcLocks.holder(in: text, major: device.major, minor: device.minor, inode: UInt64(status.st_ino))
    }

    /// A small text file's contents (read with plain POSIX calls: no Foundation in this target's I/O).
    private static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < 16 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `strerror` as a Swift string.
    static func reason(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
