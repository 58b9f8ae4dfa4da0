/// What a bench run measured; `text` and `json` present it.
public struct BenchResult: Sendable, Equatable {
    public var mode = "fanout"
    public var clientsConnected = 0
    public var clientsFailed = 0
    public var slowConnected = 0
    /// Slow clients the server disconnected (it should, once their queue is full).
    public var slowDropped = 0
    /// Readers the server disconnected (it should not).
    public var readersLost = 0
    public var messagesSent: UInt64 = 0
    public var deliveriesExpected: UInt64 = 0
    public var deliveriesReceived: UInt64 = 0
    /// Deliveries that arrived out of order per sender, or twice; with `--reconnect-every`, room seqs received after a
    /// higher one (replays included).
    public var outOfOrder: UInt64 = 0
    /// `--reconnect-every`'s window in seconds; 0: clients did not reconnect and none of the figures below was taken.
    public var reconnectEvery: Double = 0
    /// Times a reader dropped its connection, connected again and was welcomed.
    public var resumes = 0
    /// `gap` frames the readers got (the server would not replay all they asked for), and the messages they said
    /// would not be shown: the part of `missing` that the protocol allows.
    public var gaps = 0
    public var announced: UInt64 = 0
    /// Milliseconds from dropping a connection to the new one's welcome: p50, p99, max.
    public var resumeMilliseconds: [Double] = [0, 0, 0]
    /// Room seqs that some client of the room received and another never did, summed over the clients.
    public var missing: UInt64 = 0
    /// Room seqs received again, summed over the clients.
    public var doubled: UInt64 = 0
    /// The clients that missed, doubled or reordered anything, by client number.
    public var inexactClients: [ResumeAccounting.Figures] = []
    /// Seconds from the first send to the last delivery counted.
    public var seconds: Double = 0
    /// Latency percentiles in microseconds: p50, p90, p99, p99.9, max.
    public var latency: [Double] = [0, 0, 0, 0, 0]
    /// Seconds from the first connection attempt until every reader had its welcome (the room's fill time).
    public var joinSeconds: Double = 0
    /// Churn mode: connections completed per second.
    public var connectionsPerSecond: Double = 0
    /// Lines the flooders queued (a connection cut off loses what it had not sent), and the connections they made (the
    /// server cuts them off for excess flood).
    public var floodLines: UInt64 = 0
    public var floodConnections = 0
    /// Server process figures, when --server-pid was given.
    public var serverRSSBefore: Int?
    public var serverRSSPeak: Int?
    public var serverRSSAfter: Int?
    public var serverFDsBefore: Int?
    public var serverFDsAfter: Int?
    public var serverCPUSeconds: Double?

    public init() {}

    /// Records the exactly-once check of a `--reconnect-every` run.
    public mutating func check(_ figures: [ResumeAccounting.Figures], reconnectEvery: Double) {
        self.reconnectEvery = reconnectEvery
        self.resumes = figures.reduce(0) { $0 + $1.resumes }
        self.gaps = figures.reduce(0) { $0 + $1.gaps }
        self.announced = figures.reduce(0) { $0 + $1.announced }
        self.missing = figures.reduce(0) { $0 + $1.missing }
        self.doubled = figures.reduce(0) { $0 + $1.doubled }
        self.outOfOrder = figures.reduce(0) { $0 + $1.outOfOrder }
        self.inexactClients = figures.filter { !$0.isExact }
    }

    /// A `--reconnect-every` run whose clients missed, doubled or reordered something: the bench exits with 1.
    public var failedExactlyOnce: Bool {
        self.reconnectEvery > 0 && (self.missing > 0 || self.doubled > 0 || self.outOfOrder > 0)
    }

    public var deliveryRatio: Double {
        self.deliveriesExpected == 0 ? 0 : Double(self.deliveriesReceived) / Double(self.deliveriesExpected)
    }

    public var deliveriesPerSecond: Double {
        self.seconds > 0 ? Double(self.deliveriesReceived) / self.seconds : 0
    }

    /// Server CPU time per delivery in microseconds, when known.
    public var serverMicrosecondsPerDelivery: Double? {
        guard let cpu = self.serverCPUSeconds, self.deliveriesReceived > 0 else { return nil }
        return cpu * 1e6 / Double(self.deliveriesReceived)
    }

    /// Server memory per connection in KiB, when known (peak minus before, over the clients held).
    public var serverKiBPerConnection: Double? {
        guard self.mode != "churn", let before = self.serverRSSBefore, let peak = self.serverRSSPeak else { return nil }
        let held = self.clientsConnected + self.slowConnected
        return held > 0 ? Double(peak - before) / Double(held) : nil
    }

    /// The human report.
    public var text: String {
        var lines: [String] = []
        lines.append(
            "clients: \(self.clientsConnected) connected, \(self.clientsFailed) failed"
                + (self.mode == "churn" ? "" : " (all joined in \(Self.f(self.joinSeconds, 2)) s)")
                + (self.slowConnected > 0
                    ? "; slow: \(self.slowConnected) connected, \(self.slowDropped) dropped by the server" : "")
                + (self.readersLost > 0 ? "; \(self.readersLost) readers LOST" : ""))
        if self.mode == "churn" {
            lines.append(
                "churn: \(self.clientsConnected) connect+hello+welcome+close in \(Self.f(self.seconds, 2)) s = \(Self.f(self.connectionsPerSecond, 0)) connections/s"
            )
        } else {
            lines.append(
                "messages sent: \(self.messagesSent); deliveries: \(self.deliveriesReceived) of \(self.deliveriesExpected) expected (\(Self.f(self.deliveryRatio * 100, 2)) %)"
                    + (self.outOfOrder > 0 ? ", \(self.outOfOrder) OUT OF ORDER" : ", all in order"))
            lines.append(
                "throughput: \(Self.f(self.deliveriesPerSecond, 0)) deliveries/s over \(Self.f(self.seconds, 2)) s")
            lines.append(
                "latency (ms): p50 \(Self.f(self.latency[0] / 1000, 2))  p90 \(Self.f(self.latency[1] / 1000, 2))  p99 \(Self.f(self.latency[2] / 1000, 2))  p99.9 \(Self.f(self.latency[3] / 1000, 2))  max \(Self.f(self.latency[4] / 1000, 2))"
            )
        }
        if self.reconnectEvery > 0 { lines += self.resumeLines }
        if self.floodConnections > 0 {
            lines.append("flooders: \(self.floodLines) lines queued over \(self.floodConnections) connections")
        }
        if let before = self.serverRSSBefore, let peak = self.serverRSSPeak, let after = self.serverRSSAfter {
            var line = "server RSS (KiB): before \(before), peak \(peak), after \(after)"
            if let perConnection = self.serverKiBPerConnection {
                line += " = \(Self.f(perConnection, 2)) KiB per connection"
            }
            lines.append(line)
        }
        if let before = self.serverFDsBefore, let after = self.serverFDsAfter {
            lines.append("server open descriptors: before \(before), after \(after)")
        }
        if let cpu = self.serverCPUSeconds {
            lines.append(
                "server CPU: \(Self.f(cpu, 2)) s"
                    + (self.serverMicrosecondsPerDelivery.map { " = \(Self.f($0, 3)) µs per delivery" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// One machine-readable line.
    public var json: String {
        var fields: [String] = [
            "\"mode\":\"\(self.mode)\"", "\"clients_connected\":\(self.clientsConnected)",
            "\"clients_failed\":\(self.clientsFailed)",
            "\"slow_connected\":\(self.slowConnected)", "\"slow_dropped\":\(self.slowDropped)",
            "\"readers_lost\":\(self.readersLost)",
            "\"messages_sent\":\(self.messagesSent)", "\"deliveries_expected\":\(self.deliveriesExpected)",
            "\"deliveries_received\":\(self.deliveriesReceived)", "\"out_of_order\":\(self.outOfOrder)",
            "\"delivery_ratio\":\(Self.f(self.deliveryRatio, 6))", "\"seconds\":\(Self.f(self.seconds, 3))",
            "\"deliveries_per_second\":\(Self.f(self.deliveriesPerSecond, 0))",
            "\"latency_us\":{\"p50\":\(Self.f(self.latency[0], 0)),\"p90\":\(Self.f(self.latency[1], 0)),\"p99\":\(Self.f(self.latency[2], 0)),\"p99_9\":\(Self.f(self.latency[3], 0)),\"max\":\(Self.f(self.latency[4], 0))}",
            "\"connections_per_second\":\(Self.f(self.connectionsPerSecond, 0))",
            "\"join_seconds\":\(Self.f(self.joinSeconds, 3))",
        ]
        if self.reconnectEvery > 0 {
            fields.append("\"reconnect_every\":\(Self.f(self.reconnectEvery, 3))")
            fields.append("\"resumes\":\(self.resumes)")
            fields.append("\"gaps\":\(self.gaps)")
            fields.append("\"missing_announced\":\(self.announced)")
            fields.append(
                "\"resume_ms\":{\"p50\":\(Self.f(self.resumeMilliseconds[0], 2)),\"p99\":\(Self.f(self.resumeMilliseconds[1], 2)),"
                    + "\"max\":\(Self.f(self.resumeMilliseconds[2], 2))}")
            fields.append("\"missing\":\(self.missing)")
            fields.append("\"doubled\":\(self.doubled)")
            let clients = self.inexactClients.map {
                "{\"client\":\($0.client),\"room\":\($0.room),\"resumes\":\($0.resumes),\"gaps\":\($0.gaps),"
                    + "\"missing_announced\":\($0.announced),"
                    + "\"missing\":\($0.missing),\"doubled\":\($0.doubled),\"out_of_order\":\($0.outOfOrder)}"
            }
            fields.append("\"inexact_clients\":[" + clients.joined(separator: ",") + "]")
        }
        if self.floodConnections > 0 {
            fields.append("\"flood_lines\":\(self.floodLines)")
            fields.append("\"flood_connections\":\(self.floodConnections)")
        }
        if let value = self.serverRSSBefore { fields.append("\"server_rss_kib_before\":\(value)") }
        if let value = self.serverRSSPeak { fields.append("\"server_rss_kib_peak\":\(value)") }
        if let value = self.serverRSSAfter { fields.append("\"server_rss_kib_after\":\(value)") }
        if let value = self.serverFDsBefore { fields.append("\"server_fds_before\":\(value)") }
        if let value = self.serverFDsAfter { fields.append("\"server_fds_after\":\(value)") }
        if let value = self.serverCPUSeconds { fields.append("\"server_cpu_seconds\":\(Self.f(value, 3))") }
        if let value = self.serverMicrosecondsPerDelivery {
            fields.append("\"server_us_per_delivery\":\(Self.f(value, 4))")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Fixed-point formatting without Foundation.
    static func f(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
