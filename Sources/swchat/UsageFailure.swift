import ArgumentParser
import Foundation

/// A mistake the user can fix (port in use, unreadable file): one line on stderr and an exit code, no trace.
struct UsageFailure: Error, CustomStringConvertible {
    let description: String
    let code: Int32

    init(_ description: String, code: Int32) {
        self.description = description
        self.code = code
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning a `UsageFailure` into "swchat: <line>" on stderr and its exit code.
    static func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as UsageFailure {
            try? FileHandle.standardError.write(contentsOf: Data("swchat: \(failure.description)\n".utf8))
            throw ExitCode(failure.code)
        }
    }
}
