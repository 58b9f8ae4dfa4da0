import Logging
import NIOCore

/// How a server gets its message store: opened on the server's event loop before it listens (a store that cannot
/// be opened stops the server from starting, with the store's one-line reason).
public struct StoreOpener: Sendable {
    let open: @Sendable (any EventLoop, Logger) async throws -> OpenedStore

    public init(_ open: @escaping @Sendable (any EventLoop, Logger) async throws -> OpenedStore) {
        self.open = open
    }

    /// History in memory only, for the life of the process (`--store memory`).
    public static let memory = StoreOpener { loop, _ in
        try await loop.submit {
            let store = MemoryMessageStore()
            return OpenedStore(store, snapshot: store.snapshot, eventLoop: loop)
        }.get()
    }
}

/// An open store, bound to the event loop that uses it, and what it held when it opened.
public struct OpenedStore: Sendable {
    let store: NIOLoopBound<any MessageStore>
    public let snapshot: StoreSnapshot
    /// A description for the startup log ("memory", or the file).
    public let description: String

    /// Call on `eventLoop`: the store is used there only.
    public init(
        _ store: any MessageStore, snapshot: StoreSnapshot, eventLoop: any EventLoop, description: String = "memory"
    ) {
        self.store = NIOLoopBound(store, eventLoop: eventLoop)
        self.snapshot = snapshot
        self.description = description
    }
}
