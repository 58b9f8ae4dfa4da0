import ChatServer
import Foundation
import Logging
import Testing

/// `swchat join` with pipes instead of a terminal: how scripts use it.
@Suite("Line mode")
struct LineModeTests {
    @Test("stdin lines are sent, frames are printed one per line, end of input quits with status 0")
    func script() async throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        var logger = Logger(label: "line")
        logger.logLevel = .error
        let server = try await ChatServer.start(configuration: configuration, logger: logger)
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
}
