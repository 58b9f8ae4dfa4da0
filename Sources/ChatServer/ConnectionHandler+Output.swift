import NIOCore

extension ConnectionHandler {
    /// Adds a range of the tick's shared bytes (a broadcast). The per-recipient step of every broadcast, so it is
    /// two integers in the common case: the range continues the open one.
    func addShared(_ range: (start: Int, end: Int), kind: ClientKind) {
        guard self.attached, !self.closing else { return }
        if self.openStart >= 0, self.openEnd == range.start, self.openKind == kind {
            self.openEnd = range.end
            return
        }
        self.closeOpenSegment()
        self.openStart = range.start
        self.openEnd = range.end
        self.openKind = kind
    }

    /// Queues bytes for this connection only (a unicast frame), after everything queued before.
    func write(_ bytes: ByteBuffer) {
        guard self.attached, !self.closing else { return }
        if self.own != nil {
            self.own?.writeImmutableBuffer(bytes)
            return
        }
        self.closeOpenSegment()
        self.own = bytes
    }

    func closeOpenSegment() {
        if self.openStart >= 0 {
            self.segments.append(.shared(self.openKind, start: self.openStart, end: self.openEnd))
            self.openStart = -1
            self.openEnd = -1
        }
        if let own = self.own {
            self.segments.append(.own(own))
            self.own = nil
        }
    }

    /// Hands the tick's segments to NIO without flushing them (no system call yet): they then need nothing of the
    /// tick. - Returns: the bytes that were still queued for the client before these, for the slow-reader check.
    ///
    /// The caller compares that with the queue limit. NIO's writability event would be wrong for this: it counts
    /// unflushed bytes too (one busy tick larger than the limit would flip it for a client that reads perfectly
    /// well), and it turns back only below the low watermark.
    func stage(_ tick: TickBuffers) -> Int {
        // Nothing new (its bytes were handed over already): nothing to check either.
        guard let context = self.context, self.openStart >= 0 || self.own != nil || !self.segments.isEmpty else {
            return 0
        }
        // The backlog is what earlier ticks left queued, measured before this tick's bytes go in: counting those
        // too would drop good readers whenever one busy tick (a few pastes) is bigger than the limit. The writable
        // flag says less than the high mark (at most 64 KiB, never above the limit) is queued; only otherwise is the
        // exact count worth asking for.
        // Bytes staged earlier and not flushed yet (the hub's flush queue) are this connection's turn still to come,
        // not the client's slowness: NIO counts them, so they are taken off.
        let queued = self.writable ? 0 : ((try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0)
        let backlog = max(0, queued - self.stagedBytes)
        self.closeOpenSegment()
        for segment in self.segments {
            switch segment {
            case .shared(let kind, let start, let end):
                guard var slice = tick.slice(kind, start: start, end: end) else { continue }
                if !self.held.isEmpty {
                    var copy = context.channel.allocator.buffer(capacity: slice.readableBytes)
                    copy.writeBuffer(&slice)
                    self.hold(copy)
                    continue
                }
                if backlog > 0 {
                    // A client that is behind gets its own copy: a slice would keep the whole tick buffer alive for
                    // as long as it stays queued, far more memory than the bytes counted against it.
                    var copy = context.channel.allocator.buffer(capacity: slice.readableBytes)
                    copy.writeBuffer(&slice)
                    slice = copy
                }
                self.stagedBytes += slice.readableBytes
                context.write(Self.wrapOutboundOut(slice), promise: nil)
            case .own(let bytes):
                if !self.held.isEmpty {
                    self.hold(bytes)
                    continue
                }
                self.stagedBytes += bytes.readableBytes
                context.write(Self.wrapOutboundOut(bytes), promise: nil)
            case .slot(let slot):
                self.held.append(.slot(slot))
            }
        }
        self.segments.removeAll(keepingCapacity: self.segments.count <= 4)
        self.staged = true
        // What waits behind a store read is queued for the client as much as what NIO holds.
        return backlog + self.heldBytes
    }

    private func hold(_ bytes: ByteBuffer) {
        self.heldBytes += bytes.readableBytes
        self.held.append(.bytes(bytes))
    }

    /// What the client has not taken yet: bytes NIO holds for it and bytes held behind a store read.
    var queuedBytes: Int {
        let buffered = (try? self.context?.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        return buffered + self.heldBytes
    }

    /// Keeps a place in the output for a store read's answer: what is queued after it waits until it is filled.
    func reserve(_ slot: UInt64) {
        guard self.attached, !self.closing else { return }
        self.closeOpenSegment()
        self.segments.append(.slot(slot))
    }

    /// Puts a store read's answer in its place, and lets go of what waited behind it (up to the next place still
    /// empty). - Returns: whether bytes were handed to NIO (the caller has them flushed).
    @discardableResult
    func fill(_ slot: UInt64, with bytes: ByteBuffer) -> Bool {
        guard self.attached else { return false }
        // Answered within the tick it was asked in (the memory store): nothing waited.
        if let index = self.segments.firstIndex(where: { if case .slot(slot) = $0 { true } else { false } }) {
            self.segments[index] = .own(bytes)
            return false
        }
        guard let index = self.held.firstIndex(where: { if case .slot(slot) = $0 { true } else { false } }) else {
            return false
        }
        self.held[index] = .bytes(bytes)
        self.heldBytes += bytes.readableBytes
        return self.release()
    }

    /// Hands NIO the held output up to the first place still empty.
    private func release() -> Bool {
        guard let context = self.context else { return false }
        var released = 0
        while let first = self.held.first, case .bytes(let bytes) = first {
            self.held.removeFirst()
            self.heldBytes -= bytes.readableBytes
            self.stagedBytes += bytes.readableBytes
            context.write(Self.wrapOutboundOut(bytes), promise: nil)
            released += 1
        }
        if released > 0 { self.staged = true }
        return released > 0
    }

    /// Sends what was staged (the system call).
    func flushStaged() {
        guard self.staged else { return }
        self.staged = false
        self.stagedBytes = 0
        self.context?.flush()
    }

    /// Closes after what was queued has been written (a goodbye, an error), or at once if `immediately`.
    /// - Parameter tick: the current tick's shared bytes, which queued segments may refer to.
    /// - Parameter reason: why, for the log (nil: the peer went away); the first reason given is the one kept.
    func close(immediately: Bool, reason: LeaveReason?, tick: TickBuffers) {
        guard !self.closing, let context = self.context else { return }
        self.state = .closing(self.kind, reason)
        if immediately {
            self.segments.removeAll()
            self.own = nil
            self.openStart = -1
            context.close(promise: nil)
            return
        }
        // Closing first (above): a write error inside the flush can deliver the peer's last input synchronously.
        _ = self.stage(tick)
        // Its goodbye may wait behind a store read: the answer is not waited for.
        self.held.removeAll { if case .slot = $0 { true } else { false } }
        _ = self.release()
        self.flushStaged()
        let channel = context.channel
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer()), promise: promise)
        // A client that does not read would never let the goodbye through: close it anyway after a grace period.
        let deadline = context.eventLoop.scheduleTask(in: Self.closeGrace) { channel.close(promise: nil) }
        promise.futureResult.whenComplete { _ in
            deadline.cancel()
            channel.close(promise: nil)
        }
    }
}
