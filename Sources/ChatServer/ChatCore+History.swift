import ChatProtocol

/// History beyond a join: resumes (`since`), scrollback (`history` frames), and the store's answers to both.
extension ChatCore {
    /// What `id` gets of `room`'s history: after `since` (a resume), or the newest messages (a join), from memory
    /// when it reaches back far enough, else from the store.
    func replayPlan(_ room: Room, for id: MemberID, since: UInt64?, budget: Int) -> ReplayPlan {
        let latest = room.lastSeq
        guard let since else {
            let wanted = self.configuration.historyLimit
            let history = room.history
            // Memory has enough: as many as a join shows, a full byte budget's worth, or everything since seq 1.
            if wanted == 0 || latest == 0 || history.count >= wanted || room.coveredFrom <= 1
                || history.bytes + Self.largestMessageBytes > history.byteLimit
            {
                let replay = history.newest(within: budget)
                return .memory(Self.replayed(replay, in: room.ref), count: replay.count)
            }
            let after = latest > UInt64(wanted) ? latest - UInt64(wanted) : 0
            return .fetch(
                self.fetch(
                    for: id,
                    .room(room.ref, after: after, through: latest, limit: wanted, budget: budget, resume: false)))
        }
        let after = min(since, latest)
        guard after < latest else {
            return .memory([.replayEnd(room.ref, seq: latest, before: nil, more: nil)], count: 0)
        }
        guard room.coveredFrom <= after + 1 else {
            let limit = self.configuration.maxResume
            return .fetch(
                self.fetch(
                    for: id, .room(room.ref, after: after, through: latest, limit: limit, budget: budget, resume: true))
            )
        }
        let missed = room.history.elements.filter { $0.seq > after }
        let notices = self.resumeNotices(room.ref, Array(missed), after: after, through: latest, budget: budget)
        return .memory(notices, count: notices.count { if case .message = $0 { true } else { false } })
    }

    /// The frames of a resume: a gap when some are not shown (too many, deleted, or over the byte budget), the
    /// newest messages after `after` that fit, and the end.
    func resumeNotices(
        _ ref: RoomRef, _ missed: [StoredMessage], after: UInt64, through: UInt64, budget: Int
    ) -> [Notice] {
        let kept = RoomHistory.newest(of: missed.suffix(self.configuration.maxResume), within: budget)
        var notices: [Notice] = []
        let first = kept.first?.seq ?? (through + 1)
        if first > after + 1 {
            notices.append(.gap(ref, after: after, before: first, missing: Int(first - after - 1)))
        }
        notices += Self.replayed(kept, in: ref)
        notices.append(.replayEnd(ref, seq: through, before: nil, more: nil))
        return notices
    }

    /// Messages as history frames of `ref` (under its name now, for ones said before it was last opened).
    static func replayed(_ messages: ArraySlice<StoredMessage>, in ref: RoomRef) -> [Notice] {
        messages.map { .message($0.moved(to: ref), replay: true) }
    }

    /// A message the longest line could make, for telling a history full by bytes.
    static let largestMessageBytes = 16 * 1024 + 256

    func fetch(for id: MemberID, _ query: Fetch.Query) -> Fetch {
        self.lastSlot += 1
        return Fetch(member: id, slot: self.lastSlot, query: query)
    }

    /// `{"type":"history","room":R,"before":SEQ,"limit":N}`: a page of older messages, read from the store.
    func history(_ message: Message, from id: MemberID, effects: inout [ServerEffect]) {
        guard let room = self.context(for: id, named: message.room, effects: &effects) else { return }
        guard let session = self.sessions[id], session.pagesInFlight < Self.pagesInFlight else {
            effects.append(
                .send(
                    .error(
                        "at most \(Self.pagesInFlight) history requests at once; wait for their replay_end",
                        room: room.ref), to: id))
            return
        }
        let limit = min(Self.pageLimit, max(1, message.limit ?? Self.defaultPage))
        let before = message.before ?? (room.lastSeq + 1)
        guard before > 1 else {
            effects.append(.send(.replayEnd(room.ref, seq: nil, before: before, more: false), to: id))
            return
        }
        session.pagesInFlight += 1
        effects.append(.fetch(self.fetch(for: id, .older(room.ref, before: before, limit: limit))))
    }

    static let pageLimit = 500
    static let defaultPage = 100
    /// History pages one connection may wait for at once: each is a read of the store and up to a replay budget of
    /// bytes held for the client.
    static let pagesInFlight = 4

    /// The store's answer to a fetch: the frames for its place in the member's output. A failed read is said, and a
    /// resume that could not be read is a gap (never silence).
    public func fetched(_ fetch: Fetch, _ result: Result<FetchAnswer, MessageStoreError>, effects: inout [ServerEffect])
    {
        if case .older = fetch.query, let session = self.sessions[fetch.member] {
            session.pagesInFlight = max(0, session.pagesInFlight - 1)
        }
        var notices: [Notice] = []
        switch (fetch.query, result) {
        case (.room(let ref, let after, let through, _, let budget, let resume), .success(let answer)):
            let messages = answer.messages
            if resume {
                notices = self.resumeNotices(ref, messages, after: after, through: through, budget: budget)
            } else {
                notices = Self.replayed(RoomHistory.newest(of: messages[...], within: budget), in: ref)
                notices.append(.replayEnd(ref, seq: through, before: nil, more: nil))
            }
        case (.older(let ref, let before, _), .success(let answer)):
            // A page is a replay too: within the replay budget (fifty 16 KiB lines would be 8 MB), newest kept.
            let messages = RoomHistory.newest(of: answer.messages[...], within: self.configuration.replayBytes)
            notices = Self.replayed(messages, in: ref)
            let more = answer.more || messages.count < answer.messages.count
            notices.append(.replayEnd(ref, seq: nil, before: messages.first?.seq ?? before, more: more))
        case (.privates, .success(let answer)):
            notices = answer.messages.map { .message($0, replay: true) }
        case (.room(let ref, let after, let through, _, _, let resume), .failure(let error)):
            notices = [.error("history of #\(ref.name) not available (\(error.reason)); try again", room: ref)]
            if resume, through > after {
                notices.append(.gap(ref, after: after, before: through + 1, missing: Int(through - after)))
            }
            notices.append(.replayEnd(ref, seq: through, before: nil, more: nil))
        case (.older(let ref, let before, _), .failure(let error)):
            notices = [
                .error("history of #\(ref.name) not available (\(error.reason)); try again", room: ref),
                .replayEnd(ref, seq: nil, before: before, more: true),
            ]
        case (.privates, .failure(let error)):
            notices = [.error("private messages not available (\(error.reason)); try again")]
        }
        effects.append(.fill(fetch.member, slot: fetch.slot, notices))
    }

    /// Sessions that expired: gone from the book and the store.
    /// Also keeps the live sessions' records current (name, rooms, an expiry a ttl ahead) for a server that dies.
    public func expireSessions(at time: RoomTime, effects: inout [ServerEffect]) {
        for number in self.sessionBook.expire(now: time.wallMilliseconds) {
            effects.append(.forgetSession(number))
        }
        self.expireRestrictions(at: time, effects: &effects)
        self.saveLiveSessions(at: time, effects: &effects) { number, name, rooms, now, ttl in
            self.sessionBook.refresh(number, name: name, rooms: rooms, now: now, ttl: ttl)
        }
    }
}

/// What the store answered a fetch with.
public enum FetchAnswer: Sendable {
    case messages([StoredMessage])
    case page(HistoryPage)

    var messages: [StoredMessage] {
        switch self {
        case .messages(let messages): messages
        case .page(let page): page.messages
        }
    }

    var more: Bool {
        if case .page(let page) = self { return page.more }
        return false
    }
}

extension MessageStoreError {
    /// The why, without "not stored" (for errors about reading).
    var reason: String {
        switch self {
        case .unavailable(let why): why
        }
    }
}
