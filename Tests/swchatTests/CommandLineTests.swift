import ArgumentParser
import ChatProtocol
import Testing

@testable import swchat

/// The command line: every bad value is one clear line and exit code 64 (EX_USAGE), never a trace.
@Suite("Command line")
struct CommandLineTests {
    @Test("serve parses every option")
    func parsesOptions() throws {
        let command = try SwChat.parseAsRoot([
            "serve", "--host", "127.0.0.1", "--port", "9000", "--history", "10", "--idle-timeout", "2.5",
            "--flood-limit", "off", "--max-queue", "65536", "--max-clients", "5", "--max-frame", "1024",
            "--log-level", "debug", "--roster-limit", "50",
        ])
        let serve = try #require(command as? Serve)
        #expect(serve.options.port == 9000 && serve.options.history == 10 && serve.options.idleTimeout == 2.5)
        #expect(serve.options.floodLimit.limit == nil)
        #expect(serve.options.maxQueue == 65536 && serve.options.maxClients == 5 && serve.options.maxFrame == 1024)
        #expect(serve.options.logLevel.level == .debug && serve.options.rosterLimit == 50)
    }

    @Test("defaults are the documented ones")
    func defaults() throws {
        let serve = try #require(try SwChat.parseAsRoot(["serve"]) as? Serve)
        #expect(
            serve.options.host == "0.0.0.0" && serve.options.port == 8080 && serve.options.history == 50
                && serve.options.idleTimeout == 300)
        #expect(serve.options.floodLimit.limit?.burst == 10 && serve.options.floodLimit.limit?.perSecond == 5)
        #expect(
            serve.options.maxFrame == 16 * 1024 && serve.options.maxQueue == 1 << 20
                && serve.options.maxClients == 10_000)
        #expect(serve.options.rosterLimit == 1000)
    }

    @Test(
        "bad values are usage errors (exit 64) with a message naming the option",
        arguments: [
            (["serve", "--port", "70000"], "port"),
            (["serve", "--port", "-1"], "port"),
            (["serve", "--port", "http"], "port"),
            (["serve", "--history", "-1"], "history"),
            (["serve", "--idle-timeout", "-3"], "idle-timeout"),
            (["serve", "--flood-limit", "fast"], "flood-limit"),
            (["serve", "--max-clients", "0"], "max-clients"),
            (["serve", "--roster-limit", "1"], "roster-limit"),
            (["serve", "--log-level", "loud"], "log-level"),
            (["serve", "--no-such-option"], "no-such-option"),
        ])
    func badValues(arguments: [String], option: String) {
        do {
            _ = try SwChat.parseAsRoot(arguments)
            Issue.record("\(arguments) should not parse")
        } catch {
            #expect(SwChat.exitCode(for: error).rawValue == 64)
            let message = SwChat.message(for: error)
            #expect(message.contains(option), "\(message)")
            #expect(!message.contains("\n"), "one line: \(message)")
        }
    }

    @Test("serve --help explains every option")
    func help() {
        let help = SwChat.helpMessage(for: Serve.self)
        for option in [
            "--host", "--port", "--max-frame", "--history", "--idle-timeout", "--flood-limit", "--max-queue",
            "--max-clients", "--motd", "--log-level", "--roster-limit",
        ] {
            #expect(help.contains(option), "\(option) missing from help")
        }
    }

    @Test("join --serve takes every serve option, and join --help lists them")
    func joinServeTakesServeOptions() throws {
        let command = try SwChat.parseAsRoot([
            "join", "--serve", "--host", "127.0.0.1", "--port", "0", "--history", "3", "--flood-limit", "4:2",
            "--connect-limit", "off", "--roster-limit", "9", "--max-clients", "7", "--idle-timeout", "0",
        ])
        let join = try #require(command as? Join)
        let configuration = try join.server.configuration()
        #expect(configuration.host == "127.0.0.1" && configuration.port == 0 && configuration.room.historyLimit == 3)
        #expect(
            configuration.room.floodLimit == FloodLimit(burst: 4, perSecond: 2) && configuration.connectLimit == nil)
        #expect(
            configuration.room.rosterLimit == 9 && configuration.maxClients == 7 && configuration.idleTimeout == nil)
        let help = SwChat.helpMessage(for: Join.self)
        for option in ["--flood-limit", "--connect-limit", "--max-clients", "--motd", "--roster-limit", "--history"] {
            #expect(help.contains(option), "\(option) missing from join --help")
        }
        #expect(throws: (any Error).self) { try SwChat.parseAsRoot(["join", "--serve", "--roster-limit", "1"]) }
    }
}
