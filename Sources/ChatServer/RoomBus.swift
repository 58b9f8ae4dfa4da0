/// Carries room events between server processes that share rooms (the PostgreSQL cluster). The core publishes what
/// happened here; what other processes publish comes back through `subscribe`'s handler, on the event loop.
public protocol RoomBus: AnyObject {
    /// Tells the other processes. Events of this process never come back to it.
    func publish(_ event: RoomEvent)
    /// Starts delivering the other processes' events to `handler`.
    func subscribe(_ handler: @escaping (RoomEvent) -> Void)
}
