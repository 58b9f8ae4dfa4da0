import ChatProtocol
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running swchat server: one event loop owns the rooms and every connection, so the rooms have one owner
/// and no locks, and no client can make the room wait (see docs/decisions.md for why one loop).
public final class ChatServer: Sendable {
    /// The port actually bound (useful with port 0).
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: any Channel
    private let hub: NIOLoopBound<ServerHub>
    private let logger: Logger

    private init(
        port: Int, group: MultiThreadedEventLoopGroup, serverChannel: any Channel, hub: NIOLoopBound<ServerHub>,
        logger: Logger
    ) {
        self.port = port
        self.group = group
        self.serverChannel = serverChannel
        self.hub = hub
        self.logger = logger
    }

    /// Binds and starts accepting. - Throws: `ServerError` when the address cannot be bound.
    /// - Parameter store: where history is kept; a store that cannot be opened throws its own error (one line).
    public static func start(
        configuration wanted: ServerConfiguration, logger: Logger, store opener: StoreOpener = .memory
    ) async throws -> ChatServer {
        var fitted = wanted
        fitted.maxClients = DescriptorLimit.clients(fitting: wanted.maxClients)
        if fitted.maxClients < wanted.maxClients {
            logger.warning(
                "the descriptor limit (ulimit -n) leaves room for \(fitted.maxClients) clients, not \(wanted.maxClients): more are told the server is full"
            )
        }
        let configuration = fitted
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let opened: OpenedStore
        do {
            opened = try await opener.open(loop, logger)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        logger.info("keeping history", metadata: ["store": "\(opened.description)"])
        let hub = try await loop.submit {
            NIOLoopBound(
                ServerHub(
                    configuration: configuration, eventLoop: loop, logger: logger, store: opened.store.value,
                    snapshot: opened.snapshot, bus: MemoryRoomBus().attach()),
                eventLoop: loop)
        }.get()
        var bootstrap = ServerBootstrap(group: loop)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            // A client that closes its sending side still reads: it gets its replies, then the room for a grace period.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // Only a fast pre-check for the slow-reader limit (ConnectionHandler.stage): below the high mark the exact
            // count is not needed, so the mark must never be above the limit.
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(
                    low: min(32 * 1024, configuration.maxQueueBytes / 2),
                    high: min(64 * 1024, configuration.maxQueueBytes)))
        if let sendBuffer = configuration.sendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBuffer))
        }
        bootstrap =
            bootstrap
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // No IdleStateHandler: the hub sweeps for idle connections (see ServerHub.sweepIdle), as 10,000
                    // timers of NIO's cost more (each cancel searches them all) and each handler is a hop per write.
                    let handlers = channel.pipeline.syncOperations
                    try handlers.addHandler(
                        ProtocolSniffer(
                            timeout: configuration.sniffTimeout, tls: configuration.tls,
                            handshakeTimeout: configuration.tlsHandshakeTimeout))
                    try handlers.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: configuration.maxFrameBytes)))
                    let (decoder, connection) = hub.value.makeHandlers()
                    try handlers.addHandler(decoder)
                    try handlers.addHandler(connection)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            let closed = loop.makePromise(of: Void.self)
            loop.execute { hub.value.closeStore { closed.succeed() } }
            try? await closed.futureResult.get()
            try? await group.shutdownGracefully()
            throw Self.describe(error, host: configuration.host, port: configuration.port)
        }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        return ChatServer(port: port, group: group, serverChannel: channel, hub: hub, logger: logger)
    }

    /// Stops: every client gets a notice, connections close, and the event loop ends, all within `grace`.
    public func shutdown(grace: TimeAmount = .milliseconds(1500)) async {
        let loop = self.hub.eventLoop
        try? await self.serverChannel.close()
        let hub = self.hub
        let drained = loop.makePromise(of: Void.self)
        loop.execute {
            hub.value.shutdown()
            Self.waitForConnections(hub: hub, until: .now() + grace, promise: drained)
        }
        try? await drained.futureResult.get()
        let closed = loop.makePromise(of: Void.self)
        loop.execute { hub.value.closeStore { closed.succeed() } }
        try? await closed.futureResult.get()
        try? await self.group.shutdownGracefully()
        self.logger.info("stopped")
    }

    /// The number of open connections (for tests and logs).
    public func connectionCount() async throws -> Int {
        let hub = self.hub
        return try await hub.eventLoop.submit { hub.value.connectionCount }.get()
    }

    /// Calls `observer` (on the server's loop) with the origin of each connection the core is told of, for tests.
    func observeOrigins(_ observer: @escaping @Sendable (ConnectionOrigin) -> Void) async throws {
        let hub = self.hub
        try await hub.eventLoop.submit { hub.value.originObserver = observer }.get()
    }

    /// Holds the server's event loop for `duration`, as a stopped process (SIGSTOP, a paused VM) would: timers fall
    /// due and sockets fill meanwhile. For tests of what the server does when it wakes.
    func pauseEventLoop(for duration: TimeAmount) async throws {
        try await self.hub.eventLoop.submit {
            let end = NIODeadline.now() + duration
            while NIODeadline.now() < end { usleep(1000) }
        }.get()
    }

    /// Polls on the loop until every connection has closed or the deadline passed.
    private static func waitForConnections(
        hub: NIOLoopBound<ServerHub>, until deadline: NIODeadline, promise: EventLoopPromise<Void>
    ) {
        if hub.value.connectionCount == 0 || NIODeadline.now() >= deadline {
            promise.succeed()
            return
        }
        hub.eventLoop.scheduleTask(in: .milliseconds(10)) {
            Self.waitForConnections(hub: hub, until: deadline, promise: promise)
        }
    }

    private static func describe(_ error: any Error, host: String, port: Int) -> ServerError {
        if let io = error as? IOError {
            if io.errnoCode == EADDRINUSE {
                return .addressInUse(host: host, port: port)
            }
            return .cannotBind(host: host, port: port, reason: Self.describeErrno(io.errnoCode))
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return .cannotBind(host: host, port: port, reason: "unknown host or address \(host)")
        }
        return .cannotBind(host: host, port: port, reason: "\(error)")
    }

    private static func describeErrno(_ code: Int32) -> String {
        strerror(code).flatMap { String(validatingCString: $0) } ?? "error \(code)"
    }
}
