import ChatClient
import ChatUI
import CursesBackend
import Foundation

/// `swchat join` on a terminal: connects first (so an unreachable server is one line and the terminal is never
/// touched), then runs the curses screen on its own thread while the session runs on Swift concurrency.
enum TerminalApp {
    /// - Returns: the exit code: 0 after the user quits, 128 + the signal after SIGTERM, SIGHUP or SIGINT.
    static func run(
        endpoint: HostPort, name: String, rooms: [String], configuration: SessionConfiguration, bell: BellPolicy,
        scrollback: Int, options: TerminalOptions
    ) async throws -> Int32 {
        let inbox = EventInbox()
        let session = ChatSession(endpoint: endpoint, name: name, rooms: rooms, configuration: configuration) {
            inbox.post($0)
        }
        do {
            try await session.connect()
        } catch {
            throw Join.connectFailure(error, endpoint: endpoint)
        }
        let runner = Task { await session.run() }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<ScreenLoop.Outcome, Never>) in
            // Curses blocks in poll(): never on the cooperative pool, always on a thread of its own.
            let thread = Thread {
                continuation.resume(
                    returning: ScreenLoop.run(
                        inbox: inbox, session: session, bell: bell, scrollback: scrollback, options: options))
            }
            thread.start()
        }
        await session.stop()
        runner.cancel()
        await runner.value
        switch outcome {
        case .quit: return 0
        case .signalled(let signal): return 128 + signal
        case .failed(let failure): throw UsageFailure(failure.description, code: 1)
        }
    }
}

/// The curses thread: owns the terminal and the screen state; every curses call happens here.
enum ScreenLoop {
    /// How the loop ended.
    enum Outcome: Equatable {
        /// The user quit, or the terminal went away.
        case quit
        /// SIGTERM, SIGHUP or SIGINT arrived; the terminal has been given back.
        case signalled(Int32)
        /// The terminal could not be set up.
        case failed(TerminalError)
    }

    /// Runs until the user quits, a termination signal arrives or the terminal goes away.
    static func run(
        inbox: EventInbox, session: ChatSession, bell: BellPolicy, scrollback: Int, options: TerminalOptions
    ) -> Outcome {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(options: options)
        } catch {
            return .failed(error)
        }
        defer { terminal.shutdown() }
        inbox.attach(terminal.waker)
        var state = ChatState(
            serverAddress: session.endpoint.description, myName: session.name, size: terminal.size,
            scrollbackLimit: scrollback, utcOffsetSeconds: TimeZone.current.secondsFromGMT(), bell: bell)
        state.encrypted = session.isEncrypted
        var canvas = CursesCanvas(terminal: terminal)
        var dirty = true
        /// Bells asked for since the last frame: rung once with it, however many messages asked.
        var ring = false
        /// The rooms last told to the session, for the hello of a reconnect.
        var toldRooms = session.rooms
        /// Carries out what the state asks; returns false when it asks to quit.
        func perform(_ effects: [ChatEffect]) -> Bool {
            for effect in effects {
                switch effect {
                case .send(let line, let room): session.send(line, room: room)
                case .history(let room, let before, let limit):
                    session.requestHistory(room: room, before: before, limit: limit)
                case .bell: ring = true
                case .quit: return false
                }
            }
            return true
        }
        while true {
            // Everything that arrived since the last turn is applied first, then drawn once: a burst of
            // thousands of messages costs one redraw, and typing stays responsive.
            for event in inbox.drain() {
                guard perform(state.update(Self.chatEvent(event), now: Self.now())) else { return .quit }
                dirty = true
            }
            if dirty {
                // The session runs on NIO threads and the rooms live here: it is told whenever they change, for the
                // hello of its next reconnect.
                if let rooms = state.joinedRooms, rooms != toldRooms {
                    session.setRooms(rooms)
                    toldRooms = rooms
                }
                Renderer.draw(state, on: &canvas)
                canvas.present()
                terminal.setTitle(state.terminalTitle)
                if ring { terminal.ringBell() }
                ring = false
                dirty = false
            }
            // Wake up for the countdown to a reconnection, and when the flood limit lets the next queued line go.
            let counting = state.secondsUntilRetry != nil
            var timeout: Int64 = counting ? 250 : 1000
            if let next = state.millisecondsUntilNextSend { timeout = min(timeout, max(0, next)) }
            switch terminal.waitForInput(timeoutMilliseconds: Int32(timeout)) {
            case .hangup:
                return .quit
            case .terminationRequested:
                return terminal.terminationSignal.map { .signalled($0) } ?? .quit
            case .timeout:
                if counting || !state.outbox.isEmpty {
                    guard perform(state.update(.tick, now: Self.now())) else { return .quit }
                    dirty = true
                }
            case .input, .woken:
                break
            }
            for key in terminal.readKeys() {
                let event: ChatEvent = key == .resize ? .resized(terminal.size) : .key(key)
                guard perform(state.update(event, now: Self.now())) else { return .quit }
                dirty = true
            }
        }
    }

    static func chatEvent(_ event: SessionEvent) -> ChatEvent {
        switch event {
        case .connecting: .connecting
        case .connected: .connected
        case .received(let message): .frame(message)
        case .undecodable(let line): .undecodable(line)
        case .disconnected(let reason): .disconnected(reason: reason)
        case .retrying(let seconds): .retrying(inSeconds: seconds)
        case .notSent(let line): .notSent(line)
        }
    }

    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
