import ChatClient
import CursesBackend
import NIOConcurrencyHelpers

/// Network → UI: session events queue here (from NIO threads) and wake the curses thread through its pipe.
///
/// Events posted before the terminal exists are kept and drained on the first turn of the loop.
final class EventInbox: Sendable {
    private let state = NIOLockedValueBox<(events: [SessionEvent], waker: Waker?)>(([], nil))

    func post(_ event: SessionEvent) {
        let waker = self.state.withLockedValue { state in
            state.events.append(event)
            return state.waker
        }
        waker?.wake()
    }

    func attach(_ waker: Waker) {
        self.state.withLockedValue { $0.waker = waker }
    }

    /// Everything queued so far, oldest first.
    func drain() -> [SessionEvent] {
        self.state.withLockedValue { state in
            defer { state.events.removeAll(keepingCapacity: true) }
            return state.events
        }
    }
}
