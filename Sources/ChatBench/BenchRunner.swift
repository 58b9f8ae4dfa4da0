import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs a benchmark against a server on this machine: connect, join, send for the duration, drain, report.
/// Everything is bounded in time: a server that never answers ends the run at its deadline, not never.
public enum BenchRunner {
    /// Why a run could not start.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What the clients on one event loop share.
    final class LoopState {
        let stats = BenchStats()
        var handlers: [BenchClientHandler] = []
        var slow: [SlowClientHandler] = []
        var channels: [any Channel] = []
    }

    /// Loopback only: 127.0.0.0/8, ::1 or localhost.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public static func run(
        _ configuration: BenchConfiguration, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> BenchResult {
        guard self.isLoopback(configuration.host) else {
            throw Failure(
                description: "bench only targets this machine (127.0.0.0/8, ::1, localhost), not \(configuration.host)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        defer { group.shutdownGracefully { _ in } }
        if configuration.churn > 0 {
            return try await self.churn(configuration, group: group, progress: progress)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.deadline * 1000))
        let run = UInt32.random(in: 1...999_999)
        var states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)] = []
        for loop in group.makeIterator() {
            let state = try await loop.submit { NIOLoopBound(LoopState(), eventLoop: loop) }.get()
            states.append((loop, state))
        }
        let probe = configuration.serverPID.map(ProcessProbe.init)
        var result = BenchResult()
        if configuration.ping { result.mode = "ping" }
        result.serverRSSBefore = probe?.rssKiB()
        result.serverFDsBefore = probe?.openDescriptors()

        // Connect: readers (the first `senders` of them send), then the slow clients.
        let connectStart = ContinuousClock.now
        let total = configuration.clients + configuration.slow
        let (connected, failed) = try await self.connectAll(
            total: total, configuration: configuration, states: states, deadline: deadline
        ) {
            index, loopState in
            if index < configuration.clients {
                let setup = BenchClientHandler.Setup(
                    index: index, senderIndex: index < configuration.senders ? index : nil,
                    senders: configuration.senders,
                    run: run, window: max(1, configuration.window), rate: configuration.rate,
                    payload: configuration.payload,
                    text: configuration.text, ping: configuration.ping, name: "b\(run % 1000)x\(index)",
                    room: configuration.rooms > 1 ? "bench\(index % configuration.rooms)" : nil,
                    reconnectEvery: configuration.reconnectEvery,
                    resumeWithoutSince: configuration.resumeWithoutSince)
                let reconnect: ((BenchClientHandler, any EventLoop) -> Void)? =
                    configuration.reconnectEvery > 0
                    ? { handler, loop in
                        BenchRunner.reconnect(
                            handler, on: loop, host: configuration.host, port: configuration.port, state: loopState)
                    } : nil
                let handler = BenchClientHandler(setup: setup, stats: loopState.stats, reconnect: reconnect)
                loopState.handlers.append(handler)
                return (handler, true)
            }
            let handler = SlowClientHandler(name: "s\(run % 1000)x\(index)")
            loopState.slow.append(handler)
            return (handler, false)
        }
        result.clientsFailed = failed
        progress?("connected \(connected) of \(total)")

        // Wait until every reader has its welcome.
        let readers = min(connected, configuration.clients)
        while try await self.sum(states, \.joined) < readers, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        result.clientsConnected = try await self.sum(states, \.joined)
        let fill = ContinuousClock.now - connectStart
        result.joinSeconds = Double(fill.components.seconds) + Double(fill.components.attoseconds) / 1e18
        result.slowConnected = connected - readers
        result.serverRSSPeak = probe?.rssKiB()

        // Send, beside the flooders if any: they start first (the senders wait, up to 5 s, until one is connected,
        // so that the whole run is measured under the flood) and stop with the senders.
        let floodTally = NIOLockedValueBox(Flooder.Tally())
        let floodDeadline = Flooder.Deadline(deadline)
        let flood: Task<Void, Never>? =
            configuration.flooders > 0
            ? Task {
                await Flooder.run(
                    count: configuration.flooders, host: configuration.host, port: configuration.port,
                    garbage: configuration.floodGarbage, until: floodDeadline, tally: floodTally)
            } : nil
        if flood != nil {
            let waitUntil = ContinuousClock.now + .seconds(5)
            while floodTally.withLockedValue({ $0.connections }) == 0, ContinuousClock.now < waitUntil {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let sendUntil = ContinuousClock.now + .milliseconds(Int(configuration.duration * 1000))
        floodDeadline.withLockedValue { $0 = sendUntil }
        let cpuBefore = probe?.cpuSeconds()
        let start = NIODeadline.now().uptimeNanoseconds
        try await self.onEach(states) { state in for handler in state.handlers { handler.start() } }
        var lastReport = ContinuousClock.now
        while ContinuousClock.now < sendUntil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            if let progress, ContinuousClock.now - lastReport >= .seconds(1) {
                lastReport = ContinuousClock.now
                let deliveries = try await self.sum(states, \.deliveries)
                let elapsed = Double(NIODeadline.now().uptimeNanoseconds - start) / 1e9
                progress(
                    "\(BenchResult.f(elapsed, 1)) s: \(deliveries) deliveries, \(BenchResult.f(Double(deliveries) / elapsed, 0))/s"
                )
            }
            if let rss = probe?.rssKiB(), rss > result.serverRSSPeak ?? 0 { result.serverRSSPeak = rss }
        }
        try await self.onEach(states) { state in for handler in state.handlers { handler.stopSending() } }
        if let flood {
            await flood.value
            let tally = floodTally.withLockedValue { $0 }
            result.floodLines = tally.lines
            result.floodConnections = tally.connections
        }

        // Drain: what was sent should arrive at every reader still connected (and back from a drop).
        let drainUntil = min(deadline, ContinuousClock.now + .seconds(5))
        while ContinuousClock.now < drainUntil {
            let sent = try await self.sum(states, \.messagesSent)
            let alive = UInt64(result.clientsConnected - (try await self.sum(states, \.readersLost)))
            if try await self.sum(states, \.deliveries) >= sent * (configuration.ping ? 1 : alive),
                try await self.sum(states, \.reconnecting) == 0
            {
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let cpuAfter = probe?.cpuSeconds()

        // Collect.
        let merged = try await self.collect(
            states, resumeRooms: configuration.reconnectEvery > 0 ? configuration.rooms : nil)
        result.messagesSent = merged.messagesSent
        result.deliveriesReceived = merged.deliveries
        result.outOfOrder = merged.outOfOrder
        result.readersLost = merged.readersLost
        result.slowDropped = merged.slowDropped
        // A ping comes back to its sender only; a chat line goes to everyone.
        // Each message is for the members of its sender's room: with rooms, an even share of the clients.
        let audience = configuration.ping ? 1 : result.clientsConnected / max(1, configuration.rooms)
        result.deliveriesExpected = merged.messagesSent * UInt64(audience)
        result.seconds = merged.lastDelivery > start ? Double(merged.lastDelivery - start) / 1e9 : 0
        let histogram = merged.latency
        result.latency = [50, 90, 99, 99.9].map { Double(histogram.valueAtPercentile($0)) } + [Double(histogram.max)]
        if let before = cpuBefore, let after = cpuAfter { result.serverCPUSeconds = after - before }
        if configuration.reconnectEvery > 0 {
            result.check(ResumeAccounting.figures(merged.records), reconnectEvery: configuration.reconnectEvery)
            let back = merged.resumeTime
            result.resumeMilliseconds =
                [50, 99].map { Double(back.valueAtPercentile($0)) / 1000 } + [Double(back.max) / 1000]
        }

        // Close everything, then see that the server gave its memory and descriptors back.
        try await self.onEach(states) { state in
            for handler in state.handlers { handler.stopped = true }
        }
        try await self.closeAll(states)
        if let probe, let before = result.serverFDsBefore {
            let settle = ContinuousClock.now + .seconds(5)
            while (probe.openDescriptors() ?? 0) > before, ContinuousClock.now < settle {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        result.serverRSSAfter = probe?.rssKiB()
        result.serverFDsAfter = probe?.openDescriptors()
        return result
    }

    /// Connects `total` clients with bounded concurrency (and `connectRate` pacing), each with the handler `make` gives.
    private static func connectAll(
        total: Int,
        configuration: BenchConfiguration,
        states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)],
        deadline: ContinuousClock.Instant,
        make: @escaping @Sendable (Int, LoopState) -> (any ChannelHandler, Bool)
    ) async throws -> (connected: Int, failed: Int) {
        var connected = 0
        var failed = 0
        let spacing: Duration? =
            configuration.connectRate > 0 ? .nanoseconds(Int64(1e9 / configuration.connectRate)) : nil
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var inFlight = 0
            for index in 0..<total {
                guard ContinuousClock.now < deadline else { break }
                if inFlight >= 256, let ok = try await group.next() {
                    inFlight -= 1
                    if ok { connected += 1 } else { failed += 1 }
                }
                let (loop, state) = states[index % states.count]
                let isReader = index < configuration.clients
                group.addTask {
                    do {
                        var bootstrap = ClientBootstrap(group: loop)
                            .connectTimeout(.seconds(10))
                            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                            .channelOption(.autoRead, value: isReader)
                        if !isReader {
                            // A reader that never reads, with a small window: its backlog lands on the server's
                            // queue within kilobytes instead of after megabytes of kernel buffers.
                            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: 4096)
                        }
                        let channel =
                            try await bootstrap
                            .channelInitializer { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    let (handler, _) = make(index, state.value)
                                    try channel.pipeline.syncOperations.addHandler(handler)
                                    state.value.channels.append(channel)
                                }
                            }
                            .connect(host: configuration.host, port: configuration.port).get()
                        _ = channel
                        return true
                    } catch {
                        return false
                    }
                }
                inFlight += 1
                if let spacing { try await Task.sleep(for: spacing) }
            }
            for try await ok in group {
                if ok { connected += 1 } else { failed += 1 }
            }
        }
        return (connected, failed)
    }

    static func onEach(
        _ states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)],
        _ body: @escaping @Sendable (LoopState) -> Void
    ) async throws {
        for (loop, state) in states {
            try await loop.submit { body(state.value) }.get()
        }
    }

    /// A counter summed over every loop.
    static func sum<Count: FixedWidthInteger & Sendable>(
        _ states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)],
        _ keyPath: KeyPath<BenchStats, Count> & Sendable
    ) async throws -> Count {
        var total: Count = 0
        for (loop, state) in states {
            total += try await loop.submit { state.value.stats[keyPath: keyPath] }.get()
        }
        return total
    }

    /// The counters and histograms of every loop, merged.
    struct Merged: Sendable {
        var latency = BenchStats().latency
        var deliveries: UInt64 = 0
        var outOfOrder: UInt64 = 0
        var messagesSent: UInt64 = 0
        var readersLost = 0
        var slowDropped = 0
        var lastDelivery: UInt64 = 0
        /// Every client's seqs, when they were checked, and how long its resumes took.
        var records: [ResumeAccounting.Record] = []
        var resumeTime = BenchStats().resumeTime
    }

    /// - Parameter resumeRooms: the run's rooms when seqs were checked (`--reconnect-every`), else nil.
    static func collect(
        _ states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)], resumeRooms: Int? = nil
    ) async throws -> Merged {
        var merged = Merged()
        for (loop, state) in states {
            let part = try await loop.submit { () -> Merged in
                let stats = state.value.stats
                return Merged(
                    latency: stats.latency, deliveries: stats.deliveries, outOfOrder: stats.outOfOrder,
                    messagesSent: stats.messagesSent, readersLost: stats.readersLost, slowDropped: stats.slowDropped,
                    lastDelivery: stats.lastDelivery,
                    records: resumeRooms.map { rooms in state.value.handlers.map { $0.resumeRecord(rooms: rooms) } }
                        ?? [], resumeTime: stats.resumeTime)
            }.get()
            merged.records += part.records
            merged.resumeTime.add(part.resumeTime)
            merged.latency.add(part.latency)
            merged.deliveries += part.deliveries
            merged.outOfOrder += part.outOfOrder
            merged.messagesSent += part.messagesSent
            merged.readersLost += part.readersLost
            merged.slowDropped += part.slowDropped
            merged.lastDelivery = max(merged.lastDelivery, part.lastDelivery)
        }
        return merged
    }

    /// Connects `handler` again on a new channel of `loop` (after it dropped its connection), kept with the loop's
    /// channels so that the end of the run closes it.
    static func reconnect(
        _ handler: BenchClientHandler, on loop: any EventLoop, host: String, port: Int, state: LoopState
    ) {
        let bound = NIOLoopBound((handler: handler, state: state), eventLoop: loop)
        ClientBootstrap(group: loop)
            .connectTimeout(.seconds(10))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(bound.value.handler)
                    bound.value.state.channels.append(channel)
                }
            }
            .connect(host: host, port: port)
            .whenFailure { _ in bound.value.handler.reconnectFailed() }
    }

    static func closeAll(_ states: [(loop: any EventLoop, state: NIOLoopBound<LoopState>)]) async throws {
        for (loop, state) in states {
            let channels = try await loop.submit { state.value.channels }.get()
            for channel in channels {
                try? await channel.close()
            }
        }
    }
}
