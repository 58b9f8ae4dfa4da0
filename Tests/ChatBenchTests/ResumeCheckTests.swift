import ChatServer
import Testing

@testable import ChatBench

/// `--reconnect-every`: the seq ledger, the per-client accounting, the frame fields it reads, and real runs against
/// an in-process server that resumes (exactly once) and one resumed without `since` (the check must see the doubles).
@Suite("Bench resume check")
struct ResumeCheckTests {
    static func ledger(_ seqs: [UInt64]) -> SeqLedger {
        var ledger = SeqLedger()
        for seq in seqs { ledger.record(seq) }
        return ledger
    }

    @Test("the ledger tells new, doubled and out-of-order seqs apart and keeps them as joined ranges")
    func ledgerOutcomes() {
        var ledger = SeqLedger()
        let outcomes = [1, 2, 3, 5, 3, 4, 9, 7, 6, 6, 8].map { ledger.record(UInt64($0)) }
        #expect(
            outcomes == [
                .new, .new, .new, .new, .doubled, .outOfOrder, .new, .outOfOrder, .outOfOrder, .doubled, .outOfOrder,
            ])
        #expect(ledger.ranges == [1...9])
        #expect(ledger.count == 9 && ledger.doubled == 2 && ledger.outOfOrder == 4 && ledger.last == 9)
        #expect(Self.ledger([10, 12, 14]).ranges == [10...10, 12...12, 14...14])
        #expect(Self.ledger([10, 12, 14, 11]).ranges == [10...12, 14...14], "a hole filled joins both sides")
        #expect(Self.ledger([10, 14, 12]).ranges == [10...10, 12...12, 14...14])
        #expect(Self.ledger([UInt64.max - 1, UInt64.max, 0]).ranges == [0...0, (UInt64.max - 1)...UInt64.max])
    }

    @Test("missing counts the seqs of the sent ranges a ledger lacks; a union joins ledgers")
    func ledgerMissingAndUnion() {
        let union = SeqLedger.union([Self.ledger([1, 2, 3, 7, 8]), Self.ledger([4, 5, 20]), Self.ledger([])])
        #expect(union == [1...5, 7...8, 20...20])
        #expect(Self.ledger([1, 2, 3, 7, 8]).missing(of: union) == 3)
        #expect(Self.ledger([2, 8, 20]).missing(of: union) == 5)
        #expect(Self.ledger([]).missing(of: union) == 8)
        #expect(Self.ledger([30, 31]).missing(of: union) == 8, "seqs outside what was sent are no help")
        #expect(
            SeqLedger.union([Self.ledger([UInt64.max]), Self.ledger([UInt64.max - 1])]) == [
                (UInt64.max - 1)...UInt64.max
            ])
    }

    /// Fed seqs with a hole and a duplicate, the accounting reports exactly them, per client and room.
    @Test("each client's missing, doubled and out-of-order seqs, counted against its own room")
    func accounting() {
        let records = [
            ResumeAccounting.Record(client: 2, room: 0, resumes: 3, ledger: Self.ledger(Array(1...10))),
            // A hole (5) and a duplicate (7), then 3 after 4 and 6: one out of order.
            ResumeAccounting.Record(
                client: 0, room: 0, resumes: 2, gaps: 1, announced: 1,
                ledger: Self.ledger([1, 2, 4, 6, 7, 7, 3, 8, 9, 10])),
            ResumeAccounting.Record(client: 1, room: 1, ledger: Self.ledger([100, 101, 102])),
            ResumeAccounting.Record(client: 3, room: 1, ledger: Self.ledger([100, 102])),
        ]
        let figures = ResumeAccounting.figures(records)
        #expect(
            figures == [
                .init(client: 0, room: 0, resumes: 2, gaps: 1, announced: 1, missing: 1, doubled: 1, outOfOrder: 1),
                .init(client: 1, room: 1),
                .init(client: 2, room: 0, resumes: 3),
                .init(client: 3, room: 1, missing: 1),
            ])
        var result = BenchResult()
        result.check(figures, reconnectEvery: 2)
        #expect(result.resumes == 5 && result.gaps == 1 && result.announced == 1)
        #expect(result.missing == 2 && result.doubled == 1 && result.outOfOrder == 1 && result.failedExactlyOnce)
        #expect(result.inexactClients.map(\.client) == [0, 3])
        result.resumeMilliseconds = [1.5, 20, 31.25]
        #expect(
            result.text.contains(
                "RESUME CHECK FAILED: 5 resumes (every 2.00 s; welcomed again in p50 1.5 ms, p99 20.0 ms, max 31.3 ms), "
                    + "1 gaps; 2 MISSING (1 announced by gaps, 1 without a word), 1 DOUBLED, 1 OUT OF ORDER "
                    + "(2 clients not exactly once)"))
        #expect(
            result.text.contains(
                "client 0 (room 0): 1 MISSING (1 announced), 1 DOUBLED, 1 OUT OF ORDER after 2 resumes, 1 gaps"))
        #expect(
            result.json.contains(
                #""resumes":5,"gaps":1,"missing_announced":1,"resume_ms":{"p50":1.50,"p99":20.00,"max":31.25},"#
                    + #""missing":2,"doubled":1,"inexact_clients":[{"client":0,"room":0,"resumes":2,"gaps":1,"#
                    + #""missing_announced":1,"missing":1,"doubled":1,"out_of_order":1}"#))
        #expect(result.json.contains(#""out_of_order":1"#))
    }

    @Test("a clean check is one quiet line; no check, no resume figures")
    func cleanReport() {
        var result = BenchResult()
        result.check([.init(client: 0, room: 0, resumes: 4)], reconnectEvery: 0.5)
        #expect(!result.failedExactlyOnce)
        #expect(
            result.text.contains(
                "resume: 4 resumes (every 0.50 s; welcomed again in p50 0.0 ms, p99 0.0 ms, max 0.0 ms), 0 gaps; "
                    + "0 missing, 0 doubled, 0 out of order: exactly once"))
        #expect(result.json.contains(#""reconnect_every":0.500,"resumes":4,"gaps":0,"missing_announced":0,"#))
        #expect(result.json.contains(#""missing":0,"doubled":0,"inexact_clients":[]"#))
        #expect(!BenchResult().json.contains("resumes") && !BenchResult().text.contains("resume"))
    }

    static func bytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        Array(text.utf8).withUnsafeBytes(body)
    }

    @Test("the fields a resume needs are read from a welcome and a replayed message, not from what users typed")
    func frameFields() {
        let welcome =
            #"{"data":"Welcome to swchat, b1x2! 1 online.","data_source":"server","history":0,"room":"lobby","seq":3,"seqs":{"dev":88,"lo\"bby":1234},"server":"69ca","session":"2149","to":"b1x2","type":"welcome","users":["b1x2","type\":\"chat"]}"#
        Self.bytes(welcome) { line in
            #expect(FrameFields.string(after: FrameFields.server, in: line) == Array("69ca".utf8))
            #expect(FrameFields.string(after: FrameFields.session, in: line) == Array("2149".utf8))
            let entries = FrameFields.seqEntries(after: FrameFields.seqs, in: line)
            #expect(entries?.map(\.name) == [Array("dev".utf8), Array(#"lo\"bby"#.utf8)])
            #expect(entries?.map(\.seq) == [88, 1234])
            #expect(FrameFields.type(in: line).map { Array($0) } == Array("welcome".utf8))
        }
        // Where the server puts it (before ts and type), found from the frame's end; and elsewhere, by its q.
        for (frame, seq) in [
            (
                #"{"data":"x\"seq\":7 \"replay\":true","data_source":"b1x0","id":9,"replay":true,"room":"lobby","seq":42,"ts":"2026-12-01T22:54:40.959Z","type":"chat"}"#,
                42
            ),
            (
                #"{"data":"a","id":9,"room":"lobby","seq":18446744073709551615,"ts":"2026-12-01T22:54:40.959Z","type":"chat"}"#,
                UInt64.max
            ),
            (#"{"data":"a","id":9,"room":"lobby","seq":43,"to":"bob","type":"me"}"#, 43),
            (
                #"{"data":"","data_source":"server","room":"lobby","seq":6,"ts":"2026-12-01T22:54:41.160Z","type":"replay_end"}"#,
                6
            ),
        ] as [(String, UInt64)] {
            Self.bytes(frame) { line in #expect(FrameFields.lastSeq(in: line) == seq, "\(frame)") }
        }
        Self.bytes(#"{"data":"x\"seq\":7 \"replay\":true","replay":true,"seq":42,"type":"chat"}"#) { line in
            #expect(FrameFields.contains(FrameFields.replayed, in: line))
            #expect(FrameFields.type(in: line).map { Array($0) } == Array("chat".utf8))
        }
        Self.bytes(#"{"data":"\"replay\":true \"seq\":7","id":9,"room":"lobby","type":"chat"}"#) { line in
            #expect(!FrameFields.contains(FrameFields.replayed, in: line), "a user's text cannot mark a frame replayed")
            #expect(FrameFields.lastSeq(in: line) == nil, "nor give it a seq")
        }
        Self.bytes(#"{"seq":99999999999999999999,"seqs":{"a":1,}}"#) { line in
            #expect(FrameFields.lastSeq(in: line) == nil, "past UInt64")
            #expect(FrameFields.seqEntries(after: FrameFields.seqs, in: line) == nil, "not an object of seqs")
            #expect(FrameFields.type(in: line) == nil)
        }
        Self.bytes(#"{"after":12,"before":2446,"data":"2,433 messages not shown","missing":2433,"type":"gap"}"#) {
            line in
            #expect(FrameFields.unsigned(after: FrameFields.missing, in: line) == 2433)
            #expect(FrameFields.type(in: line).map { Array($0) } == Array("gap".utf8))
        }
        Self.bytes(#"{"server":"unterminated"#) { line in
            #expect(FrameFields.string(after: FrameFields.server, in: line) == nil)
        }
    }

    /// A resume run against an in-process server: 2 of 10 clients send 50 lines a second each for 2 s while the 8
    /// others drop and resume every 0.5 s.
    static func resumeRun(
        server serverSetup: (inout ServerConfiguration) -> Void = { _ in },
        bench configure: (inout BenchConfiguration) -> Void = { _ in }
    ) async throws -> BenchResult {
        let server = try await BenchTests.startServer(serverSetup)
        var configuration = BenchConfiguration()
        configuration.port = server.port
        configuration.clients = 10
        configuration.senders = 2
        configuration.rate = 50
        configuration.duration = 2
        configuration.reconnectEvery = 0.5
        configure(&configuration)
        let result = try await BenchRunner.run(configuration)
        await server.shutdown()
        return result
    }

    @Test("readers that drop and resume every 0.5 s get every message exactly once, in order")
    func resumesExactlyOnce() async throws {
        let result = try await Self.resumeRun()
        #expect(result.messagesSent > 0 && result.clientsConnected == 10, "\(result.text)")
        #expect(result.resumes >= 8, "each of the 8 readers resumed (about 4 times each): \(result.text)")
        #expect(result.missing == 0 && result.doubled == 0 && result.outOfOrder == 0, "\(result.text)")
        #expect(result.gaps == 0 && result.readersLost == 0 && !result.failedExactlyOnce, "\(result.text)")
        #expect(result.deliveriesReceived == result.deliveriesExpected, "\(result.text)")
    }

    @Test("in rooms too: each room's clients are checked against that room's seqs")
    func resumesExactlyOnceInRooms() async throws {
        let result = try await Self.resumeRun(bench: { $0.rooms = 2 })
        #expect(result.resumes >= 8 && result.messagesSent > 0, "\(result.text)")
        #expect(result.missing == 0 && result.doubled == 0 && result.outOfOrder == 0, "\(result.text)")
        #expect(result.deliveriesReceived == result.deliveriesExpected, "\(result.text)")
    }

    /// With `maxResume` 0 every resume that missed anything gets a `gap` instead of the messages: at 400 lines a
    /// second some of the 32 drops miss a few. What the check counts missing is exactly what the gaps announced.
    @Test("a resume past the server's --max-resume is a gap, and the check counts exactly its messages missing")
    func gapsAreCountedExactly() async throws {
        let result = try await Self.resumeRun(server: { $0.room.maxResume = 0 }, bench: { $0.rate = 200 })
        #expect(result.gaps > 0 && result.missing > 0 && result.failedExactlyOnce, "\(result.text)")
        #expect(result.missing == result.announced, "\(result.text)")
        #expect(result.doubled == 0 && result.outOfOrder == 0, "\(result.text)")
        #expect(result.text.contains("(\(result.missing) announced by gaps, 0 without a word)"), "\(result.text)")
    }

    /// Without `since` the server greets the session back and replays a join's recent history: messages the
    /// readers already had. The check must count them.
    @Test("resumes without since get history they had again, and the check reports it doubled")
    func resumesWithoutSinceAreCaught() async throws {
        let result = try await Self.resumeRun(bench: { $0.resumeWithoutSince = true })
        #expect(result.resumes >= 8, "\(result.text)")
        #expect(result.doubled > 0 && result.failedExactlyOnce, "\(result.text)")
        #expect(result.text.contains("RESUME CHECK FAILED"), "\(result.text)")
        #expect(result.inexactClients.allSatisfy { $0.client >= 2 }, "senders never drop: \(result.text)")
    }
}
