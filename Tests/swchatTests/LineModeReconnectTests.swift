import ChatProtocol
import ChatServer
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import swchat

/// `swchat join` with pipes, across a lost connection: it comes back (the session's reconnect and resume, as on the
/// chat screen), and end of input while the server is away ends it instead of waiting forever.
@Suite("Line mode reconnect")
struct LineModeReconnectTests {
    /// What a pipe has delivered so far, read as it comes.
    final class Collector: Sendable {
        let text = NIOLockedValueBox("")

        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [text] handle in
                let data = handle.availableData
                if !data.isEmpty { text.withLockedValue { $0 += String(decoding: data, as: UTF8.self) } }
            }
        }

        /// Waits until `predicate` holds for the text so far; fails with it after `timeout`.
        func wait(_ what: String, timeout: Duration = .seconds(15), _ predicate: (String) -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while !predicate(self.text.withLockedValue { $0 }) {
                guard ContinuousClock.now < deadline else {
                    Issue.record("no \(what) within \(timeout); got:\n\(self.text.withLockedValue { $0 })")
                    throw CancellationError()
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Waits for a process to end, failing the test after `timeout` (it is then killed).
    static func waitForExit(_ process: Process, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                Issue.record("swchat join did not end within \(timeout)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("the server restarts: line mode reconnects, and a line piped afterwards reaches the room")
    func reconnects() async throws {
        var server = try await TerminalEndToEndTests.startServer()
        let port = server.port
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = ["join", "127.0.0.1:\(port)", "--name", "bot"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let printed = Collector(output)
        let complaints = Collector(errors)
        try process.run()
        try await printed.wait("the welcome") { $0.contains("Welcome to swchat, bot!") }

        await server.shutdown()
        try await complaints.wait("the retry") { $0.contains("swchat: reconnecting in") }
        server = try await TerminalEndToEndTests.startServer(port: port)
        try await printed.wait("the second welcome") {
            $0.components(separatedBy: "Welcome to swchat, bot!").count == 3
        }
        let reader = try TextSocketClient(port: port)
        try await reader.waitFor("the reader's welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        try input.fileHandleForWriting.write(contentsOf: Data("back again\n".utf8))
        try await reader.waitFor("the line after the reconnect") { $0.contains { $0.hasSuffix("bot: back again") } }
        try input.fileHandleForWriting.close()
        try await Self.waitForExit(process)
        #expect(process.terminationStatus == 0)
        #expect(complaints.text.withLockedValue { $0 }.contains("swchat: disconnected: "))
        await server.shutdown()
    }

    @Test("end of input while the server is away ends line mode at once, with status 1")
    func endOfInputOffline() async throws {
        let server = try await TerminalEndToEndTests.startServer()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = ["join", "127.0.0.1:\(server.port)", "--name", "bot"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let printed = Collector(output)
        let complaints = Collector(errors)
        try process.run()
        try await printed.wait("the welcome") { $0.contains("Welcome to swchat, bot!") }
        await server.shutdown()
        try await complaints.wait("the retry") { $0.contains("swchat: reconnecting in") }
        try input.fileHandleForWriting.close()
        // Without the stop it would go on trying (1 s, 2 s, 4 s, ... apart) for as long as the server is away.
        try await Self.waitForExit(process, timeout: .seconds(10))
        #expect(process.terminationStatus == 1)
        #expect(!printed.text.withLockedValue { $0 }.contains("not sent"), "no /quit is tried on a lost connection")
    }

    @Test("a resume's frames in line mode: replay_end prints nothing, a gap one line naming its room")
    func resumeFrames() {
        let output = LineModeOutput(json: false)
        output.handle(
            .received(
                Message(type: .welcome, dataSource: "server", data: "Welcome back", room: "lobby", server: "s")))
        #expect(output.lines(for: Message(type: .replayEnd, dataSource: "server", room: "dev", seq: 9)) == "")
        let gap = Message(
            type: .gap, dataSource: "server", data: "2,345 messages not shown", room: "dev", before: 2446, after: 100,
            missing: 2345)
        #expect(output.lines(for: gap) == "-!- #dev 2,345 messages not shown\n")
    }
}
