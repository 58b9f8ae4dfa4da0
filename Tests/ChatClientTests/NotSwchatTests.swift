import ChatClient
import NIOCore
import NIOPosix
import Testing

/// A server that does not speak swchat: it answers whatever comes with an HTTP error and closes.
final class HTTPErrorHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbad request\r\n"
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: reply))).whenComplete { _ in context.close(promise: nil) }
    }
}

@Suite("Not a swchat server")
struct NotSwchatTests {
    @Test("an HTTP server is named as not a swchat server once, and never reconnected to")
    func httpServer() async throws {
        let http = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(HTTPErrorHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(http.localAddress?.port)
        let recorder = SessionTests.Recorder()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.05, maximum: 0.1, jitter: 0)
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: port), name: "x", configuration: configuration) {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await SessionTests.finish(runner, timeout: .seconds(5))
        let events = recorder.events.withLockedValue { $0 }
        let reasons = events.compactMap { if case .disconnected(let reason) = $0 { reason } else { nil } }
        #expect(reasons == ["127.0.0.1:\(port) is not a swchat server (it answered \"HTTP/1.1 400 Bad Request\"); not reconnecting"])
        #expect(!events.contains { if case .undecodable = $0 { true } else { false } }, "no unreadable-line spam")
        #expect(!events.contains { if case .connecting = $0 { true } else { false } }, "no reconnect")
        await session.stop()
        await runner.value
        try await http.close()
    }
}
