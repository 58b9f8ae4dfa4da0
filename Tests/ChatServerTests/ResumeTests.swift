import ChatProtocol
import Testing

@testable import ChatServer

/// Seqs, sessions and resumes in the core: what a client that comes back gets, and what nobody else does.
@Suite("Resume")
struct ResumeTests {
    let alice = MemberID(1)
    let bob = MemberID(2)
    let back = MemberID(3)
    let carol = MemberID(4)

    /// Alice's welcome, for her token and the server's identity.
    func welcomed(_ h: CoreHarness, _ id: MemberID, _ name: String, rooms: [String]? = nil) throws -> Message {
        try #require(h.join(id, name, rooms: rooms).sent(to: id).first { $0.type == .welcome })
    }

    func resume(
        _ h: CoreHarness, _ id: MemberID, _ welcome: Message, since: [String: UInt64]?, privateSince: UInt64? = nil,
        rooms: [String]? = nil, name: String = "whoever"
    ) -> [Message] {
        h.connect(id, .json)
        let hello = Message(
            type: .hello, data: name, rooms: rooms?.map { RoomInfo(name: $0) }, server: welcome.server,
            session: welcome.session, since: since, privateSince: privateSince)
        return h.receive(hello, from: id).sent(to: id)
    }

    @Test("the welcome names the server, a session token and each room's latest seq; messages carry their seq")
    func welcomeAndSeq() throws {
        let h = CoreHarness(floodLimit: nil)
        let first = try welcomed(h, alice, "alice", rooms: ["lobby", "dev"])
        #expect(first.server == h.core.serverID && first.server?.count == 32)
        #expect(first.session?.count == 32)
        #expect(first.seqs == ["lobby": 0, "dev": 0])
        h.json(alice, "one")
        h.json(alice, "two")
        let third = h.json(alice, "in dev", room: "dev").received(by: alice)
        #expect(third.map(\.seq) == [1])
        let second = try welcomed(h, bob, "bob", rooms: ["dev", "lobby"])
        #expect(second.seqs == ["lobby": 2, "dev": 1])
        #expect(second.session != first.session)
        #expect(h.savedSessions.map(\.name) == ["alice", "bob"])
        #expect(h.savedSessions.allSatisfy { $0.tokenHash.count == 64 && !$0.tokenHash.contains(first.session!) })
    }

    @Test("a resume replays exactly what came after since, then replay_end, and gives the name and rooms back")
    func resumeFromMemory() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice", rooms: ["lobby", "dev"])
        h.join(bob, "bob", rooms: ["lobby", "dev"])
        h.json(bob, "before")
        h.disconnect(alice, .left)
        for index in 0..<30 { h.json(bob, "m\(index)") }
        h.json(bob, "dev line", room: "dev")
        let frames = resume(h, back, welcome, since: ["lobby": 1, "dev": 0])
        #expect(frames.first?.type == .welcome && frames.first?.to == "alice")
        #expect(frames.first?.data.hasPrefix("Welcome back to swchat, alice!") == true)
        #expect(h.core.rooms(of: back) == ["lobby", "dev"], "the session's rooms")
        let lobby = frames.filter { $0.room == "lobby" && $0.replay == true }
        #expect(lobby.map(\.data) == (0..<30).map { "m\($0)" })
        #expect(lobby.map(\.seq) == (2...31).map { UInt64($0) })
        let ends = frames.filter { $0.type == .replayEnd }
        #expect(ends.map(\.room) == ["lobby", "dev"] && ends.map(\.seq) == [31, 1])
        #expect(frames.filter { $0.room == "dev" && $0.replay == true }.map(\.data) == ["dev line"])
        #expect(!frames.contains { $0.type == .gap })
    }

    @Test("what memory no longer holds is read from the store; more than --max-resume is a gap, then the newest")
    func resumeFromStoreAndGap() throws {
        var configuration = RoomConfiguration(historyLimit: 20, floodLimit: nil)
        configuration.maxResume = 100
        let h = CoreHarness(configuration)
        let welcome = try welcomed(h, alice, "alice")
        h.join(bob, "bob")
        h.disconnect(alice, .left)
        for index in 0..<80 { h.json(bob, "m\(index)") }
        let frames = resume(h, back, welcome, since: ["lobby": 0])
        #expect(frames.first { $0.type == .welcome }?.history == nil, "read from the store: replay_end ends it")
        #expect(frames.filter { $0.replay == true }.map(\.data) == (0..<80).map { "m\($0)" })
        #expect(frames.last?.type == .replayEnd && frames.last?.seq == 80)

        h.disconnect(back, .left)
        for index in 80..<380 { h.json(bob, "m\(index)") }
        let far = resume(h, carol, welcome, since: ["lobby": 80])
        let gap = try #require(far.first { $0.type == .gap })
        #expect(gap.after == 80 && gap.before == 281 && gap.missing == 200 && gap.room == "lobby")
        #expect(gap.data == "200 messages not shown")
        let replayed = far.filter { $0.replay == true }
        #expect(replayed.count == 100 && replayed.first?.seq == 281 && replayed.last?.seq == 380)
        #expect(far.firstIndex { $0.type == .gap }! < far.firstIndex { $0.replay == true }!)
    }

    @Test("a resume while the old connection is still open closes it as reconnected and takes the name")
    func ghost() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice")
        h.join(bob, "bob")
        h.connect(back, .json)
        let hello = Message(type: .hello, data: "x", server: welcome.server, session: welcome.session, since: [:])
        let outputs = h.receive(hello, from: back)
        #expect(outputs.contains { if case .close(self.alice, .reconnected) = $0 { true } else { false } })
        #expect(h.core.name(of: back) == "alice" && h.core.name(of: alice) == nil)
        #expect(outputs.received(by: bob).map(\.type) == [.leave, .join])
    }

    @Test("a wrong, foreign or expired token resumes nothing: a new session, and the welcome says why")
    func wrongTokens() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice")
        h.join(bob, "bob")
        h.json(bob, "/msg alice secret")
        h.disconnect(alice, .left)
        h.json(bob, "/msg alice gone")
        var forged = welcome
        forged.session = String(repeating: "0", count: 32)
        let wrong = resume(h, back, forged, since: ["lobby": 0], privateSince: 0, name: "someone")
        #expect(wrong.first?.data.contains("Your session has expired or is unknown") == true)
        #expect(wrong.first?.to == "someone" && wrong.first?.session != welcome.session)
        #expect(!wrong.contains { $0.type == .private }, "nobody else's privates")

        var other = welcome
        other.server = "another"
        let foreign = resume(h, carol, other, since: ["lobby": 0], name: "carol")
        #expect(foreign.first?.data.contains("not the server you were on") == true)
        #expect(!foreign.contains { $0.type == .replayEnd }, "since ignored")

        h.advance(milliseconds: Int(h.core.configuration.sessionTTLMilliseconds) + 1)
        let expired = resume(h, MemberID(9), welcome, since: ["lobby": 0], privateSince: 0, name: "late")
        #expect(expired.first?.to == "late" && !expired.contains { $0.type == .private })
    }

    @Test("private messages come back to the session that sent or got them, never to the next holder of the name")
    func privates() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice")
        h.join(bob, "bob")
        let first = h.json(bob, "/msg alice seen").received(by: alice).first
        h.disconnect(alice, .left)
        let impostor = try welcomed(h, carol, "alice")
        #expect(impostor.to == "alice")
        h.json(bob, "/msg alice for the impostor")
        h.disconnect(carol, .left)
        let frames = resume(h, back, welcome, since: [:], privateSince: first?.id)
        #expect(frames.filter { $0.type == .private }.map(\.data) == [], "the impostor's private is not hers")
        let all = resume(h, MemberID(10), welcome, since: [:], privateSince: 0)
        #expect(all.filter { $0.type == .private }.map(\.data) == ["seen"])
        #expect(all.filter { $0.type == .private }.allSatisfy { $0.replay == true })
    }

    @Test("history pages go back to the room's start: oldest first, replay_end with before and more")
    func paging() throws {
        let h = CoreHarness(historyLimit: 5, floodLimit: nil)
        h.join(alice, "alice")
        for index in 0..<12 { h.json(alice, "m\(index)") }
        let page = h.receive(Message(type: .history, room: "lobby", before: 8, limit: 3), from: alice).sent(to: alice)
        #expect(page.filter { $0.replay == true }.map(\.seq) == [5, 6, 7])
        #expect(page.last?.type == .replayEnd && page.last?.before == 5 && page.last?.more == true)
        let rest = h.receive(Message(type: .history, before: 5, limit: 500), from: alice).sent(to: alice)
        #expect(rest.filter { $0.replay == true }.map(\.data) == ["m0", "m1", "m2", "m3"])
        #expect(rest.last?.more == false && rest.last?.before == 1)
        let none = h.receive(Message(type: .history, before: 1), from: alice).sent(to: alice)
        #expect(none.map(\.type) == [.replayEnd] && none.first?.more == false)
        let latest = h.receive(Message(type: .history, limit: 2), from: alice).sent(to: alice)
        #expect(latest.filter { $0.replay == true }.map(\.seq) == [11, 12])
        let outside = h.receive(Message(type: .history, room: "dev"), from: alice).sent(to: alice)
        #expect(outside.map(\.type) == [.error])
    }

    @Test("a store that cannot read: the client is told, and a resume shows a gap rather than silence")
    func failedRead() throws {
        let h = CoreHarness(historyLimit: 2, floodLimit: nil)
        h.join(alice, "alice")
        for index in 0..<6 { h.json(alice, "m\(index)") }
        let fetch = Fetch(
            member: alice, slot: 99,
            query: .room(
                RoomRef(id: RoomID(1), name: "lobby"), after: 1, through: 6, limit: 10, budget: 1 << 20, resume: true))
        let frames = h.run { core, _, effects in
            core.fetched(fetch, .failure(.unavailable("disk I/O error")), effects: &effects)
        }.sent(to: alice)
        #expect(frames.map(\.type) == [.error, .gap, .replayEnd])
        #expect(frames.first?.data.contains("disk I/O error") == true)
        #expect(frames[1].missing == 5)
    }
}

extension ResumeTests {
    @Test("a session renamed since: its old connection is still found, closed, and its new name given back")
    func ghostAfterRename() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice")
        h.json(alice, "/nick al")
        let frames = resume(h, back, welcome, since: [:])
        #expect(frames.first?.to == "al")
        #expect(h.core.name(of: alice) == nil && h.core.name(of: back) == "al")
    }

    @Test("stopping saves every live session with its name and rooms; a long connection's record is kept fresh")
    func sessionsOutliveAStop() throws {
        var configuration = RoomConfiguration(floodLimit: nil)
        configuration.sessionTTLMilliseconds = 10_000
        let h = CoreHarness(configuration)
        _ = try welcomed(h, alice, "alice", rooms: ["lobby", "dev"])
        h.advance(milliseconds: 6000)
        let refreshed = h.savedSessions.count
        _ = h.run { core, time, effects in core.expireSessions(at: time, effects: &effects) }
        let fresh = try #require(h.savedSessions.last)
        #expect(h.savedSessions.count == refreshed + 1 && fresh.rooms == ["lobby", "dev"])
        #expect(fresh.expiresMilliseconds == h.wall + 10_000)
        h.advance(milliseconds: 1000)
        _ = h.run { core, time, effects in core.shutdown(at: time, effects: &effects) }
        let saved = try #require(h.savedSessions.last)
        #expect(
            saved.name == "alice" && saved.rooms == ["lobby", "dev"] && saved.expiresMilliseconds == h.wall + 10_000)
    }

    @Test("a resuming hello that came after the sniffer took the connection for text still resumes")
    func lateHelloResumes() throws {
        let h = CoreHarness(floodLimit: nil)
        let welcome = try welcomed(h, alice, "alice")
        h.join(bob, "bob")
        h.disconnect(alice, .left)
        for index in 0..<3 { h.json(bob, "m\(index)") }
        h.connect(back, .text)
        let hello = Message(
            type: .hello, data: "x", server: welcome.server, session: welcome.session, since: ["lobby": 0])
        let frames = h.run { core, time, effects in
            core.upgradeToJSON(back, wanted: "x", resuming: hello, at: time, effects: &effects)
        }.sent(to: back)
        #expect(frames.first?.type == .welcome && frames.first?.to == "alice")
        #expect(frames.filter { $0.replay == true }.map(\.data) == ["m0", "m1", "m2"])
        #expect(frames.last?.type == .replayEnd)
    }

    @Test("at most 4 history pages wait at once; the fifth is an error until one is answered")
    func pagesInFlight() throws {
        let h = CoreHarness(floodLimit: nil)
        h.join(alice, "alice")
        for index in 0..<10 { h.json(alice, "m\(index)") }
        h.holdFetches = true
        for _ in 0..<4 { h.receive(Message(type: .history, limit: 2), from: alice) }
        let fifth = h.receive(Message(type: .history, limit: 2), from: alice).sent(to: alice)
        #expect(fifth.map(\.type) == [.error] && fifth.first?.data.contains("at most 4") == true)
        h.holdFetches = false
        #expect(h.answerFetches().sent(to: alice).count { $0.type == .replayEnd } == 4)
        #expect(h.receive(Message(type: .history, limit: 2), from: alice).sent(to: alice).last?.type == .replayEnd)
    }
}

@Suite("Durations")
struct DurationTextTests {
    @Test("30d, 24h, 90m, 45s and plain seconds; anything else is nil")
    func parse() {
        #expect(DurationText.milliseconds("30d") == Int64(2_592_000_000))
        #expect(DurationText.milliseconds("24h") == 86_400_000)
        #expect(DurationText.milliseconds("90m") == 5_400_000)
        #expect(DurationText.milliseconds("45s") == 45_000)
        #expect(DurationText.milliseconds("1.5") == 1500)
        #expect(DurationText.milliseconds("2w") == Int64(1_209_600_000))
        for bad in ["", "d", "-1h", "1y", "nanh", "1e300d", "h1"] { #expect(DurationText.milliseconds(bad) == nil) }
    }
}
