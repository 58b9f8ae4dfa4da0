import ChatServer
import NIOCore
import SQLiteNIO

extension SQLiteMessageStore {
    /// Runs `pump` at the end of this tick, once however many appends asked: what a tick appends is one batch.
    func schedulePump() {
        guard !self.pumpScheduled else { return }
        self.pumpScheduled = true
        self.eventLoop.execute {
            self.pumpScheduled = false
            self.pump()
        }
    }

    /// Starts the next write if none is in flight: pending appends and sessions first, then a pruning statement,
    /// then, once nothing is left, the close.
    func pump() {
        guard !self.writing else { return }
        // While writes fail, sessions alone wait for the next message (no loop of failing commits).
        if !self.pendingRows.isEmpty
            || ((!self.pendingSessions.isEmpty || !self.pendingRecords.isEmpty) && !self.failing)
        {
            self.commit()
        } else if self.phase == .closing {
            self.finishClose()
        } else if let step = self.retention?.steps.first {
            self.prune(step)
        } else if let pass = self.retention {
            self.retention = nil
            for completion in pass.completions { completion() }
        }
    }

    /// Writes everything pending in one transaction; completions in append order once it is committed, or all
    /// with the reason it failed (nothing of a failed batch is kept, nothing committed before is lost).
    private func commit() {
        let batch = WriteBatch(rows: self.pendingRows, sessions: self.pendingSessions, records: self.pendingRecords)
        let completions = self.pendingCompletions
        self.pendingRows = []
        self.pendingCompletions = []
        self.pendingSessions = []
        self.pendingRecords = []
        self.writing = true
        let statements = batch.statements(rowsPerStatement: self.configuration.rowsPerStatement)
        let written =
            batch.rows.count <= self.configuration.rowsPerStatement
            ? Self.pipelined(statements, on: self.writer) : Self.transaction(statements, on: self.writer)
        written.assumeIsolated().whenComplete { result in
            self.writing = false
            switch result {
            case .success:
                self.transactions += 1
                self.succeeded()
                for (row, completion) in zip(batch.rows, completions) { completion(.success(row.message)) }
            case .failure(let error):
                self.failedTransactions += 1
                let why = Self.reason(for: error)
                self.failed(
                    "\(batch.rows.count) messages and \(batch.sessions.count) session changes not stored", why: why,
                    error: error)
                for completion in completions { completion(.failure(.unavailable(why))) }
                // Messages are refused (their senders are told); sessions are kept for the next batch, else a
                // session opened while the disk was full would never be resumable.
                self.pendingSessions = batch.sessions + self.pendingSessions
                self.pendingRecords = batch.records + self.pendingRecords
            }
            self.schedulePump()
        }
    }

    /// BEGIN IMMEDIATE, the statements, COMMIT; each sent once the one before succeeded (statements sent ahead
    /// would run on their own after SQLite rolled a failed transaction back), ROLLBACK after any failure.
    static func transaction(_ statements: [StoreStatement], on writer: SQLiteConnection) -> EventLoopFuture<Void> {
        var future = writer.query("BEGIN IMMEDIATE", []) { _ in }
        for statement in statements {
            future = future.flatMap { writer.query(statement.sql, statement.binds) { _ in } }
        }
        return future.flatMap { writer.query("COMMIT", []) { _ in } }.flatMapError { error in
            writer.query("ROLLBACK", []) { _ in }.flatMapErrorThrowing { _ in }.flatMapThrowing { throw error }
        }
    }

    /// BEGIN IMMEDIATE, the statements and COMMIT all sent at once (the store's one thread runs them in order):
    /// one wait for the event loop instead of one per statement, which on a busy loop cost milliseconds each. Only for
    /// a batch of one INSERT: if SQLite rolls the transaction back itself (a full disk), what follows runs on its own
    /// and commits nothing but counters, which may run ahead harmlessly; so any statement's failure fails the batch,
    /// and a ROLLBACK ends whatever is left of the transaction.
    static func pipelined(_ statements: [StoreStatement], on writer: SQLiteConnection) -> EventLoopFuture<Void> {
        var futures = [writer.query("BEGIN IMMEDIATE", []) { _ in }]
        for statement in statements { futures.append(writer.query(statement.sql, statement.binds) { _ in }) }
        futures.append(writer.query("COMMIT", []) { _ in })
        return EventLoopFuture.whenAllComplete(futures, on: writer.eventLoop).flatMap { results in
            for case .failure(let error) in results {
                return writer.query("ROLLBACK", []) { _ in }.flatMapErrorThrowing { _ in }.flatMapThrowing {
                    throw error
                }
            }
            return writer.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// A write worked: if the ones before failed, say it works again.
    func succeeded() {
        guard self.failing else { return }
        self.failing = false
        self.logger.info("the store works again", metadata: ["path": "\(self.path)"])
    }

    /// A write failed: logged once per streak of failures, as one line.
    func failed(_ what: String, why: String, error: any Error) {
        guard !self.failing else { return }
        self.failing = true
        self.logger.error(
            "store writes failing (\(why)): \(what); messages are refused until it works again",
            metadata: ["path": "\(self.path)", "error": "\(error)"])
    }

    /// What a client is told when its message could not be stored.
    static func reason(for error: any Error) -> String {
        guard let error = error as? SQLiteError else { return "store error" }
        let reason = String(describing: error.reason)
        if reason == "full" { return "disk full" }
        if reason.lowercased().hasPrefix("readonly") { return "read-only store" }
        if reason.hasPrefix("ioError") { return "I/O error" }
        if reason.hasPrefix("corrupt") || reason == "notADatabase" { return "store damaged" }
        if reason.hasPrefix("busy") || reason.hasPrefix("locked") { return "store busy" }
        return "store error"
    }
}
