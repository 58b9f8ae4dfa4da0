import NIOCore
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SQLiteMessageStore {
    /// Deletes what retention no longer keeps (messages older than `retainMilliseconds`, each room's messages but
    /// its newest `retainMessages`) and expired sessions, `pruneBatch` rows per statement; pending appends go
    /// first between statements, so they never wait for more than one. The timer calls it every `pruneInterval`;
    /// `completion` (on the loop) once the round is done.
    public func runRetention(completion: @escaping () -> Void) {
        self.eventLoop.assertInEventLoop()
        guard self.phase == .open else { return completion() }
        if self.retention == nil { self.retention = RetentionPass(steps: self.retentionSteps()) }
        self.retention?.completions.append(completion)
        self.schedulePump()
    }

    /// What this round deletes: the age limit across all messages, the count limit in the rooms written to since
    /// the last round (all rooms in the first round after open), expired sessions.
    private func retentionSteps() -> [PruneStep] {
        let now = Self.now()
        var steps: [PruneStep] = []
        if let age = self.configuration.retainMilliseconds {
            steps.append(.olderThan(wall: now - max(0, age)))
        }
        if let keep = self.configuration.retainMessages {
            steps += self.dirtyRooms.sorted().map { .beyondNewest(room: $0, keep: keep) }
            self.dirtyRooms = []
        }
        steps.append(.expiredSessions(now: now))
        return steps
    }

    /// One DELETE of at most `pruneBatch` rows; the step is done once a statement deletes fewer.
    func prune(_ step: PruneStep) {
        self.writing = true
        let batch = max(1, self.configuration.pruneBatch)
        let statement = step.statement(batch: batch)
        let writer = self.writer
        writer.query(statement.sql, statement.binds) { _ in }
            .flatMap { writer.query("SELECT changes() AS count", []) }
            .assumeIsolated().whenComplete { result in
                self.writing = false
                switch result {
                case .success(let rows):
                    self.succeeded()
                    let count = rows.first?.column("count")?.integer ?? 0
                    self.pruned += count
                    if count < batch { self.finishStep() }
                case .failure(let error):
                    self.failed("retention could not delete old rows", why: Self.reason(for: error), error: error)
                    self.finishStep()
                }
                self.schedulePump()
            }
    }

    private func finishStep() {
        guard self.retention?.steps.isEmpty == false else { return }
        self.retention?.steps.removeFirst()
    }

    /// Starts the retention timer.
    func startRetentionTimer() {
        let interval = self.configuration.pruneInterval
        self.pruneTask = self.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            self.runRetention {}
        }
    }

    /// Wall time, milliseconds since 1970.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
