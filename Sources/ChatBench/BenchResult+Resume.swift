/// The readable report of `--reconnect-every`'s exactly-once check.
extension BenchResult {
    /// Clients listed one by one in the readable report when they are not exact (the JSON line lists them all).
    static let listedClients = 20

    /// One line when every client got every seq once and in order, else a loud one and a line per inexact client.
    var resumeLines: [String] {
        let every = "every \(Self.f(self.reconnectEvery, 2)) s"
        let counts =
            "\(self.resumes) resumes (\(every)), \(self.gaps) gaps; "
            + "\(self.missing) missing, \(self.doubled) doubled, \(self.outOfOrder) out of order"
        guard self.failedExactlyOnce else { return ["resume: \(counts): exactly once"] }
        var lines = [
            "RESUME CHECK FAILED: \(counts) (\(self.inexactClients.count) clients NOT EXACTLY ONCE)"
        ]
        for client in self.inexactClients.prefix(Self.listedClients) {
            lines.append(
                "  client \(client.client) (room \(client.room)): \(client.missing) MISSING, \(client.doubled) DOUBLED, "
                    + "\(client.outOfOrder) OUT OF ORDER after \(client.resumes) resumes, \(client.gaps) gaps")
        }
        if self.inexactClients.count > Self.listedClients {
            lines.append("  and \(self.inexactClients.count - Self.listedClients) more clients (--json lists them all)")
        }
        return lines
    }
}
