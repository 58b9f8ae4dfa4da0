import ChatClient
import Testing

@Suite("HostPort")
struct HostPortTests {
    @Test(
        "parses the forms people type",
        arguments: [
            ("localhost:8080", "localhost", 8080),
            ("127.0.0.1:9000", "127.0.0.1", 9000),
            ("localhost", "localhost", 8080),
            ("[::1]:8080", "::1", 8080),
            ("[::1]", "::1", 8080),
            ("::1", "::1", 8080),
            ("chat.example:1", "chat.example", 1),
            ("聊天.example:65535", "聊天.example", 65535),
        ])
    func valid(text: String, host: String, port: Int) {
        #expect(HostPort(parsing: text) == HostPort(host: host, port: port))
    }

    @Test(
        "refuses what is not an address",
        arguments: ["", ":8080", "host:", "host:0", "host:65536", "host:http", "[::1", "[::1]x", "a b:1"])
    func invalid(text: String) {
        #expect(HostPort(parsing: text) == nil)
    }

    @Test("prints IPv6 in brackets")
    func description() {
        #expect(HostPort(host: "::1", port: 8080).description == "[::1]:8080")
        #expect(HostPort(host: "localhost", port: 1).description == "localhost:1")
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test("1 s doubling to 30 s, with jitter within ±20 %, and back to 1 s after reset")
    func delays() {
        var backoff = Backoff()
        var generator = SystemRandomNumberGenerator()
        let bases: [Double] = [1, 2, 4, 8, 16, 30, 30, 30]
        for base in bases {
            let delay = backoff.nextDelay(using: &generator)
            #expect(delay >= base * 0.8 && delay <= base * 1.2, "\(delay) for \(base)")
        }
        backoff.reset()
        let first = backoff.nextDelay(using: &generator)
        #expect(first >= 0.8 && first <= 1.2)
    }

    @Test("without jitter the sequence is exact")
    func exact() {
        var backoff = Backoff(initial: 0.5, maximum: 3, jitter: 0)
        #expect((0..<5).map { _ in backoff.nextDelay() } == [0.5, 1, 2, 3, 3])
    }
}
