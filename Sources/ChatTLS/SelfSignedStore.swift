import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `serve --tls-self-signed` keeps its certificate and key: `tls-cert.pem` and `tls-key.pem` in the data
/// directory (made 0700), the key 0600. Made on the first start, reused after, so clients that pinned it still
/// trust it.
public enum SelfSignedStore {
    public static let certificateFile = "tls-cert.pem"
    public static let keyFile = "tls-key.pem"

    /// The identity kept in `directory`, made first if there is none.
    /// - Returns: the identity and whether it was just made.
    /// - Throws: `TLSSetupError` when the files cannot be made or read, or only one of the two is there.
    public static func loadOrCreate(
        directory: String, hostnames: [String]
    ) throws(TLSSetupError) -> (identity: TLSIdentity, created: Bool) {
        let certificatePath = directory + "/" + Self.certificateFile
        let keyPath = directory + "/" + Self.keyFile
        let manager = FileManager.default
        switch (manager.fileExists(atPath: certificatePath), manager.fileExists(atPath: keyPath)) {
        case (true, true):
            return (try TLSIdentity.load(certificatePath: certificatePath, keyPath: keyPath), false)
        case (true, false), (false, true):
            throw TLSSetupError(
                "\(directory) holds only one of \(Self.certificateFile) and \(Self.keyFile): restore the other, "
                    + "or remove it to have a new certificate made (clients that trusted the old one will refuse it)")
        case (false, false):
            break
        }
        try Self.makeDirectory(directory)
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(hostnames: hostnames)
        // The key first, created 0600 so that it is never readable by others, even for a moment.
        try Self.write(keyPEM, to: keyPath, mode: 0o600)
        try Self.write(certificatePEM, to: certificatePath, mode: 0o644)
        return (try TLSIdentity(certificatePEM: certificatePEM, keyPEM: keyPEM), true)
    }

    /// This machine's host name, for the certificate's names (nil when it has none).
    public static func machineHostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// Makes `directory` and the folders above it that are missing, each 0700.
    static func makeDirectory(_ directory: String) throws(TLSSetupError) {
        var status = stat()
        if stat(directory, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw TLSSetupError("cannot make the folder \(directory): a file of that name is in the way")
            }
            return
        }
        if let slash = directory.lastIndex(of: "/"), slash != directory.startIndex {
            try Self.makeDirectory(String(directory[..<slash]))
        }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw TLSSetupError("cannot make the folder \(directory): \(Self.reason(errno))")
        }
    }

    /// Writes a new file with exactly `mode` (never over an existing one).
    static func write(_ text: String, to path: String, mode: mode_t) throws(TLSSetupError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw TLSSetupError("cannot create \(path): \(Self.reason(errno))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        // The umask may have taken bits away from a 0644; it never adds any, so 0600 stays 0600.
        _ = fchmod(descriptor, mode)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw TLSSetupError("cannot write \(path): \(error)")
        }
    }

    static func reason(_ code: Int32) -> String {
        strerror(code).flatMap { String(validatingCString: $0) } ?? "error \(code)"
    }
}
