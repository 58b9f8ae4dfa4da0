import NIOCore

/// `--reconnect-every`: every seq received goes into the client's ledger (doubled and out-of-order ones are counted
/// there, missing ones at the end), and a reader drops its connection once in each window and comes back on a new one
/// with a `hello` naming the server, its session and the last seq it has (`since`).
extension BenchClientHandler {
    /// What the resume check keeps across one client's connections.
    struct ResumeState {
        /// The room seqs of this run's messages received.
        var ledger = SeqLedger()
        /// The highest seq of the room known to be received, any message's (or the welcome's, at the first join):
        /// the resume's `since`.
        var lastSeq: UInt64 = 0
        /// The room's name, the server's identity and the session token as the welcome wrote them (raw JSON string
        /// bytes: they go back into the `hello` unchanged).
        var room: [UInt8]?
        var server: [UInt8]?
        var session: [UInt8]?
        /// The connection is being closed on purpose, to come back.
        var dropping = false
        /// A new connection is on its way and has not had its welcome yet.
        var awaitingWelcome = false
        /// The connection resumed and its replay may not be over: replayed frames come before live ones, so frames
        /// are looked at for `"replay":true` only until `replay_end` or the first live one.
        var replaying = false
        /// Welcomes on a new connection after a drop.
        var resumes = 0
        /// `gap` frames received, and the messages they said would not be shown.
        var gaps = 0
        var announced: UInt64 = 0
        /// When the connection was last dropped (monotonic nanoseconds): its resume is timed to the welcome.
        var droppedAt: UInt64 = 0
        /// The start of the next window to drop the connection in.
        var nextWindow = NIODeadline.now()
        var dropTask: Scheduled<Void>?
        /// The event loop of this client's connections (the same for all of them).
        var loop: (any EventLoop)?
    }

    static let welcomeType = Array("welcome".utf8)
    static let chatType = Array("chat".utf8)
    static let meType = Array("me".utf8)
    static let replayEndType = Array("replay_end".utf8)
    static let gapType = Array("gap".utf8)
    static let leaveType = Array("leave".utf8)

    /// A line while seqs are checked. Only this run's messages are in the ledger and counted as deliveries (once
    /// each, replays included); replayed ones are not timed.
    func handleCheckedLine(_ line: UnsafeRawBufferPointer, now: UInt64) {
        guard let payload = BenchPayload.parse(line), payload.run == self.setup.run,
            let seq = FrameFields.lastSeq(in: line)
        else {
            self.handleOtherCheckedLine(line)
            return
        }
        self.resume.lastSeq = max(self.resume.lastSeq, seq)
        guard self.resume.ledger.record(seq) != .doubled else { return }
        self.stats.deliveries += 1
        self.stats.lastDelivery = now
        if !self.resume.replaying || !self.stillReplaying(line) {
            self.stats.latency.record(max(1, (now &- payload.sentNanoseconds) / 1000))
        }
        if payload.sender == self.setup.senderIndex { self.inFlight -= 1 }
    }

    /// Whether this frame of a resumed connection is replayed; the first that is not ends the replay.
    private func stillReplaying(_ line: UnsafeRawBufferPointer) -> Bool {
        if FrameFields.contains(FrameFields.replayed, in: line) { return true }
        self.resume.replaying = false
        return false
    }

    /// Welcomes (the first, or one after a drop), other room messages and `replay_end` (their seqs move `since` on),
    /// gaps, and the room's "too slow" notices.
    private func handleOtherCheckedLine(_ line: UnsafeRawBufferPointer) {
        guard let type = FrameFields.type(in: line) else { return }
        if type.elementsEqual(Self.chatType) || type.elementsEqual(Self.meType) {
            // Not `users` or `welcome`: theirs is the room's latest seq, which the replay after them has yet to reach.
            if let seq = FrameFields.lastSeq(in: line) {
                self.resume.lastSeq = max(self.resume.lastSeq, seq)
            }
        } else if type.elementsEqual(Self.replayEndType) {
            self.resume.replaying = false
            if let seq = FrameFields.lastSeq(in: line) {
                self.resume.lastSeq = max(self.resume.lastSeq, seq)
            }
        } else if type.elementsEqual(Self.welcomeType) {
            self.welcomed(line)
        } else if type.elementsEqual(Self.gapType) {
            self.resume.gaps += 1
            self.resume.announced += FrameFields.unsigned(after: FrameFields.missing, in: line) ?? 0
        } else if self.setup.index == 0, type.elementsEqual(Self.leaveType),
            FrameFields.contains(Self.tooSlowJSON, in: line)
        {
            self.stats.slowDropped += 1
        }
    }

    private func welcomed(_ line: UnsafeRawBufferPointer) {
        if let server = FrameFields.string(after: FrameFields.server, in: line) { self.resume.server = server }
        if let session = FrameFields.string(after: FrameFields.session, in: line) { self.resume.session = session }
        if self.resume.awaitingWelcome {
            self.resume.awaitingWelcome = false
            self.resume.replaying = true
            self.resume.resumes += 1
            self.stats.reconnecting -= 1
            let back = NIODeadline.now().uptimeNanoseconds &- self.resume.droppedAt
            self.stats.resumeTime.record(max(1, back / 1000))
        } else if !self.joined {
            self.joined = true
            self.stats.joined += 1
            // The room and its latest seq: the join's history (older runs') is below it, this run's messages above.
            let entries = FrameFields.seqEntries(after: FrameFields.seqs, in: line) ?? []
            let wanted = self.setup.room.map { Array($0.utf8) }
            if let entry = entries.first(where: { $0.name == wanted }) ?? entries.first {
                self.resume.room = entry.name
                self.resume.lastSeq = max(self.resume.lastSeq, entry.seq)
            }
        }
    }

    /// The `hello` of a new connection after a drop: the same name and room, and what to resume. Without a server
    /// identity (a server that sent none) it is a newcomer's hello, and the check counts what that loses.
    func resumeHello(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeString(#"{"type":"hello","data":"\#(self.setup.name)""#)
        if let room = self.setup.room { buffer.writeString(#","rooms":["\#(room)"]"#) }
        if let server = self.resume.server, let session = self.resume.session {
            buffer.writeString(#","server":""#)
            buffer.writeBytes(server)
            buffer.writeString(#"","session":""#)
            buffer.writeBytes(session)
            buffer.writeString("\"")
            if let room = self.resume.room, !self.setup.resumeWithoutSince {
                buffer.writeString(#","since":{""#)
                buffer.writeBytes(room)
                buffer.writeString("\":\(self.resume.lastSeq)}")
            }
        }
        buffer.writeString("}\n")
        return buffer
    }

    /// Schedules a drop in each window from now on, at a random moment of it (so that the clients do not all drop
    /// at once).
    func startDropping() {
        self.resume.nextWindow = .now()
        self.scheduleDrop()
    }

    private func scheduleDrop() {
        guard let loop = self.resume.loop else { return }
        let window = Int64(self.setup.reconnectEvery * 1e9)
        let at = self.resume.nextWindow + .nanoseconds(Int64.random(in: 0..<max(1, window)))
        self.resume.nextWindow = self.resume.nextWindow + .nanoseconds(window)
        let handler = NIOLoopBound(self, eventLoop: loop)
        self.resume.dropTask = loop.scheduleTask(deadline: at) { handler.value.drop() }
    }

    /// Closes the connection to come back at once (channelInactive does), unless the last one is still coming back:
    /// then this window has no drop.
    private func drop() {
        self.scheduleDrop()
        guard !self.resume.awaitingWelcome, !self.stopped, let context = self.context else { return }
        self.resume.dropping = true
        self.resume.awaitingWelcome = true
        self.resume.droppedAt = NIODeadline.now().uptimeNanoseconds
        self.stats.reconnecting += 1
        context.close(promise: nil)
    }

    /// After a connection closed: connects again if it was dropped on purpose. - Returns: whether it was.
    func resumeAfterClose() -> Bool {
        self.partial = nil
        self.spare = nil
        if self.resume.dropping, let loop = self.resume.loop, let reconnect = self.reconnect {
            self.resume.dropping = false
            reconnect(self, loop)
            return true
        }
        self.lost()
        return false
    }

    /// The connection could not be made again: the client is lost (counted as such), and drops no more.
    func reconnectFailed() {
        self.lost()
        if !self.stopped { self.stats.readersLost += 1 }
    }

    private func lost() {
        self.resume.dropping = false
        self.resume.dropTask?.cancel()
        if self.resume.awaitingWelcome {
            self.resume.awaitingWelcome = false
            self.stats.reconnecting -= 1
        }
    }

    /// The client's part of the exactly-once check.
    func resumeRecord(rooms: Int) -> ResumeAccounting.Record {
        ResumeAccounting.Record(
            client: self.setup.index, room: self.setup.index % max(1, rooms), resumes: self.resume.resumes,
            gaps: self.resume.gaps, announced: self.resume.announced, ledger: self.resume.ledger)
    }
}
