import ArgumentParser
import ChatBench
import ChatClient
import Foundation

/// `swchat bench host:port`: measures a server on this machine (see docs/performance.md for the scenarios).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a chat server on this machine: deliveries per second and latency.",
        discussion: """
            Opens --clients JSON (or --text) connections; --senders of them send --rate messages per second each \
            (0: as fast as the server takes them, at most --window unacknowledged per sender) for --duration \
            seconds. Every receiver times every delivery. Loopback addresses only. Run the server with \
            --flood-limit off --trust-loopback, or the flood limit (and beyond 20 connections the per-address \
            limits) is what you measure.
            """
    )

    @Argument(help: "Server address on this machine (127.0.0.1:8080, [::1]:8080, localhost:8080).")
    var endpoint: HostPort

    @Option(parsing: .unconditional, help: "Reading connections (senders included).")
    var clients = 100

    @Option(parsing: .unconditional, help: "How many of the clients send.")
    var senders = 10

    @Option(parsing: .unconditional, help: "Messages per second per sender; 0: as fast as the window allows.")
    var rate: Double = 0

    @Option(parsing: .unconditional, help: "Most unacknowledged messages per sender (its own echo acknowledges).")
    var window = 32

    @Option(parsing: .unconditional, help: "Seconds of sending.")
    var duration: Double = 10

    @Option(parsing: .unconditional, help: "Bytes of text per message.")
    var payload = 64

    @Option(parsing: .unconditional, help: "Extra clients that join and never read (the server should drop them).")
    var slow = 0

    @Option(parsing: .unconditional, help: "New connections per second while connecting; 0: as fast as possible.")
    var connectRate: Double = 0

    @Option(
        parsing: .unconditional,
        help: "Rooms to spread the clients and senders over (client i joins room i modulo ROOMS; 1: the default room).")
    var rooms = 1

    @Flag(help: "Use text-mode clients (like nc) instead of JSON.")
    var text = false

    @Flag(
        help:
            "Senders send pings (answered to them alone) instead of chat lines: times the server's responsiveness, not the room's fan-out."
    )
    var ping = false

    @Option(
        parsing: .unconditional,
        help:
            "Extra connections that flood the server with lines as fast as it takes them (reconnecting when cut off), beside the measured clients."
    )
    var flooders = 0

    @Flag(help: "Flooders send invalid JSON instead of chat lines.")
    var floodGarbage = false

    @Option(
        parsing: .unconditional,
        help: "Churn mode: connect, join and disconnect this many clients; report connections/s.")
    var churn = 0

    @Option(
        parsing: .unconditional,
        help: """
            Seconds: in each such window every reader that does not send drops its connection at a random moment, \
            connects again at once and resumes; every client's room seqs are then checked for exactly-once delivery \
            (missing, doubled, out of order: any makes the exit status 1). Off by default.
            """)
    var reconnectEvery: Double?

    @Option(parsing: .unconditional, help: "Event-loop threads for the load generator.")
    var threads = 1

    @Option(parsing: .unconditional, help: "PID of the server, to report its memory, descriptors and CPU per delivery.")
    var serverPid: Int32?

    @Flag(help: "Print one machine-readable JSON line instead of the report.")
    var json = false

    func validate() throws {
        guard BenchRunner.isLoopback(self.endpoint.host) else {
            throw ValidationError(
                "bench only targets this machine (127.0.0.0/8, ::1, localhost), not \(self.endpoint.host)")
        }
        guard self.clients >= 0, self.senders >= 0, self.senders <= self.clients else {
            throw ValidationError("--senders must be between 0 and --clients")
        }
        guard self.rooms >= 1 else { throw ValidationError("--rooms must be at least 1") }
        if self.rooms > 1 {
            guard !self.text else { throw ValidationError("--rooms needs JSON clients (they join by their hello)") }
            guard self.clients % self.rooms == 0, self.senders >= self.rooms || self.senders == 0 else {
                throw ValidationError(
                    "--rooms must divide --clients, and every room needs a sender (--senders at least --rooms)")
            }
        }
        guard !(self.ping && self.text) else {
            throw ValidationError("--ping needs JSON clients: text clients cannot ping")
        }
        if let every = self.reconnectEvery {
            guard every > 0, every <= 3600 else { throw ValidationError("--reconnect-every must be in (0, 3600] s") }
            guard !self.text, !self.ping, self.churn == 0 else {
                throw ValidationError(
                    "--reconnect-every needs JSON clients sending chat lines (not --text, --ping or --churn): it checks room seqs"
                )
            }
        }
        guard self.rate >= 0, self.window >= 1, self.duration > 0, self.duration <= 3600, self.payload >= 1,
            self.payload <= 15_000,
            self.slow >= 0, self.connectRate >= 0, self.churn >= 0, (1...64).contains(self.threads),
            (0...100).contains(self.flooders)
        else {
            throw ValidationError(
                "rate ≥ 0, window ≥ 1, 0 < duration ≤ 3600, 1 ≤ payload ≤ 15000, 1 ≤ threads ≤ 64, 0 ≤ flooders ≤ 100")
        }
    }

    func run() async throws {
        var configuration = BenchConfiguration()
        configuration.host = self.endpoint.host
        configuration.port = self.endpoint.port
        configuration.clients = self.clients
        configuration.senders = self.senders
        configuration.rate = self.rate
        configuration.window = self.window
        configuration.duration = self.duration
        configuration.payload = self.payload
        configuration.slow = self.slow
        configuration.connectRate = self.connectRate
        configuration.rooms = self.rooms
        configuration.text = self.text
        configuration.ping = self.ping
        configuration.churn = self.churn
        configuration.flooders = self.flooders
        configuration.floodGarbage = self.floodGarbage
        configuration.threads = self.threads
        configuration.serverPID = self.serverPid
        configuration.reconnectEvery = self.reconnectEvery ?? 0
        let onTerminal = isatty(STDERR_FILENO) == 1
        var progress: (@Sendable (String) -> Void)?
        if onTerminal {
            progress = { line in try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K\(line)".utf8)) }
        }
        let result: BenchResult
        do {
            result = try await BenchRunner.run(configuration, progress: progress)
        } catch let failure as BenchRunner.Failure {
            throw UsageFailure(failure.description, code: 1)
        }
        if onTerminal { try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8)) }
        print(self.json ? result.json : result.text)
        if result.clientsConnected == 0 && result.mode != "churn" {
            throw UsageFailure("no client could join \(self.endpoint): is the server running?", code: 1)
        }
        if result.failedExactlyOnce {
            throw UsageFailure(
                "resumed clients missed \(result.missing), doubled \(result.doubled) and reordered \(result.outOfOrder) messages",
                code: 1)
        }
    }
}
