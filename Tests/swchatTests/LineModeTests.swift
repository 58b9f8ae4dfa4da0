import ChatServer
import Foundation
import Logging
import Testing

/// `swchat join` with pipes instead of a terminal: how scripts use it.
@Suite("Line mode")
struct LineModeTests {
    @Test("stdin lines are sent, frames are printed one per line, end of input quits with status 0")
    func script() async throws {
        let server = try await TerminalEndToEndTests.startServer()
        defer { Task { await server.shutdown() } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = ["join", "127.0.0.1:\(server.port)", "--name", "bot"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("hello from a script 你好\n/me beeps\n".utf8))
        try input.fileHandleForWriting.close()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(process.terminationStatus == 0)
        #expect(lines.first?.hasPrefix("-!- Welcome to swchat, bot!") == true, "\(lines)")
        #expect(lines.contains { $0.hasSuffix("bot: hello from a script 你好") })
        #expect(lines.contains { $0.hasSuffix("* bot beeps") })
        #expect(lines.contains("-!- goodbye, bot"))
    }

    @Test("30 piped lines against the default flood limit all reach the room, in order, then the goodbye")
    func pacedPipe() async throws {
        let server = try await TerminalEndToEndTests.startServer()
        defer { Task { await server.shutdown() } }
        let reader = try TextSocketClient(port: server.port)
        try await reader.waitFor("the reader's welcome") { $0.contains { $0.contains("Welcome to swchat") } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = ["join", "127.0.0.1:\(server.port)", "--name", "piper"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let expected = (1...30).map { "piped line \($0)" }
        try input.fileHandleForWriting.write(contentsOf: Data((expected.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let received = try await reader.waitFor("all 30 lines", timeout: .seconds(20)) { lines in
            lines.filter { $0.contains("piper: piped line") }.count >= 30
                || lines.contains { $0.contains("piper left") }
        }
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        let sent = received.filter { $0.contains("piper: piped line") }.compactMap {
            $0.components(separatedBy: "piper: ").last
        }
        #expect(sent == expected)
        let printed = String(decoding: data, as: UTF8.self)
        #expect(!printed.contains("flood limit"), "the server dropped nothing")
        #expect(printed.contains("-!- goodbye, piper"))
        #expect(process.terminationStatus == 0)
    }
}
