import ArgumentParser
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
        #expect(serve.port == 9000 && serve.history == 10 && serve.idleTimeout == 2.5)
        #expect(serve.floodLimit.limit == nil)
        #expect(serve.maxQueue == 65536 && serve.maxClients == 5 && serve.maxFrame == 1024)
        #expect(serve.logLevel.level == .debug && serve.rosterLimit == 50)
    }

    @Test("defaults are the documented ones")
    func defaults() throws {
        let serve = try #require(try SwChat.parseAsRoot(["serve"]) as? Serve)
        #expect(serve.host == "0.0.0.0" && serve.port == 8080 && serve.history == 50 && serve.idleTimeout == 300)
        #expect(serve.floodLimit.limit?.burst == 10 && serve.floodLimit.limit?.perSecond == 5)
        #expect(serve.maxFrame == 16 * 1024 && serve.maxQueue == 1 << 20 && serve.maxClients == 10_000)
        #expect(serve.rosterLimit == 1000)
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
}
