import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

extension BenchRunner {
    /// Connects, says hello, waits for the welcome and disconnects, `churn` times, 64 at a time.
    static func churn(
        _ configuration: BenchConfiguration, group loops: MultiThreadedEventLoopGroup,
        progress: (@Sendable (String) -> Void)?
    ) async throws -> BenchResult {
        let probe = configuration.serverPID.map(ProcessProbe.init)
        var result = BenchResult()
        result.mode = "churn"
        result.serverRSSBefore = probe?.rssKiB()
        result.serverFDsBefore = probe?.openDescriptors()
        let deadline = ContinuousClock.now + .seconds(Int64(30 + configuration.churn / 100))
        let start = ContinuousClock.now
        var completed = 0
        var failed = 0
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var inFlight = 0
            for index in 0..<configuration.churn {
                guard ContinuousClock.now < deadline else { break }
                if inFlight >= 64, let ok = try await group.next() {
                    inFlight -= 1
                    if ok { completed += 1 } else { failed += 1 }
                }
                group.addTask {
                    do {
                        let handlerBox = NIOLockedValueBox<NIOLoopBound<ChurnHandler>?>(nil)
                        let channel = try await ClientBootstrap(group: loops)
                            .connectTimeout(.seconds(10))
                            .channelInitializer { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    let handler = ChurnHandler(name: "c\(index)", text: configuration.text)
                                    try channel.pipeline.syncOperations.addHandler(handler)
                                    handlerBox.withLockedValue {
                                        $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                                    }
                                }
                            }
                            .connect(host: configuration.host, port: configuration.port).get()
                        // A stuck server must not hold the run: give each client 10 s.
                        let timeout = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
                        try? await channel.closeFuture.get()
                        timeout.cancel()
                        return try await channel.eventLoop.submit {
                            handlerBox.withLockedValue { $0 }?.value.welcomed ?? false
                        }.get()
                    } catch {
                        return false
                    }
                }
                inFlight += 1
                if index % 1000 == 999 { progress?("\(index + 1) connections") }
            }
            for try await ok in group {
                if ok { completed += 1 } else { failed += 1 }
            }
        }
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        result.clientsConnected = completed
        result.clientsFailed = failed
        result.seconds = seconds
        result.connectionsPerSecond = seconds > 0 ? Double(completed) / seconds : 0
        if let probe, let before = result.serverFDsBefore {
            let settle = ContinuousClock.now + .seconds(5)
            while (probe.openDescriptors() ?? 0) > before, ContinuousClock.now < settle {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        result.serverRSSAfter = probe?.rssKiB()
        result.serverRSSPeak = result.serverRSSAfter
        result.serverFDsAfter = probe?.openDescriptors()
        return result
    }
}
