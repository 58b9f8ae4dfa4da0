import ArgumentParser
import ChatProtocol
import ChatServer
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
            // TLS options that make no sense together, or are incomplete.

            (["serve", "--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"], "--tls-self-signed"),
            (["serve", "--tls-cert", "c.pem"], "--tls-key"),
            (["serve", "--tls-key", "k.pem"], "--tls-cert"),
            (["serve", "--tls-only"], "--tls-only"),
            (["join", "h:1", "--trust-fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"], "--tls"),
            (["join", "h:1", "--tls", "--trust-fingerprint", "MD5:00"], "trust-fingerprint"),
            (["serve", "--op", "bad name"], "--op"),
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

    @Test("the abuse limits: --max-per-ip (or --max-per-address), --connect-limit, --trust-loopback, --header-timeout")
    func abuseLimits() throws {
        let defaults = try #require(try SwChat.parseAsRoot(["serve"]) as? Serve).options.configuration()
        let library = ServerConfiguration()
        #expect(defaults.maxPerAddress == 20 && library.maxPerAddress == 20)
        #expect(
            defaults.connectLimit == FloodLimit(burst: 20, perSecond: 10)
                && library.connectLimit == defaults.connectLimit)
        #expect(!defaults.trustLoopback && !library.trustLoopback)
        #expect(defaults.headerTimeout == .seconds(10) && library.headerTimeout == defaults.headerTimeout)
        #expect(defaults.idleTimeout == library.idleTimeout && defaults.maxClients == library.maxClients)
        for spelling in ["--max-per-ip", "--max-per-address"] {
            let serve = try #require(
                try SwChat.parseAsRoot([
                    "serve", spelling, "5", "--connect-limit", "3:0.5", "--trust-loopback", "--header-timeout", "2.5",
                ]) as? Serve)
            let configuration = try serve.options.configuration()
            #expect(configuration.maxPerAddress == 5 && configuration.trustLoopback)
            #expect(configuration.connectLimit == FloodLimit(burst: 3, perSecond: 0.5))
            #expect(configuration.headerTimeout == .milliseconds(2500))
        }
        let off = try #require(
            try SwChat.parseAsRoot(["serve", "--max-per-ip", "0", "--header-timeout", "0", "--connect-limit-loopback"])
                as? Serve)
        #expect(try off.options.configuration().maxPerAddress == nil)
        #expect(try off.options.configuration().headerTimeout == nil)
        #expect(throws: (any Error).self) { try SwChat.parseAsRoot(["serve", "--header-timeout", "-1"]) }
        let help = SwChat.helpMessage(for: Serve.self)
        for option in ["--max-per-ip", "--connect-limit", "--trust-loopback", "--header-timeout"] {
            #expect(help.contains(option), "\(option) missing from help")
        }
        #expect(!help.contains("--connect-limit-loopback"))
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
