import ChatProtocol
import ChatServer
import Logging
import Testing

@testable import ChatBench

@Suite("Bench")
struct BenchTests {
    @Test("a payload is found again in a JSON frame and in a text line, whatever surrounds it")
    func payloadRoundTrip() {
        let payload = BenchPayload(run: 42, sender: 7, sequence: 123_456, sentNanoseconds: 987_654_321_000)
        let text = payload.text(size: 64)
        #expect(text.utf8.count == 64)
        for line in [
            #"{"data":"\#(text)","data_source":"b42x7","id":9,"ts":"2026-11-21T12:00:00.000Z","type":"chat"}"#,
            "[12:00:00] b42x7: \(text)",
        ] {
            let parsed = Array(line.utf8).withUnsafeBytes { BenchPayload.parse($0) }
            #expect(parsed == payload)
        }
        #expect(payload.text(size: 3).hasPrefix("~42:7:"), "never shorter than its header")
    }

    @Test(
        "lines without a payload, or with a broken one, are not counted",
        arguments: [
            #"{"data":"hello","type":"chat"}"#, "~1:2:3", "~a:2:3:4:", "~1:2:3:4", "* bob joined (3 online)", "",
        ])
    func noPayload(line: String) {
        #expect(Array(line.utf8).withUnsafeBytes { BenchPayload.parse($0) } == nil)
    }

    @Test(
        "only loopback addresses are accepted",
        arguments: [
            ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true),
            ("10.0.0.1", false), ("192.168.1.1", false), ("8.8.8.8", false), ("example.com", false), ("127.0.0", false),
            ("127.0.0.256", false),
        ])
    func loopbackOnly(host: String, allowed: Bool) {
        #expect(BenchRunner.isLoopback(host) == allowed)
    }

    @Test("the report reads well and the JSON line has every figure")
    func report() {
        var result = BenchResult()
        result.clientsConnected = 100
        result.messagesSent = 1000
        result.deliveriesExpected = 100_000
        result.deliveriesReceived = 100_000
        result.seconds = 2
        result.latency = [1500, 2000, 2500, 3000, 4000]
        #expect(result.text.contains("100000 of 100000 expected (100.00 %), all in order"))
        #expect(result.text.contains("50000 deliveries/s"))
        #expect(result.text.contains("p99 2.50"))
        #expect(result.json.hasPrefix("{") && result.json.hasSuffix("}"))
        #expect(result.json.contains(#""deliveries_per_second":50000"#))
        #expect(BenchResult.f(1.005, 2) == "1.01" || BenchResult.f(1.005, 2) == "1.00")
        #expect(BenchResult.f(-0.5, 1) == "-0.5")
    }

    /// An in-process server on 127.0.0.1, a free port, without a flood limit (the bench's senders would hit it),
    /// trusting loopback.
    static func startServer(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> ChatServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.room.floodLimit = nil
        // The bench opens its clients from 127.0.0.1, more than the per-address limits let in.
        configuration.trustLoopback = true
        configure(&configuration)
        var logger = Logger(label: "bench-test")
        logger.logLevel = .error
        return try await ChatServer.start(configuration: configuration, logger: logger)
    }

    /// A ping run: `senders` of `clients` ping `rate` times a second for `duration` seconds.
    static func pings(port: Int, clients: Int, senders: Int, rate: Double, duration: Double) -> BenchConfiguration {
        var configuration = BenchConfiguration()
        configuration.port = port
        configuration.clients = clients
        configuration.senders = senders
        configuration.rate = rate
        configuration.duration = duration
        configuration.ping = true
        return configuration
    }

    /// Runs the bench against an in-process server with `maxQueue` bytes of slow-reader queue and a 32 KiB send
    /// buffer (so that the kernel does not absorb megabytes before the queue counts).
    static func benchRun(maxQueue: Int, _ configure: (inout BenchConfiguration) -> Void) async throws -> BenchResult {
        let server = try await Self.startServer {
            $0.maxQueueBytes = maxQueue
            $0.sendBufferBytes = 32 * 1024
        }
        var configuration = BenchConfiguration()
        configuration.port = server.port
        configuration.payload = 8000
        configuration.window = 4
        configuration.duration = 2
        configuration.clients = 20
        configure(&configuration)
        let result = try await BenchRunner.run(configuration)
        await server.shutdown()
        return result
    }

    /// A short real run against an in-process server: every delivery arrives, in order. (Speed is measured by
    /// `swchat bench`, never asserted here.) Readers are not held back by the senders' windows (only their own echoes
    /// are), so a reader that a busy test machine starves for a moment falls behind: the queue is big enough for that.
    @Test("a short run delivers every message to every client, in order")
    func shortRun() async throws {
        // At a steady rate rather than flat out: a flat-out run would starve the other suites' timing tests.
        let result = try await Self.benchRun(maxQueue: 16 << 20) {
            $0.senders = 4
            $0.rate = 50
            $0.payload = 2000
        }
        #expect(result.clientsConnected == 20)
        #expect(result.messagesSent > 0, "\(result.text)")
        #expect(result.deliveriesReceived == result.deliveriesExpected)
        #expect(result.outOfOrder == 0)
        #expect(result.readersLost == 0)
    }

    /// A client that never reads (4 KiB receive buffer) outgrows a 64 KiB queue after about 13 messages of 8 KB.
    @Test("the server drops a client that never reads, and the bench reports it")
    func slowClientDropped() async throws {
        let result = try await Self.benchRun(maxQueue: 64 << 10) {
            $0.clients = 3
            $0.senders = 1
            $0.slow = 1
            $0.rate = 50
        }
        #expect(result.slowConnected == 1 && result.messagesSent > 13, "\(result.text)")
        #expect(result.slowDropped == 1, "a client that never reads is dropped once its queue is full: \(result.text)")
    }

    @Test("ping mode: every ping comes back to its sender alone, in order, and is expected once")
    func pingRun() async throws {
        let server = try await Self.startServer()
        let configuration = Self.pings(port: server.port, clients: 10, senders: 3, rate: 50, duration: 1)
        let result = try await BenchRunner.run(configuration)
        await server.shutdown()
        #expect(result.mode == "ping" && result.messagesSent > 0)
        #expect(result.deliveriesExpected == result.messagesSent, "a ping is answered to its sender only")
        #expect(result.deliveriesReceived == result.deliveriesExpected && result.outOfOrder == 0)
    }

    @Test("churn: every connection is welcomed and the server is left with none")
    func churn() async throws {
        let server = try await Self.startServer()
        var configuration = BenchConfiguration()
        configuration.port = server.port
        configuration.churn = 300
        let result = try await BenchRunner.run(configuration)
        #expect(result.clientsConnected == 300 && result.clientsFailed == 0)
        let deadline = ContinuousClock.now + .seconds(5)
        while try await server.connectionCount() > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await server.connectionCount() == 0)
        await server.shutdown()
    }

    @Test("beside a flooder (cut off and reconnecting) every ping comes back")
    func flooderRun() async throws {
        let server = try await Self.startServer { $0.room.floodLimit = FloodLimit(burst: 10, perSecond: 5) }
        var configuration = Self.pings(port: server.port, clients: 4, senders: 2, rate: 4, duration: 2)
        configuration.flooders = 1
        let result = try await BenchRunner.run(configuration)
        await server.shutdown()
        #expect(result.deliveriesReceived == result.deliveriesExpected && result.messagesSent > 0, "\(result.text)")
        #expect(result.readersLost == 0)
        // How often it is cut off and comes back depends on the machine's load (ServerIntegrationTests.excessFlood
        // checks the cut itself); here: it flooded, and the measured clients lost nothing.
        #expect(result.floodConnections >= 1 && result.floodLines > 0, "\(result.text)")
        #expect(result.json.contains("\"flood_connections\":"))
    }
}
