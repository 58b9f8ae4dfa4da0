import Dispatch
import NIOCore

extension SQLiteMessageStore {
    /// Writes what is pending, closes both connections, lets go of the file's lock and stops the store's thread;
    /// `completion` on the loop once all that is done. Appends from now on are refused.
    public func close(completion: @escaping () -> Void) {
        self.eventLoop.assertInEventLoop()
        switch self.phase {
        case .closed where self.closeWaiters.isEmpty:
            completion()
        case .closed, .closing:
            self.closeWaiters.append(completion)
        case .open:
            self.phase = .closing
            self.closeWaiters.append(completion)
            self.pruneTask?.cancel()
            self.pruneTask = nil
            if let pass = self.retention {
                self.retention = nil
                for waiting in pass.completions { waiting() }
            }
            self.schedulePump()
        }
    }

    /// Once nothing is pending or in flight: SQLite closes the file, then the lock goes (closing the lock's
    /// descriptor first would drop SQLite's own locks), then the thread.
    func finishClose() {
        self.phase = .closed
        let pool = self.pool
        let readPool = self.readPool
        let loop = self.eventLoop
        self.reader.close().and(self.writer.close()).assumeIsolated().whenComplete { _ in
            self.lock.release()
            readPool.shutdownGracefully { _ in }
            pool.shutdownGracefully(queue: .global()) { _ in
                loop.execute {
                    let waiters = self.closeWaiters
                    self.closeWaiters = []
                    for waiter in waiters { waiter() }
                }
            }
        }
    }
}
