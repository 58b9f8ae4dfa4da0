import ArgumentParser
import ChatProtocol
import ChatServer
import ChatStore
import Foundation
import NIOCore

/// `swchat history`: prints a room's stored history from a store file, oldest first, as a text client would see it
/// or as JSON frames. It only reads (no lock, nothing created), so it works while a server uses the file.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a room's stored history from a store file.",
        discussion: """
            Reads the file without writing to it, also while a server uses it. Lines are shown as a text client \
            sees them; --json prints one frame per line, as the server sends them (see Resources/protocol.md).
            """
    )

    @Argument(help: "The store file (what `serve --store` was given).")
    var path: String

    @Option(help: "The room whose history to print.")
    var room = "lobby"

    @Option(help: "Print only the messages after this seq.")
    var since: UInt64 = 0

    @Flag(help: "One JSON frame per line instead of readable lines.")
    var json = false

    func validate() throws {
        if let problem = RoomNameRules.problem(with: RoomNameRules.bare(self.room)) {
            throw ValidationError("--room: \(problem)")
        }
    }

    func run() async throws {
        try await Self.reportingFailures { try await self.print() }
    }

    private func print() async throws {
        let reader: StoreReader
        do {
            reader = try await StoreReader.open(path: self.path)
        } catch {
            throw UsageFailure(error.description, code: 1)
        }
        let printed = await self.print(from: reader)
        await reader.close()
        try printed.get()
    }

    /// Prints the room's messages a page at a time; what went wrong as the line to show.
    private func print(from reader: StoreReader) async -> Result<Void, UsageFailure> {
        do throws(StoreOpenError) {
            guard let room = try await reader.room(named: self.room) else {
                return .failure(UsageFailure("\(self.path) has no room #\(RoomNameRules.bare(self.room))", code: 1))
            }
            let renderer = TextLineRenderer(utcOffsetSeconds: TimeZone.current.secondsFromGMT(), defaultRoom: room.name)
            try await reader.forEachMessage(inRoom: self.room, after: self.since) { page in
                var out = ByteBuffer()
                for stored in page {
                    let message = NoticeEncoder.message(stored, replay: false)
                    if self.json {
                        var line = MessageCoder.encodeLine(message)
                        out.writeBuffer(&line)
                    } else {
                        out.writeString(renderer.render(message).replacingOccurrences(of: "\r\n", with: "\n"))
                    }
                }
                FileHandle.standardOutput.write(Data(out.readableBytesView))
            }
            return .success(())
        } catch {
            return .failure(UsageFailure(error.description, code: 1))
        }
    }
}
