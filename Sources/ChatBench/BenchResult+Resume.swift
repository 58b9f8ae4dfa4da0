/// The readable report of `--reconnect-every`'s exactly-once check.
extension BenchResult {
    /// Clients listed one by one in the readable report when they are not exact (the JSON line lists them all).
    static let listedClients = 20

    /// One line when every client got every seq once and in order, else a loud one and a line per inexact client.
    /// Missing seqs are told apart: those the server's `gap` frames announced (the protocol's limit, `--max-resume`
    /// or what its store still held) and those lost without a word.
    var resumeLines: [String] {
        let back = self.resumeMilliseconds
        let resumes =
            "\(self.resumes) resumes (every \(Self.f(self.reconnectEvery, 2)) s; welcomed again in p50 "
            + "\(Self.f(back[0], 1)) ms, p99 \(Self.f(back[1], 1)) ms, max \(Self.f(back[2], 1)) ms), \(self.gaps) gaps"
        guard self.failedExactlyOnce else {
            return ["resume: \(resumes); 0 missing, 0 doubled, 0 out of order: exactly once"]
        }
        let silent = self.missing > self.announced ? self.missing - self.announced : 0
        var lines = [
            "RESUME CHECK FAILED: \(resumes); \(self.missing) MISSING (\(self.announced) announced by gaps, "
                + "\(silent) without a word), \(self.doubled) DOUBLED, \(self.outOfOrder) OUT OF ORDER "
                + "(\(self.inexactClients.count) clients not exactly once)"
        ]
        for client in self.inexactClients.prefix(Self.listedClients) {
            lines.append(
                "  client \(client.client) (room \(client.room)): \(client.missing) MISSING (\(client.announced) "
                    + "announced), \(client.doubled) DOUBLED, \(client.outOfOrder) OUT OF ORDER after "
                    + "\(client.resumes) resumes, \(client.gaps) gaps")
        }
        if self.inexactClients.count > Self.listedClients {
            lines.append("  and \(self.inexactClients.count - Self.listedClients) more clients (--json lists them all)")
        }
        return lines
    }
}
