import ChatClient
import ChatUI
import Foundation
import NIOConcurrencyHelpers

/// Line mode's sends, paced within the server's flood limit as the screen's are (`LinePacer`): lines piped in
/// faster than the limit would otherwise be dropped by the server, the closing /quit with them.
///
/// Only the stdin reader thread sends, and it waits for its turn here, so reading follows the pace and at most one
/// line is held. The limit comes from the welcome, on a NIO thread.
final class LineModePacer: Sendable {
    private let pacer = NIOLockedValueBox(LinePacer())

    /// Takes the limit the welcome states.
    func setLimit(burst: Int?, perSecond: Double?) {
        let now = Self.now()
        self.pacer.withLockedValue { $0.setLimit(burst: burst, perSecond: perSecond, now: now) }
    }

    /// Sends `line` through `session` when the limit allows, blocking the calling thread until then.
    func send(_ line: String, through session: ChatSession) {
        self.pacer.withLockedValue { $0.append([.send(line)]) }
        while true {
            let now = Self.now()
            let (released, wait) = self.pacer.withLockedValue {
                ($0.release(now: now, connected: true), $0.millisecondsUntilNextRelease(now: now, connected: true))
            }
            for case .send(let line, let room) in released { session.send(line, room: room) }
            guard let wait else { return }
            // A rate, not a synchronisation: the next token is due in `wait` ms.
            Thread.sleep(forTimeInterval: Double(max(1, wait)) / 1000)
        }
    }

    /// Milliseconds on a monotonic clock.
    private static func now() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }
}
