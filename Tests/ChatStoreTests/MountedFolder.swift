import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A folder on a small tmpfs of its own, or a read-only bind mount of a folder: where a store's writes really fail
/// (disk full, read-only file system) even for root, whom file modes do not stop. Needs root and a `mount` that
/// works (CI runs as root); tests that need it say so and skip without it.
final class MountedFolder {
    let path: String

    private init(path: String) {
        self.path = path
    }

    static var canMount: Bool { geteuid() == 0 && (try? Self.run(["/bin/mount", "--version"])) == 0 }

    /// A tmpfs of `kilobytes` at a new folder inside `parent`.
    static func tmpfs(in parent: String, kilobytes: Int) throws -> MountedFolder {
        let path = parent + "/tmpfs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.check(["/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", path])
        return MountedFolder(path: path)
    }

    /// `folder` seen again, read-only, at a new folder inside `parent`.
    static func readOnlyView(of folder: String, in parent: String) throws -> MountedFolder {
        let path = parent + "/read-only"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.check(["/bin/mount", "--bind", folder, path])
        let mounted = MountedFolder(path: path)
        try Self.check(["/bin/mount", "-o", "remount,bind,ro", path])
        return mounted
    }

    deinit { _ = try? Self.run(["/bin/umount", "-l", self.path]) }

    private static func check(_ arguments: [String]) throws {
        let status = try Self.run(arguments)
        guard status == 0 else { throw TimedOut(description: "\(arguments.joined(separator: " ")) exited \(status)") }
    }

    @discardableResult
    private static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
