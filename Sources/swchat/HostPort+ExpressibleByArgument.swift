import ArgumentParser
import ChatClient

extension HostPort: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
