import ArgumentParser
import Logging

/// `--log-level`: a swift-log level by name (trace, debug, info, notice, warning, error, critical).
struct LogLevelArgument: ExpressibleByArgument {
    let level: Logger.Level

    init(_ level: Logger.Level) {
        self.level = level
    }

    init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    var defaultValueDescription: String { self.level.rawValue }

    static let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
}
