import ChatClient
import ChatProtocol
import ChatUI
import Foundation
import NIOConcurrencyHelpers

/// `swchat join` when stdin or stdout is not a terminal: stdin lines are sent (paced within the server's flood
/// limit), received frames are printed one per line (readable text, or JSON with --json). A lost connection is
/// retried as on the chat screen, and the session resumes where it left off (nothing missed, nothing twice). At end
/// of input it says /quit and waits for the goodbye; when the connection is down then, it stops trying.
enum LineMode {
    /// - Returns: the exit code: 0 after our own /quit, 1 if the server went away and input ended before it came back
    ///   (or the session ended otherwise, e.g. on a server that does not speak swchat).
    static func run(session: ChatSession, events: LineModeOutput) async -> Int32 {
        let runner = Task { await session.run() }
        let reader = Thread {
            while let line = readLine(strippingNewline: true) {
                let line = line.hasSuffix("\r") ? String(line.dropLast()) : line
                if !line.isEmpty { events.pacer.send(line, through: session) }
            }
            events.endOfInput()
            if session.isConnected { events.pacer.send("/quit", through: session) }
            // Nobody to say goodbye to: waiting for the next attempt would only hang the script.
            if !session.isLeaving {
                Task {
                    await session.stop()
                    runner.cancel()
                }
            }
        }
        reader.start()
        await runner.value
        return events.quitSent && session.isLeaving ? 0 : 1
    }
}

/// Prints session events for line mode; thread-safe (events arrive on NIO threads).
final class LineModeOutput: Sendable {
    private let json: Bool
    private let renderer = TextLineRenderer(utcOffsetSeconds: TimeZone.current.secondsFromGMT())
    /// Whether the closing /quit went out, and the room typed lines go to (the welcome's: the server's current room
    /// for a JSON client), whose lines are printed without a room.
    private let state = NIOLockedValueBox((quit: false, room: String?.none))
    /// Paces what stdin sends; the welcome sets its limit.
    let pacer = LineModePacer()

    init(json: Bool) {
        self.json = json
    }

    var quitSent: Bool { self.state.withLockedValue { $0.quit } }

    func endOfInput() {
        self.state.withLockedValue { $0.quit = true }
    }

    func handle(_ event: SessionEvent) {
        switch event {
        case .received(let message):
            if message.type == .welcome {
                self.pacer.setLimit(burst: message.floodBurst, perSecond: message.floodRate)
                let room = message.room ?? message.rooms?.first?.name
                self.state.withLockedValue { $0.room = room }
            }
            if self.json {
                self.write(MessageCoder.encodeString(message) + "\n")
            } else {
                self.write(self.lines(for: message))
            }
        case .undecodable(let line):
            self.write("! unreadable line from the server: \(DisplaySanitizer.clean(line))\n")
        case .notSent(let line):
            self.write("! not connected: not sent: \(DisplaySanitizer.clean(line))\n", error: true)
        case .disconnected(let reason):
            if !self.quitSent { self.write("swchat: disconnected: \(reason)\n", error: true) }
        case .retrying(let seconds):
            if !self.quitSent {
                self.write("swchat: reconnecting in \(((seconds * 10).rounded() / 10).plainText) s\n", error: true)
            }
        case .connecting, .connected:
            break
        }
    }

    /// A frame as printed lines: the readable text, each line cleaned (never trust the server with our terminal).
    /// A `replay_end` prints nothing. Lines of a room other than the one typed lines go to name it, so that no line
    /// is ambiguous: the renderer marks chat, actions, renames, leaves and topics (`#dev alice: hi`), and any other
    /// line of such a room that does not name it gets `#dev` in front.
    func lines(for message: Message) -> String {
        // The end of a replay is a marker for programs (--json shows it), not a line for people.
        guard message.type != .replayEnd else { return "" }
        let current = self.state.withLockedValue { $0.room }
        var renderer = self.renderer
        if let current { renderer.defaultRoom = current }
        let rendered = renderer.render(message)
        var prefix = ""
        if let room = message.room, message.type != .welcome, RoomNameRules.key(room) != current.map(RoomNameRules.key),
            !rendered.contains("#" + room)
        {
            prefix = "#" + room + " "
        }
        return rendered.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
            .map { DisplaySanitizer.clean(prefix + String($0)) + "\n" }.joined()
    }

    private func write(_ text: String, error: Bool = false) {
        self.state.withLockedValue { _ in
            // The throwing write: the old one traps when the terminal or pipe has gone away.
            try? (error ? FileHandle.standardError : FileHandle.standardOutput).write(contentsOf: Data(text.utf8))
        }
    }
}
