import ArgumentParser
import ChatProtocol
import ChatServer
import ChatUI
import Foundation
import Testing

@testable import swchat

/// `join --rooms` and `--bell` on the command line, and line mode in several rooms.
@Suite("Join rooms")
struct JoinRoomsTests {
    static func join(_ arguments: [String]) throws -> Join {
        try #require(try SwChat.parseAsRoot(["join", "127.0.0.1:8080"] + arguments) as? Join)
    }

    @Test(
        "--rooms: lobby and the rooms listed, # optional, each once; naming lobby chooses its place",
        arguments: [
            ([String](), [String]()),
            (["--rooms", "dev,ops"], ["lobby", "dev", "ops"]),
            (["--rooms", "#dev, #中文"], ["lobby", "dev", "中文"]),
            (["--rooms", "dev,DEV,lobby"], ["dev", "lobby"]),
            (["--rooms", ",dev,"], ["lobby", "dev"]),
        ])
    func rooms(arguments: [String], expected: [String]) throws {
        #expect(try Self.join(arguments).startRooms == expected)
    }

    @Test("--bell takes mentions, all or off; mentions by default")
    func bell() throws {
        #expect(try Self.join([]).bell == .mentions)
        #expect(try Self.join(["--bell", "all"]).bell == .all)
        #expect(try Self.join(["--bell", "OFF"]).bell == .off)
    }

    @Test(
        "a bad room name or bell is a usage error naming the option",
        arguments: [
            (["--rooms", "dev,a b"], "--rooms"), (["--rooms", "dev.ops"], "--rooms"), (["--bell", "loud"], "bell"),
        ])
    func badValues(arguments: [String], option: String) {
        do {
            _ = try SwChat.parseAsRoot(["join", "127.0.0.1:8080"] + arguments)
            Issue.record("\(arguments) should not parse")
        } catch {
            #expect(SwChat.exitCode(for: error).rawValue == 64)
            #expect(SwChat.message(for: error).contains(option), "\(SwChat.message(for: error))")
        }
    }

    @Test("join --help lists --rooms and --bell")
    func help() {
        let help = SwChat.helpMessage(for: Join.self)
        #expect(help.contains("--rooms") && help.contains("--bell"))
    }

    @Test("line mode names the room of every line from a room other than the welcome's, once")
    func lineModePrefixes() {
        let output = LineModeOutput(json: false)
        let ts = "2026-11-21T12:03:04.000Z"
        output.handle(
            .received(
                Message(
                    type: .welcome, dataSource: "server", data: "Welcome", ts: ts, room: "dev",
                    rooms: [RoomInfo(name: "dev"), RoomInfo(name: "lobby")])))
        let join = Message(type: .join, dataSource: "bob", data: "bob joined (3 online)", ts: ts, room: "lobby")
        #expect(output.lines(for: join) == "#lobby -!- bob joined (3 online)\n")
        let chat = Message(type: .chat, dataSource: "bob", data: "hi", ts: ts, room: "lobby")
        #expect(output.lines(for: chat).contains("#lobby bob: hi"))
        #expect(!output.lines(for: chat).hasPrefix("#lobby"), "the renderer named it: not twice")
        let here = Message(type: .chat, dataSource: "bob", data: "here", ts: ts, room: "dev")
        #expect(!output.lines(for: here).contains("#dev"))
        let joinHere = Message(type: .join, dataSource: "bob", data: "bob joined #dev (3 online)", ts: ts, room: "dev")
        #expect(output.lines(for: joinHere) == "-!- bob joined #dev (3 online)\n")
    }

    @Test("line mode in two rooms: a line of the other room names it, a line of the room typed into does not")
    func lineModeNamesRooms() async throws {
        let server = try await TerminalEndToEndTests.startServer()
        defer { Task { await server.shutdown() } }
        let nc = try TextSocketClient(port: server.port)
        try await nc.waitFor("the welcome") { $0.contains { $0.contains("Welcome to swchat") } }
        try nc.send("/join dev")
        try await nc.waitFor("the join") { $0.contains { $0.contains("#dev") } }
        try nc.send("from dev")
        try await nc.waitFor("the echo") { $0.contains { $0.contains("from dev") } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.swchatPath)
        process.arguments = ["join", "127.0.0.1:\(server.port)", "--name", "bot", "--rooms", "dev"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("hello lobby\n".utf8))
        try input.fileHandleForWriting.close()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(process.terminationStatus == 0)
        // dev's roster and its history (the nc user's line) are marked as #dev's; the lobby's lines are not.
        #expect(lines.contains { $0.contains("#dev: ") && $0.contains("online") }, "\(lines)")
        #expect(lines.contains { $0.contains("#dev") && $0.hasSuffix(": from dev") }, "\(lines)")
        #expect(lines.contains { $0.hasSuffix("] bot: hello lobby") }, "\(lines)")
    }
}
