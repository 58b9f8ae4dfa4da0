import ChatProtocol
import ChatServer
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import Testing

/// A real TCP client for integration tests: writes raw bytes, collects received lines, waits with deadlines.
final class TestClient: Sendable {
    /// Lines received so far (JSON text or rendered text), not yet taken by a wait.
    private let inbox: NIOLockedValueBox<Inbox>
    let channel: any Channel

    struct Inbox {
        var lines: [String] = []
        var closed = false
        var received = 0
    }

    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    private init(channel: any Channel, inbox: NIOLockedValueBox<Inbox>) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects to 127.0.0.1:`port`. With `autoRead: false` the client never reads (a stalled reader). With `tls`,
    /// over TLS (the connect returns before the handshake ends; what is sent waits for it). `first` is written as
    /// the connection becomes active, as a TLS client's ClientHello is: on a loaded machine a write after the
    /// connect returns can come after the server's 300 ms of silence.
    static func connect(
        port: Int, autoRead: Bool = true, receiveBuffer: Int? = nil, tls: NIOSSLContext? = nil, first: [UInt8]? = nil
    ) async throws -> TestClient {
        let inbox = NIOLockedValueBox(Inbox())
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: autoRead)
        if let receiveBuffer {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer))
        }
        let channel =
            try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    if let first {
                        try channel.pipeline.syncOperations.addHandler(FirstBytes(bytes: first))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 1 << 24)))
                    try channel.pipeline.syncOperations.addHandler(Collector(inbox: inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestClient(channel: channel, inbox: inbox)
    }

    /// Connects as a JSON client, says hello and waits for the welcome. - Returns: the client and its welcome.
    static func join(port: Int, name: String, tls: NIOSSLContext? = nil) async throws -> (TestClient, Message) {
        let client = try await TestClient.connect(port: port, tls: tls)
        try await client.send(#"{"type":"hello","data":"\#(name)"}"#)
        let welcome = try await client.frame { $0.type == .welcome }
        return (client, welcome)
    }

    /// Sends `line` plus "\n".
    func send(_ line: String) async throws {
        try await self.sendRaw(Array((line + "\n").utf8))
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Closes the sending side only (`shutdown(SHUT_WR)`), as `nc -q` does at the end of its input.
    func shutdownWrite() async throws {
        try await self.channel.close(mode: .output)
    }

    func close() async {
        try? await self.channel.close()
    }

    var isClosed: Bool { self.inbox.withLockedValue { $0.closed } }
    var receivedCount: Int { self.inbox.withLockedValue { $0.received } }

    /// Takes the first received line matching `predicate`, waiting up to `timeout`.
    func line(
        timeout: Duration = .seconds(5), where predicate: @Sendable (String) -> Bool = { _ in true }
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found: String? = self.inbox.withLockedValue { inbox in
                guard let index = inbox.lines.firstIndex(where: predicate) else { return nil }
                return inbox.lines.remove(at: index)
            }
            if let found { return found }
            if ContinuousClock.now >= deadline {
                let seen = self.inbox.withLockedValue { $0.lines.suffix(5) }
                throw Timeout(description: "no matching line within \(timeout); last lines: \(seen)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Takes the first received JSON frame matching `predicate`.
    func frame(
        timeout: Duration = .seconds(5), where predicate: @escaping @Sendable (Message) -> Bool = { _ in true }
    ) async throws -> Message {
        let line = try await self.line(timeout: timeout) { line in
            (try? MessageCoder().decode(line)).map(predicate) ?? false
        }
        return try MessageCoder().decode(line)
    }

    /// Takes the next received frame in order, whatever it is. Lines that are not JSON are skipped: a JSON client
    /// only gets them when the server took it for a text client before its hello arrived (a loaded machine), and
    /// then upgraded it.
    func nextFrame(timeout: Duration = .seconds(5)) async throws -> Message {
        while true {
            let line = try await self.line(timeout: timeout)
            if line.hasPrefix("{") { return try MessageCoder().decode(line) }
        }
    }

    /// Waits until the server has closed the connection.
    func waitForClose(timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !self.isClosed {
            if ContinuousClock.now >= deadline { throw Timeout(description: "connection still open after \(timeout)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// All lines not yet taken.
    func drain() -> [String] {
        self.inbox.withLockedValue { inbox in
            defer { inbox.lines.removeAll() }
            return inbox.lines
        }
    }
}

/// Writes its bytes when the connection becomes active.
private final class FirstBytes: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(bytes: self.bytes)), promise: nil)
        context.fireChannelActive()
    }
}

/// Feeds decoded lines to the test client's inbox.
private final class Collector: ChannelInboundHandler, Sendable {
    typealias InboundIn = InboundLine
    let inbox: NIOLockedValueBox<TestClient.Inbox>

    init(inbox: NIOLockedValueBox<TestClient.Inbox>) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .line(let bytes) = Self.unwrapInboundIn(data) else { return }
        let text = String(buffer: bytes)
        self.inbox.withLockedValue { inbox in
            inbox.lines.append(text)
            inbox.received += 1
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.inbox.withLockedValue { $0.closed = true }
    }
}

/// Starts a server on 127.0.0.1, port 0, runs `body`, and always shuts the server down.
func withServer(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    store: StoreOpener = .memory,
    _ body: (ChatServer) async throws -> Void
) async throws {
    var configuration = ServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configure(&configuration)
    var logger = Logger(label: "test.server")
    logger.logLevel = .warning
    let server = try await ChatServer.start(configuration: configuration, logger: logger, store: store)
    do {
        try await body(server)
    } catch {
        await server.shutdown(grace: .milliseconds(200))
        throw error
    }
    await server.shutdown(grace: .milliseconds(200))
}
