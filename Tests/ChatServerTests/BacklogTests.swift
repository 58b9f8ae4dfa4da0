import ChatProtocol
import ChatServer
import NIOCore
import Testing

/// Queue limits against real sockets: bursts are not backlogs, and a client that does not read cannot hold a
/// connection open by refusing its last frames.
@Suite("Backlog")
struct BacklogTests {
    @Test("one tick bigger than the queue limit does not drop readers that keep up")
    func burstIsNotBacklog() async throws {
        try await withServer({
            $0.maxQueueBytes = 64 * 1024
            $0.sendBufferBytes = 16 * 1024
            $0.room.floodLimit = nil
        }) { server in
            let (sender, _) = try await TestClient.join(port: server.port, name: "sender")
            let (reader, _) = try await TestClient.join(port: server.port, name: "reader")
            // 20 lines of 8 KB in one write: one tick of ~160 KB to every member, well over the 64 KiB limit.
            let payload = String(repeating: "y", count: 8000)
            let burst = (0..<20).map { #"{"data":"\#($0) \#(payload)"}"# + "\n" }.joined()
            try await sender.sendRaw(Array(burst.utf8))
            for index in 0..<20 {
                let frame = try await reader.frame { $0.type == .chat && $0.data.hasPrefix("\(index) ") }
                #expect(frame.dataSource == "sender")
            }
            #expect(!reader.isClosed && !sender.isClosed)
            #expect(reader.drain().allSatisfy { !$0.contains("too slow") })
        }
    }

    @Test("a client that never reads is closed after its idle timeout even though its goodbye cannot be delivered")
    func closeHasADeadline() async throws {
        try await withServer({
            $0.maxQueueBytes = 64 << 20  // never "too slow": only the close deadline can end it
            $0.sendBufferBytes = 16 * 1024
            // Long enough that the sender, busy with its rounds on a loaded test machine, is never the one timed out.
            // (8 s: with the whole suite on 2 cores, its rounds took over 4.)
            $0.idleTimeout = .seconds(8)
            // On a loaded machine a hello can come after the usual 300 ms: the client would join as a guest first.
            $0.sniffTimeout = .seconds(10)
            $0.room.floodLimit = nil
        }) { server in
            let (sender, _) = try await TestClient.join(port: server.port, name: "sender")
            let stalled = try await TestClient.connect(port: server.port, autoRead: false, receiveBuffer: 4096)
            try await stalled.send(#"{"type":"hello","data":"stalled"}"#)
            _ = try await sender.frame { $0.type == .join && $0.dataSource == "stalled" }
            // Fill the stalled client's socket so nothing more can reach it, pinging to stay alive meanwhile.
            let payload = String(repeating: "z", count: 8000)
            for round in 0..<10 {
                let lines = (0..<10).map { #"{"data":"\#(round)-\#($0) \#(payload)"}"# + "\n" }.joined()
                try await sender.sendRaw(Array(lines.utf8))
                _ = try await sender.frame { $0.data.hasPrefix("\(round)-9 ") }
            }
            // The sender pings meanwhile: idle as long as the stalled client, it would be timed out too.
            var left = false
            let waitUntil = ContinuousClock.now + .seconds(25)
            while !left, ContinuousClock.now < waitUntil {
                try await sender.send(#"{"type":"ping"}"#)
                left =
                    (try? await sender.frame(timeout: .milliseconds(500)) {
                        $0.type == .leave && $0.dataSource == "stalled"
                    }) != nil
            }
            #expect(left, "the stalled client was timed out")
            // Timed out; now it must actually be closed within the grace period, not linger forever.
            let deadline = ContinuousClock.now + .seconds(6)
            while try await server.connectionCount() > 1, ContinuousClock.now < deadline {
                try await sender.send(#"{"type":"ping"}"#)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await server.connectionCount() == 1)
        }
    }
}
