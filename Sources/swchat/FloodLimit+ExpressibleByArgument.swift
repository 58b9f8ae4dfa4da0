import ArgumentParser
import ChatProtocol

/// `--flood-limit 10:5` (burst:lines per second) or `--flood-limit off`.
struct FloodSetting: ExpressibleByArgument {
    let limit: FloodLimit?

    init(limit: FloodLimit?) {
        self.limit = limit
    }

    init?(argument: String) {
        if argument.lowercased() == "off" {
            self.limit = nil
        } else if let limit = FloodLimit(parsing: argument) {
            self.limit = limit
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { self.limit?.description ?? "off" }
}
