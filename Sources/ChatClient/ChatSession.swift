import ChatProtocol
import ChatTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A client's link to a server: connects, says hello, keeps the connection alive with pings, notices a dead
/// one, and reconnects with growing delays under the same name, resuming where it left off: the hello of a reconnect
/// carries the `ResumeState` of every frame received. Reports everything through `events`.
///
/// Thread-safe: `send` may be called from any thread (the UI's), events arrive on NIO's threads.
public final class ChatSession: Sendable {
    public let endpoint: HostPort
    private let configuration: SessionConfiguration
    private let group: any EventLoopGroup
    private let events: @Sendable (SessionEvent) -> Void
    private let state: NIOLockedValueBox<State>

    struct State {
        /// The name to ask for: the wanted one at first, then whatever the server last called us.
        var name: String
        /// The rooms the hello asks for (none: the server's default room): those asked for on the command line at
        /// first, then those the UI says we are in (`setRooms`), so a reconnect rejoins them.
        var rooms: [String] = []
        /// The server, session token and positions the hello of a reconnect resumes from.
        var resume = ResumeState()
        var channel: (any Channel)?
        /// Why the current connection ended, if the client side knows better than "closed".
        var closeReason: String?
        var stopped = false
        /// A quit command went out: when the server closes (after its goodbye), the session is over.
        var leaving = false
        /// The server closed us for good (a ban: an `error` with `"reconnect": false`).
        var refused = false
        /// The server turned out not to speak swchat: reconnecting would only get the same answer.
        var notChatServer = false
    }

    /// Why the first connection attempt failed, as one line.
    public struct ConnectFailure: Error, CustomStringConvertible {
        public let description: String
        /// Set when the certificate was refused for not being the pinned one: the one the server presented.
        public var presented: CertificateFingerprint?
    }

    public init(
        endpoint: HostPort,
        name: String,
        rooms: [String] = [],
        configuration: SessionConfiguration = SessionConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        events: @escaping @Sendable (SessionEvent) -> Void
    ) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.group = group
        self.events = events
        self.state = NIOLockedValueBox(State(name: name, rooms: rooms))
    }

    /// The longest line taken from a server: far above any frame swchat sends (a 16 KiB message escaped, a roster of
    /// 1,000 names), far below what would let a hostile server keep the client busy for seconds.
    static let maximumFrameBytes = 1 << 20

    /// The name the server last gave us (or the wanted one before the first welcome).
    public var name: String { self.state.withLockedValue { $0.name } }

    /// The rooms the next hello asks for.
    public var rooms: [String] { self.state.withLockedValue { $0.rooms } }

    /// Sets the rooms the next hello asks for (a reconnect's): the UI calls it from its thread whenever the rooms it
    /// is in change, since it, not the session, follows joins and parts.
    public func setRooms(_ rooms: [String]) {
        self.state.withLockedValue { $0.rooms = rooms }
    }

    /// What the next hello resumes from.
    public var resume: ResumeState { self.state.withLockedValue { $0.resume } }

    /// Whether a quit command went out on a connection that was up: the session ends when the server closes.
    public var isLeaving: Bool { self.state.withLockedValue { $0.leaving } }

    public var isConnected: Bool { self.state.withLockedValue { $0.channel?.isActive ?? false } }

    /// Whether the connection is TLS.
    public var isEncrypted: Bool { self.configuration.tls != nil }

    /// One connection attempt. - Throws: `ConnectFailure` with a readable reason.
    public func connect() async throws(ConnectFailure) {
        let handlerFactory: @Sendable () -> SessionHandler = { SessionHandler(session: self) }
        let configuration = self.configuration
        let loop = self.group.next()
        let host = self.endpoint.host
        // With TLS, a connection is made once its handshake is: a refused certificate fails the connect.
        let handshake = configuration.tls.map { _ in loop.makePromise(of: Void.self) }
        let presented = NIOLockedValueBox<CertificateFingerprint?>(nil)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    if let tls = configuration.tls, let handshake {
                        try handlers.addHandler(tls.makeHandler(host: host, presented: presented))
                        try handlers.addHandler(
                            TLSHandshakeWaiter(promise: handshake, timeout: configuration.connectTimeout))
                    }
                    try handlers.addHandler(
                        IdleStateHandler(readTimeout: configuration.deadAfter, writeTimeout: configuration.pingInterval)
                    )
                    try handlers.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maximumLineLength: Self.maximumFrameBytes)))
                    try handlers.addHandler(handlerFactory())
                }
            }
        // Reset before connecting, not after: the new connection's handler may set a reason before connect returns.
        self.state.withLockedValue { $0.closeReason = nil }
        do {
            let channel = try await bootstrap.connect(host: self.endpoint.host, port: self.endpoint.port).get()
            if let handshake {
                do {
                    try await handshake.futureResult.get()
                } catch {
                    try? await channel.close()
                    if case .pinned(let pin) = configuration.tls, let seen = presented.withLockedValue({ $0 }),
                        seen != pin
                    {
                        throw ConnectFailure(
                            description:
                                "the certificate of \(self.endpoint) has changed (it is \(seen), not the trusted \(pin))",
                            presented: seen)
                    }
                    throw error
                }
            }
            // Either stop() sees this channel and closes it, or we see that stop() came first and close it here:
            // frames (even the welcome) can arrive before this point, so a stop can race a connect.
            let stopped = self.state.withLockedValue { state -> Bool in
                guard !state.stopped else { return true }
                state.channel = channel
                return false
            }
            if stopped {
                try? await channel.close()
                return
            }
            self.events(.connected)
        } catch let failure as ConnectFailure {
            throw failure
        } catch {
            // A connect that failed never ran the waiter: its promise must not be left unfulfilled.
            handshake?.fail(error)
            throw ConnectFailure(description: "cannot connect to \(self.endpoint): \(ConnectError.describe(error))")
        }
    }

    /// Serves the current connection until it ends, then reconnects (if configured) until `stop()` or
    /// cancellation. Call after a successful `connect()`.
    public func run() async {
        var backoff = self.configuration.backoff
        var attempt = 0
        while !Task.isCancelled {
            if let channel = self.state.withLockedValue({ $0.channel }) {
                try? await channel.closeFuture.get()
                let reason = self.state.withLockedValue { state -> String in
                    state.channel = nil
                    return state.closeReason ?? "the server closed the connection"
                }
                if self.isStopped { return }
                if self.state.withLockedValue({ $0.notChatServer || $0.refused }) {
                    self.events(.disconnected(reason: reason))
                    return
                }
                if self.state.withLockedValue({ $0.leaving }) {
                    // We asked to leave and the server let us go: coming back would undo the user's /quit.
                    self.events(.disconnected(reason: "you left the chat"))
                    return
                }
                self.events(.disconnected(reason: reason))
                backoff.reset()
                attempt = 0
            }
            guard self.configuration.reconnect, !self.isStopped else { return }
            let delay = backoff.nextDelay()
            self.events(.retrying(inSeconds: delay))
            do {
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            } catch {
                return
            }
            if self.isStopped { return }
            attempt += 1
            self.events(.connecting(attempt: attempt))
            do {
                try await self.connect()
            } catch {
                if error.presented != nil {
                    // Another certificate than the trusted one: retrying would only meet it again (or worse).
                    self.events(.disconnected(reason: error.description + "; not reconnecting"))
                    return
                }
                self.events(.disconnected(reason: error.description))
            }
        }
    }

    /// Sends a chat line or command, for `room` (nil: the server's current room for us). When not connected,
    /// reports `.notSent` instead of losing it silently.
    public func send(_ line: String, room: String? = nil) {
        if Self.isQuitCommand(line), self.isConnected {
            self.state.withLockedValue { $0.leaving = true }
        }
        self.send(Message(data: line, room: room), original: line)
    }

    /// Whether a line asks the server to end the session: `/quit`, `/exit`, `/bye` (with a reason or not; `/leave` is `/part` now, as in IRC clients).
    /// The seeds' bare `quit` and `exit` are commands from text clients only: from this JSON client they are chat.
    static func isQuitCommand(_ line: String) -> Bool {
        let word = line.trimmingPrefix(while: { $0 == " " }).prefix { $0 != " " }.lowercased()
        return ["/quit", "/exit", "/bye"].contains(word)
    }

    /// Sends a frame.
    public func send(_ message: Message, original: String? = nil) {
        guard let channel = self.state.withLockedValue({ $0.channel }), channel.isActive else {
            self.events(.notSent(original ?? message.data))
            return
        }
        let bytes = MessageCoder.encodeLine(message)
        channel.writeAndFlush(bytes).whenFailure { [events] _ in events(.notSent(original ?? message.data)) }
    }

    /// Asks for a room's messages older than `before` (a `history` frame). Not connected, it is dropped: the answer
    /// would have been lost with the connection too, and the UI asks again once it is back.
    public func requestHistory(room: String, before: UInt64, limit: Int) {
        guard let channel = self.state.withLockedValue({ $0.channel }), channel.isActive else { return }
        let frame = Message(type: .history, room: room, before: before, limit: limit)
        channel.writeAndFlush(MessageCoder.encodeLine(frame), promise: nil)
    }

    /// Stops reconnecting and closes the connection (after what was sent has gone out).
    ///
    /// A session that has not said `/quit` says it first, so the room hears at once that it left: a bare close looks
    /// to the server like a client that only stopped sending, which it serves for a grace period before letting go.
    public func stop() async {
        let (channel, leaving) = self.state.withLockedValue { state -> ((any Channel)?, Bool) in
            state.stopped = true
            return (state.channel, state.leaving)
        }
        guard let channel else { return }
        if !leaving, channel.isActive {
            try? await channel.writeAndFlush(MessageCoder.encodeLine(Message(data: "/quit")))
        }
        try? await channel.close()
    }

    private var isStopped: Bool { self.state.withLockedValue { $0.stopped } }

    // MARK: - Called by the handler

    /// The hello: the name to ask for, the rooms to be in (none named: the server's default room), and once a server
    /// has welcomed us, what to resume (see `ResumeState.hello`).
    func helloFrame() -> Message {
        self.state.withLockedValue { $0.resume.hello(name: $0.name, rooms: $0.rooms) }
    }

    /// Follows our own name through welcomes and renames, so a reconnect asks for the right one, and every frame into
    /// the resume state, so that it resumes after the last one received.
    func observe(_ message: Message) {
        self.state.withLockedValue { state in
            state.resume.observe(message)
            switch message.type {
            case .welcome:
                if let name = message.to { state.name = name }
            case .rename:
                if state.name == message.dataSource { state.name = message.data }
            case .error where message.reconnect == false:
                state.refused = true
                state.closeReason = TextSanitizer.clean(message.data) + "; not reconnecting"
            default:
                break
            }
        }
        self.events(.received(message))
    }

    func undecodable(_ line: String) {
        self.events(.undecodable(line))
    }

    /// The server's first line was not a swchat frame (an HTTP server answers `HTTP/1.1 400 ...`).
    func notChatServer(firstLine: String) {
        // Cleaned here: line mode prints the reason as it is, and this text comes from an unknown server.
        var shown = Substring(TextSanitizer.clean(firstLine))
        while shown.last == " " { shown.removeLast() }
        self.state.withLockedValue { state in
            state.notChatServer = true
            state.closeReason = "\(self.endpoint) is not a swchat server (it answered \"\(shown)\"); not reconnecting"
        }
    }

    func closing(because reason: String) {
        self.state.withLockedValue { state in
            if state.closeReason == nil { state.closeReason = reason }
        }
    }

    /// The dead-connection timeout as people read it: "30", "0.4".
    var deadAfterText: String {
        let seconds = Double(self.configuration.deadAfter.nanoseconds) / 1e9
        return seconds.plainText
    }
}
