import ArgumentParser

/// The swchat command: a terminal chat server and (later) client in one binary.
@main
struct SwChat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swchat",
        abstract: "A terminal chat: a concurrent TCP chat server and its client.",
        version: "0.1.0",
        subcommands: [Serve.self, Join.self, Bench.self, History.self]
    )
}
