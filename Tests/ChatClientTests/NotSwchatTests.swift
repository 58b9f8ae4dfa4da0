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
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: reply))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

@Suite("Not a swchat server")
struct NotSwchatTests {
    @Test("an HTTP server is named as not a swchat server once, and never reconnected to")
    func httpServer() async throws {
        let http = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPErrorHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(http.localAddress?.port)
        let recorder = SessionTests.Recorder()
        var configuration = SessionConfiguration()
        configuration.backoff = Backoff(initial: 0.05, maximum: 0.1, jitter: 0)
        let session = ChatSession(
            endpoint: HostPort(host: "127.0.0.1", port: port), name: "x", configuration: configuration
        ) {
            recorder.record($0)
        }
        try await session.connect()
        let runner = Task { await session.run() }
        try await SessionTests.finish(runner, timeout: .seconds(5))
        let events = recorder.events.withLockedValue { $0 }
        let reasons = events.compactMap { if case .disconnected(let reason) = $0 { reason } else { nil } }
        #expect(
            reasons == [
                "127.0.0.1:\(port) is not a swchat server (it answered \"HTTP/1.1 400 Bad Request\"); not reconnecting"
            ])
        #expect(!events.contains { if case .undecodable = $0 { true } else { false } }, "no unreadable-line spam")
        #expect(!events.contains { if case .connecting = $0 { true } else { false } }, "no reconnect")
        await session.stop()
        await runner.value
        try await http.close()
    }
}

/// A swchat server that took the client for a text client at first: a text greeting, then the JSON welcome.
final class LateUpgradeHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = "* Welcome to swchat, guest-1! 1 online. Type /help for commands.\r\n* online: guest-1\r\n"
        let welcome =
            #"{"data":"Welcome to swchat, x!","data_source":"server","to":"x","type":"welcome","users":["x"]}"# + "\n"
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: text + welcome)), promise: nil)
    }
}

extension NotSwchatTests {
    @Test("text lines before the JSON welcome (a late hello upgraded) are not taken for another kind of server")
    func lateUpgrade() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LateUpgradeHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let recorder = SessionTests.Recorder()
        let session = ChatSession(endpoint: HostPort(host: "127.0.0.1", port: port), name: "x") { recorder.record($0) }
        try await session.connect()
        let runner = Task { await session.run() }
        try await recorder.wait(for: "welcome") { if case .received(let m) = $0 { m.type == .welcome } else { false } }
        let events = recorder.events.withLockedValue { $0 }
        #expect(!events.contains { if case .undecodable = $0 { true } else { false } })
        #expect(!events.contains { if case .disconnected = $0 { true } else { false } })
        #expect(session.isConnected)
        await session.stop()
        await runner.value
        try await server.close()
    }
}
