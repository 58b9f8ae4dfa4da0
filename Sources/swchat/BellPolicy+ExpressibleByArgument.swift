import ArgumentParser
import ChatUI

/// `--bell mentions|all|off`.
extension BellPolicy: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
