import ChatProtocol
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `swchat serve` killed with SIGKILL in the middle of a flood, and started again on the same database.
@Suite("Crash end to end", .serialized)
struct CrashEndToEndTests {
    /// Starts `swchat serve` on `port` with the database `store`, and waits until it takes connections.
    static func serve(port: Int, store: String) async throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        server.arguments = [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--store", store, "--flood-limit", "off",
            "--max-resume", "5000", "--log-level", "error",
        ]
        try server.run()
        _ = try await TextSocketClient.connecting(port: port)
        return server
    }

    static func frames(_ lines: [String]) -> [Message] {
        lines.compactMap { try? MessageCoder().decode($0) }
    }

    @Test("every message whose echo its sender saw before kill -9 is in the database after it, once, in order")
    func killMidFlood() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("chat.sqlite3").path
        let port = try TextSocketClient.freePort()
        let first = try await Self.serve(port: port, store: store)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }

        let sender = try TextSocketClient(port: port)
        try sender.send(#"{"type":"hello","data":"flood"}"#)
        let welcome = try #require(
            Self.frames(try await sender.waitFor("the welcome") { Self.frames($0).contains { $0.type == .welcome } })
                .first { $0.type == .welcome })
        // Lines go out in chunks until a few hundred have come back, and the last chunk is still on its way when
        // the server is killed: some stored and echoed, some stored only, some neither.
        var sent = 0
        while sent < 20_000 {
            for _ in 0..<200 {
                try sender.send(#"{"data":"line \#(sent)"}"#)
                sent += 1
            }
            sender.poll()
            if sent >= 1000, Self.frames(sender.lines).count(where: { $0.type == .chat }) >= 300 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        // The last burst, with no pause before the kill.
        for _ in 0..<2000 {
            try sender.send(#"{"data":"line \#(sent)"}"#)
            sent += 1
        }
        #expect(kill(first.processIdentifier, SIGKILL) == 0)
        first.waitUntilExit()
        try await sender.waitFor("the connection's end", timeout: .seconds(5)) { _ in sender.isClosed }
        let echoed = Self.frames(sender.lines).filter { $0.type == .chat }.map(\.data)
        #expect(echoed.count >= 300 && echoed.count < sent, "killed mid-flood: \(echoed.count) of \(sent) echoed")

        let second = try await Self.serve(port: port, store: store)
        defer {
            second.interrupt()
            second.waitUntilExit()
        }
        let reader = try TextSocketClient(port: port)
        let hello = Message(type: .hello, data: "reader", server: welcome.server, since: ["lobby": 0])
        try reader.send(MessageCoder.encodeString(hello))
        let lines = try await reader.waitFor("the replay's end", timeout: .seconds(20)) { lines in
            Self.frames(lines).contains { $0.type == .replayEnd }
        }
        let frames = Self.frames(lines)
        #expect(frames.first { $0.type == .welcome }?.server == welcome.server, "the same server, restarted")
        let stored = frames.filter { $0.type == .chat && $0.replay == true }.map(\.data)
        #expect(Array(stored.prefix(echoed.count)) == echoed, "every echoed line, in order")
        #expect(Set(stored).count == stored.count, "none twice")
        #expect(!frames.contains { $0.type == .gap })
    }

    /// Runs `swchat serve` on `store` until it exits. - Returns: its status and what it wrote on stderr.
    static func refused(store: String) throws -> (status: Int32, stderr: String) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        server.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--store", store, "--log-level", "error"]
        let errors = Pipe()
        server.standardError = errors
        try server.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        server.waitUntilExit()
        return (server.terminationStatus, text)
    }

    @Test("a store another server holds, or a file that is not a swchat database: one line, exit 1")
    func refusals() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-refuse-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("held.sqlite3").path
        let port = try TextSocketClient.freePort()
        let holder = try await Self.serve(port: port, store: store)
        defer {
            holder.interrupt()
            holder.waitUntilExit()
        }
        let second = try Self.refused(store: store)
        #expect(second.status == 1)
        #expect(second.stderr.contains("is in use by another swchat server (pid \(holder.processIdentifier))"))
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")

        let garbage = directory.appendingPathComponent("notes.txt").path
        try Data("these are my notes, not a database\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let foreign = try Self.refused(store: garbage)
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("not a swchat database"), "\(foreign.stderr)")
        #expect(foreign.stderr.split(separator: "\n").count == 1, "\(foreign.stderr)")
        #expect(try String(contentsOfFile: garbage, encoding: .utf8) == "these are my notes, not a database\n")
    }
}
