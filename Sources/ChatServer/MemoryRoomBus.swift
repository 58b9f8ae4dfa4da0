/// A bus within one event loop: every endpoint but the publisher hears each event, in order. The server has one with
/// itself alone (nobody to tell); cores on one loop can share rooms through one. Not for several loops: it does not
/// hop between them (the PostgreSQL bus delivers on the server's loop).
public final class MemoryRoomBus {
    private var handlers: [(id: Int, handler: (RoomEvent) -> Void)] = []
    private var nextID = 0

    public init() {}

    /// A connection to this bus for one server: what it publishes goes to the others.
    public func attach() -> RoomBus {
        self.nextID += 1
        return Endpoint(bus: self, id: self.nextID)
    }

    fileprivate func publish(_ event: RoomEvent, from id: Int) {
        for (subscriber, handler) in self.handlers where subscriber != id { handler(event) }
    }

    fileprivate func subscribe(_ id: Int, _ handler: @escaping (RoomEvent) -> Void) {
        self.handlers.append((id, handler))
    }

    private final class Endpoint: RoomBus {
        let bus: MemoryRoomBus
        let id: Int

        init(bus: MemoryRoomBus, id: Int) {
            self.bus = bus
            self.id = id
        }

        func publish(_ event: RoomEvent) { self.bus.publish(event, from: self.id) }

        func subscribe(_ handler: @escaping (RoomEvent) -> Void) { self.bus.subscribe(self.id, handler) }
    }
}

@available(*, unavailable)
extension MemoryRoomBus: Sendable {}
