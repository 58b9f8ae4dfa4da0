import NIOCore

@testable import ChatServer

/// The in-memory store with its reads answered only when the test says (`answerReads`), as a database's come back
/// later: for what a connection's output does while a read is pending. Appends are answered at once.
final class DeferredStore: MessageStore {
    let memory = MemoryMessageStore()
    private var reads: [() -> Void] = []
    /// When set, reads are answered by themselves on this loop, a turn later (as a database's are).
    var answersOn: (any EventLoop)?

    /// Held until `answerReads`, or answered a turn later on `answersOn`.
    private func later(_ read: @escaping () -> Void) {
        guard let loop = self.answersOn else {
            self.reads.append(read)
            return
        }
        let bound = NIOLoopBound(read, eventLoop: loop)
        loop.execute { bound.value() }
    }
    /// Whether appends wait for `answerAppends` too (as a database's group commit does).
    var deferAppends = false
    private var appends: [() -> Void] = []

    var pendingAppends: Int { self.appends.count }

    func answerAppends() {
        let appends = self.appends
        self.appends = []
        for append in appends { append() }
    }

    var pendingReads: Int { self.reads.count }

    func answerReads() {
        let reads = self.reads
        self.reads = []
        for read in reads { read() }
    }

    func append(_ post: Post, completion: @escaping (Result<StoredMessage, MessageStoreError>) -> Void) {
        guard self.deferAppends else { return self.memory.append(post, completion: completion) }
        self.appends.append { self.memory.append(post, completion: completion) }
    }

    func messages(
        inRoom key: String, after: UInt64, through: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        self.later {
            self.memory.messages(inRoom: key, after: after, through: through, limit: limit, completion: completion)
        }
    }

    func messages(
        inRoom key: String, before: UInt64, limit: Int,
        completion: @escaping (Result<HistoryPage, MessageStoreError>) -> Void
    ) {
        self.later { self.memory.messages(inRoom: key, before: before, limit: limit, completion: completion) }
    }

    func privates(
        ofSession number: UInt64, after: UInt64, limit: Int,
        completion: @escaping (Result<[StoredMessage], MessageStoreError>) -> Void
    ) {
        self.later {
            self.memory.privates(ofSession: number, after: after, limit: limit, completion: completion)
        }
    }

    func save(_ session: SessionRecord) {}
    func forget(session number: UInt64) {}
    func save(_ record: ModerationRecord) {}
    func forget(_ kind: ModerationRecord.Kind, key: String) {}
    func close(completion: @escaping () -> Void) { completion() }
}
