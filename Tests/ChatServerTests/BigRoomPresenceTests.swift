import ChatProtocol
import Testing

@testable import ChatServer

/// Big rooms do not tell everyone about everyone, yet no client's list ever holds someone who is gone, and every
/// count is right. Checked against model clients that apply the frames the way `swchat join` does.
@Suite("Big room presence")
struct BigRoomPresenceTests {
    let time = RoomTime(monotonicNanoseconds: 1, wallMilliseconds: 1_700_000_000_000)

    /// What one client knows, updated from frames by the rules of protocol.md (the same as ChatState's).
    struct ModelClient {
        var names: Set<String> = []
        var online: Int?

        mutating func apply(_ message: Message) {
            switch message.type {
            case .welcome:
                self.names = Set(message.users ?? [])
                self.online = message.online
            case .join:
                if let users = message.users {
                    self.names.formUnion(users)
                } else {
                    self.names.insert(message.dataSource)
                }
                self.online = message.online
            case .leave:
                if let users = message.users {
                    self.names.subtract(users)
                } else {
                    self.names.remove(message.dataSource)
                }
                self.online = message.online
            case .rename:
                self.names.remove(message.dataSource)
                self.names.insert(message.data)
            case .users:
                let users = message.users ?? []
                if (message.online ?? 0) > users.count { self.names.formUnion(users) } else { self.names = Set(users) }
                self.online = message.online
            case .chat, .me, .private:
                // Replayed history names people who may have left since: only live lines add to the list.
                if message.replay != true { self.names.insert(message.dataSource) }
            default:
                break
            }
        }
    }

    /// A room and its clients, with every effect delivered the way the shell does.
    final class Harness {
        let core: CoreHarness
        var clients: [MemberID: ModelClient] = [:]
        /// Names carried by all frames delivered, counted per recipient: the room's presence traffic.
        var namesDelivered = 0
        var nextID: UInt64 = 0

        init(_ configuration: RoomConfiguration, time: RoomTime) {
            self.core = CoreHarness(configuration)
        }

        var room: RoomView { self.core.room }

        func deliver(_ outputs: [Output]) {
            for output in outputs {
                switch output {
                case .send(let message, let id):
                    self.give(message, to: id)
                case .broadcast(let message, _, let recipients, let except):
                    for id in recipients where id != except { self.give(message, to: id) }
                case .close(let id, _):
                    self.clients[id] = nil
                }
            }
        }

        private func give(_ message: Message, to id: MemberID) {
            guard self.clients[id] != nil || message.type == .welcome else { return }
            self.namesDelivered += message.users?.count ?? 0
            self.clients[id, default: ModelClient()].apply(message)
        }

        @discardableResult
        func join(_ name: String) -> MemberID {
            self.nextID += 1
            let id = MemberID(self.nextID)
            self.deliver(self.core.join(id, name))
            return id
        }

        func leave(_ id: MemberID) {
            self.clients[id] = nil
            self.deliver(self.core.disconnect(id, .left))
        }

        func say(_ text: String, from id: MemberID) {
            self.deliver(self.core.json(id, text))
        }

        /// The shell's 250 ms timer.
        func flush() {
            self.deliver(self.core.flushAnnouncements())
        }

        /// Nobody's list holds a name that is not online, every count is right, and in a small room every list is
        /// the whole roster. - Returns: the problems (none: all is well).
        func problems() -> [String] {
            let online = Set(self.room.names)
            var problems: [String] = []
            for (id, client) in self.clients.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let stale = client.names.subtracting(online)
                if !stale.isEmpty { problems.append("member \(id) still lists \(stale.sorted())") }
                if client.online != online.count {
                    problems.append("member \(id) counts \(client.online ?? -1), not \(online.count)")
                }
                if !self.room.isLarge && client.names != online {
                    problems.append("in a small room member \(id) lists \(client.names.count) of \(online.count)")
                }
            }
            return problems
        }

        /// Records the first few problems, if any. - Returns: whether there were none.
        @discardableResult
        func checkEveryList(_ context: String) -> Bool {
            let problems = self.problems()
            #expect(problems.isEmpty, "\(context): \(problems.prefix(3).joined(separator: "; "))")
            return problems.isEmpty
        }
    }

    @Test("random joins, leaves, talk and renames across the limit both ways: lists never go stale, counts are right")
    func randomWalk() {
        let harness = Harness(
            RoomConfiguration(floodLimit: nil, batchAnnouncementsFrom: 8, rosterLimit: 20, activeNamesListed: 5),
            time: self.time)
        var random = SplitMix(seed: 42)
        var members: [MemberID] = []
        var becameLarge = false
        var becameSmallAgain = false
        for step in 0..<1200 {
            // Out of 10: joins, then leaves, in the three phases: growing to ~120, shrinking to a few, wandering.
            let (joins, leaves) = [(5, 2), (1, 6), (4, 4)][step / 400]
            let roll = random.next(below: 10)
            if members.isEmpty || roll < joins {
                members.append(harness.join("user\(random.next(below: 200))"))
            } else if roll < joins + leaves {
                harness.leave(members.remove(at: random.next(below: members.count)))
            } else if roll < 9 {
                harness.say("hello \(step)", from: members[random.next(below: members.count)])
            } else {
                harness.say("/nick nick\(random.next(below: 200))", from: members[random.next(below: members.count)])
            }
            if harness.room.isLarge { becameLarge = true } else if becameLarge { becameSmallAgain = true }
            if step % 3 == 0 {
                harness.flush()
                guard harness.checkEveryList("step \(step)") else { return }
            }
        }
        harness.flush()
        harness.checkEveryList("the end")
        #expect(becameLarge && becameSmallAgain, "the walk must cross the limit both ways to test anything")
    }

    @Test("filling a room far past the limit sends a few names per member, not the square of the room")
    func fillCost() {
        let harness = Harness(
            RoomConfiguration(floodLimit: nil, rosterLimit: 100, activeNamesListed: 10), time: self.time)
        var ids: [MemberID] = []
        for index in 0..<2000 {
            ids.append(harness.join("member\(index)"))
            if index % 50 == 0 {
                harness.say("still here", from: ids[index])
                harness.flush()
            }
        }
        harness.flush()
        harness.checkEveryList("filled")
        // Listing everyone to everyone would be about 2000² / 2 = 2,000,000 names. Up to the limit it still is
        // (100² / 2), then each newcomer gets at most 11 names and the 40 who spoke reach everyone once.
        #expect(harness.namesDelivered < 100 * 100 + 2000 * 11 + 40 * 2000, "\(harness.namesDelivered) names delivered")
        let welcome = harness.clients[ids[1999]]
        #expect(welcome?.online == 2000)
        #expect((welcome?.names.count ?? 0) <= 11 && welcome?.names.contains("member1999") == true)
    }

    @Test("a big room's welcome and /who list who spoke lately and say how many are online")
    func welcomeAndWho() throws {
        let h = CoreHarness(RoomConfiguration(floodLimit: nil, rosterLimit: 3, activeNamesListed: 2))
        var effects: [Output] = []
        for (index, name) in ["ann", "bo", "cy", "di", "ed"].enumerated() {
            effects += h.join(MemberID(UInt64(index + 1)), name)
        }
        effects += h.json(MemberID(5), "hi")
        effects += h.json(MemberID(1), "hey")
        effects += h.json(MemberID(2), "yo")
        effects += h.flushAnnouncements()
        effects.removeAll()
        effects += h.join(MemberID(6), "fay")
        let welcome = try #require(
            effects.sends.map(\.message).first)
        #expect(welcome.type == .welcome && welcome.users == ["ann", "bo", "fay"] && welcome.online == 6)
        #expect(welcome.data.contains("6 online (the list shows who spoke lately)"))
        #expect(TextLineRenderer().render(welcome).contains("-!- spoke lately: ann, bo, fay\r\n"))
        effects.removeAll()
        effects += h.json(MemberID(3), "/who")
        let who = try #require(
            effects.sends.map(\.message).first)
        #expect(who.type == .users && who.users == ["ann", "bo", "cy"] && who.online == 6)
        #expect(
            who.data == "6 online; who spoke lately: ann, bo",
            "cy has not spoken: listed for its client, not in the text")
        // fay's join is a count: nobody heard her name.
        effects.removeAll()
        effects += h.flushAnnouncements()
        let join = try #require(
            effects.broadcasts.map(\.message).first)
        #expect(join.type == .join && join.users == [] && join.online == 6 && join.data == "1 joined (6 online)")
    }

    @Test("a name taken again before its owner's gathered leave went out stays on every list")
    func nameReuse() {
        let harness = Harness(RoomConfiguration(floodLimit: nil, rosterLimit: 4, activeNamesListed: 3), time: self.time)
        let ids = (1...6).map { harness.join("m\($0)") }
        harness.flush()
        harness.say("hi", from: ids[0])  // m1 is listed
        harness.leave(ids[0])  // its leave is gathered
        let again = harness.join("m1")
        harness.say("back again", from: again)
        harness.flush()
        harness.checkEveryList("after m1 came back")
        for (id, client) in harness.clients {
            #expect(client.names.contains("m1"), "member \(id) lost the new m1")
        }
    }

    @Test("a room down to half the limit sends everyone the whole roster once and is small again")
    func shrinking() throws {
        let harness = Harness(RoomConfiguration(floodLimit: nil, rosterLimit: 4, activeNamesListed: 1), time: self.time)
        let ids = (1...8).map { harness.join("m\($0)") }
        harness.flush()
        #expect(harness.room.isLarge)
        for id in ids.prefix(6) { harness.leave(id) }
        #expect(!harness.room.isLarge)
        harness.flush()
        harness.checkEveryList("after shrinking")
        #expect(harness.clients[ids[7]]?.names == ["m7", "m8"])
    }
}

/// A small seeded generator, so a failing walk can be replayed.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next(below bound: Int) -> Int {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
