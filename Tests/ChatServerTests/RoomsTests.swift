import ChatProtocol
import Testing

@testable import ChatServer

/// Many rooms on one core: joining, parting, topics, the list, limits, renames and private messages across rooms,
/// text clients' current room. Pure: a `CoreHarness`, no sockets.
@Suite("Rooms")
struct RoomsTests {
    let alice = MemberID(1)
    let bob = MemberID(2)
    let carol = MemberID(3)
    let text = MemberID(4)

    /// alice and bob in lobby and #dev, carol in lobby only.
    func threeInTwoRooms() -> CoreHarness {
        let h = CoreHarness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        h.join(carol, "carol")
        h.json(alice, "/join dev")
        h.json(bob, "/join #dev")
        return h
    }

    @Test("/join creates the room and answers with roster and history; the others in it are told, nobody else")
    func joinAnswersAndAnnounces() throws {
        let h = CoreHarness()
        h.join(alice, "alice")
        h.join(carol, "carol")
        let first = h.json(alice, "/join #dev")
        let roster = try #require(first.sent(to: alice).first)
        #expect(roster.type == .users && roster.room == "dev" && roster.users == ["alice"] && roster.history == 0)
        #expect(roster.data == "#dev: 1 online: alice")
        #expect(first.received(by: carol).isEmpty, "lobby hears nothing of #dev")
        h.json(alice, "ship it", room: "dev")
        h.join(bob, "bob")
        let second = h.json(bob, "/join DEV")
        let answer = second.sent(to: bob)
        #expect(answer.map(\.type) == [.users, .chat])
        #expect(answer[0].users == ["alice", "bob"] && answer[0].history == 1)
        #expect(answer[1].replay == true && answer[1].room == "dev" && answer[1].data == "ship it")
        let join = try #require(second.received(by: alice).first)
        #expect(join.type == .join && join.room == "dev" && join.dataSource == "bob")
        #expect(join.data == "bob joined #dev (2 online)")
        #expect(second.received(by: carol).isEmpty)
        #expect(h.view("dev").names == ["alice", "bob"])
    }

    @Test("a message reaches exactly the members of its room, once, marked with the room")
    func messageReachesItsRoomOnly() throws {
        let h = self.threeInTwoRooms()
        let dev = h.json(alice, "in dev", room: "dev")
        #expect(dev.received(by: alice).map(\.data) == ["in dev"])
        #expect(dev.received(by: bob).map(\.room) == ["dev"])
        #expect(dev.received(by: carol).isEmpty)
        let lobby = h.json(alice, "in lobby")
        #expect(lobby.received(by: carol).map(\.data) == ["in lobby"])
        #expect(lobby.received(by: carol).first?.room == "lobby", "without room: a JSON client's default room")
        #expect(lobby.received(by: bob).count == 1)
    }

    @Test("a frame for a room the client is not in, or with a bad room name, is an error and nothing else happens")
    func badRoomInAFrame() throws {
        let h = self.threeInTwoRooms()
        for room in ["ops", "#ops", "bad name", "", String(repeating: "x", count: 33)] {
            let effects = h.json(carol, "hello", room: room)
            #expect(effects.broadcasts.isEmpty, "\(room)")
            let error = try #require(effects.sent(to: carol).first)
            #expect(error.type == .error, "\(room)")
        }
        #expect(
            h.json(carol, "hello", room: "dev").sent(to: carol).first?.data == "you are not in #dev; /join dev first")
        #expect(h.json(carol, "/topic x", room: "dev").broadcasts.isEmpty)
        #expect(h.json(carol, "/me waves", room: "dev").broadcasts.isEmpty)
        // Whatever the frame asks for: a rename, a join, a private message, a list, a quit, a ping.
        for text in ["/nick caz", "/join ops", "/msg alice hi", "/rooms", "/who", "/part", "/quit", "/help"] {
            let effects = h.json(carol, text, room: "nowhere")
            #expect(effects.broadcasts.isEmpty && effects.closes.isEmpty, "\(text)")
            #expect(effects.sent(to: carol).map(\.data) == ["you are not in #nowhere; /join nowhere first"], "\(text)")
        }
        let whisper = h.receive(Message(type: .private, data: "psst", to: "alice", room: "nowhere"), from: carol)
        #expect(whisper.sent(to: alice).isEmpty && whisper.sent(to: carol).first?.type == .error)
        let ping = h.receive(Message(type: .ping, data: "1", room: "nowhere"), from: carol)
        #expect(ping.sent(to: carol).map(\.type) == [.error])
        #expect(h.core.name(of: carol) == "carol" && h.core.rooms(of: carol) == ["lobby"])
    }

    @Test("the default room keeps its spelling, rooms refuse invisible marks, and replays carry the room's name now")
    func spellings() throws {
        let h = CoreHarness()
        let fullwidth = h.join(alice, "alice", rooms: ["ｌｏｂｂｙ"]).sent(to: alice)
        #expect(fullwidth.first?.room == "lobby", "the same room as lobby, spelled as configured")
        let selector = h.join(bob, "bob", rooms: ["dev\u{FE00}"]).sent(to: bob)
        #expect(selector.contains { $0.type == .error && $0.data.hasPrefix("cannot join") })
        h.join(carol, "carol", rooms: ["Dev"])
        h.json(carol, "said in Dev", room: "Dev")
        h.disconnect(carol, .left)
        let replay = h.join(text, "dana", rooms: ["dev"]).sent(to: text)
        #expect(replay.first?.room == "dev")
        #expect(replay.filter { $0.replay == true }.map(\.room) == ["dev"])
    }

    @Test("a topic is bounded in bytes too; /rooms lists at most the 200 biggest")
    func topicBytesAndListSize() throws {
        var configuration = RoomConfiguration(floodLimit: nil)
        configuration.maxJoined = 300
        let h = CoreHarness(configuration)
        h.join(alice, "alice")
        let joiners = h.json(alice, "/topic a" + String(repeating: "\u{200D}", count: 5300))
        #expect(joiners.broadcasts.isEmpty && joiners.sent(to: alice).first?.type == .error)
        for index in 0..<250 { h.json(alice, "/join r\(index)") }
        let list = try #require(h.json(alice, "/rooms").sent(to: alice).first)
        #expect(list.rooms?.count == 200 && list.rooms?.first?.name == "lobby")
        #expect(list.data.hasPrefix("251 rooms, the 200 biggest:"))
    }

    @Test("a hello into many full rooms replays one bounded budget of history, the newest of each room")
    func replayBudget() throws {
        var configuration = RoomConfiguration(floodLimit: nil)
        configuration.maxJoined = 60
        let h = CoreHarness(configuration)
        h.join(alice, "alice", rooms: (0..<20).map { "r\($0)" })
        let line = String(repeating: "x", count: 16_000)
        for room in 0..<20 {
            for index in 0..<50 { h.json(alice, "\(index) \(line)", room: "r\(room)") }
        }
        let frames = h.join(bob, "bob", rooms: (0..<20).map { "r\($0)" }).sent(to: bob)
        let replayed = frames.filter { $0.replay == true }
        let bytes = replayed.reduce(0) { $0 + $1.data.utf8.count }
        #expect(bytes <= configuration.replayBytes)
        #expect(Set(replayed.compactMap(\.room)).count == 20, "every room shows its newest lines")
        let announced = frames.filter { $0.type == .welcome || $0.type == .users }.compactMap(\.history).reduce(0, +)
        #expect(announced == replayed.count, "history counts what is replayed")
        #expect(replayed.last?.data.hasPrefix("49 ") == true)
    }

    @Test("rooms nobody is in keep their history within a byte budget, the longest unused dropped first")
    func idleHistoryBytes() throws {
        var configuration = RoomConfiguration(floodLimit: nil)
        configuration.idleHistoryBytes = 3 * 1200
        let h = CoreHarness(configuration)
        h.join(alice, "alice")
        let line = String(repeating: "x", count: 1000)
        for index in 0..<4 {
            h.json(alice, "/join r\(index)")
            h.json(alice, "\(index) \(line)", room: "r\(index)")
            h.json(alice, "/part r\(index)")
        }
        #expect(h.core.idleBytes <= configuration.idleHistoryBytes)
        #expect(h.core.idleHistory.count == 3)
        let forgotten = h.json(alice, "/join r0").sent(to: alice)
        #expect(forgotten.first?.history == nil, "the longest unused went first: its history is read from the store")
        #expect(forgotten.filter { $0.replay == true }.map { $0.data.prefix(2) } == ["0 "])
        #expect(forgotten.last?.type == .replayEnd && forgotten.last?.seq == 1)
        let kept = h.json(alice, "/join r3").sent(to: alice)
        #expect(kept.first?.history == 1 && kept.last?.data.hasPrefix("3 ") == true)
    }

    @Test("/who of a big room one is not in does not list oneself")
    func whoOfABigRoomFromOutside() throws {
        let h = CoreHarness(RoomConfiguration(floodLimit: nil, rosterLimit: 3, activeNamesListed: 2))
        for index in 1...5 { h.join(MemberID(UInt64(index)), "u\(index)", rooms: ["big"]) }
        h.join(MemberID(9), "outsider")
        let who = try #require(h.json(MemberID(9), "/who big").sent(to: MemberID(9)).first)
        #expect(who.users?.contains("outsider") == false)
        #expect(who.online == 5)
    }

    @Test("hello with rooms joins them all at once: the welcome carries the first, each further one its roster")
    func helloWithRooms() throws {
        let h = self.threeInTwoRooms()
        h.json(alice, "/topic release friday", room: "dev")
        h.json(alice, "hi dev", room: "dev")
        h.connect(text, .json)
        let effects = h.hello(text, "dana", rooms: ["lobby", "#Dev", "no good", "dev", "ops"])
        let frames = effects.sent(to: text)
        #expect(frames.map(\.type) == [.welcome, .users, .topic, .chat, .users, .error])
        let welcome = frames[0]
        #expect(welcome.rooms == [RoomInfo(name: "lobby"), RoomInfo(name: "dev"), RoomInfo(name: "ops")])
        #expect(welcome.room == "lobby" && welcome.users == ["alice", "bob", "carol", "dana"] && welcome.online == 4)
        #expect(frames[1].room == "dev" && frames[1].users == ["alice", "bob", "dana"] && frames[1].history == 1)
        #expect(frames[2].data == "release friday" && frames[2].room == "dev")
        #expect(frames[3].replay == true && frames[3].room == "dev")
        #expect(frames[4].room == "ops" && frames[4].users == ["dana"])
        #expect(frames[5].data.hasPrefix("cannot join no good: a room name has only letters"))
        #expect(h.core.rooms(of: text) == ["lobby", "dev", "ops"])
    }

    @Test("a hello naming thousands of rooms gets a few errors and a count, never one error per name")
    func helloWithTooManyRooms() throws {
        let h = CoreHarness()
        h.connect(alice, .json)
        let names = (0..<60).map { "r\($0)" } + (0..<2000).map { "bad name \($0)" }
        let frames = h.hello(alice, "alice", rooms: names).sent(to: alice)
        #expect(h.core.rooms(of: alice).count == 50)
        let errors = frames.filter { $0.type == .error }.map(\.data)
        #expect(errors == ["at most 50 rooms at once: 2010 more not joined, from #r50 on"])
        h.connect(bob, .json)
        let bad = h.hello(bob, "bob", rooms: (0..<2000).map { "bad name \($0)" }).sent(to: bob)
        #expect(bad.filter { $0.type == .error }.count == 6)
        #expect(bad.last?.data == "1995 more rooms could not be joined")
    }

    @Test("hello with rooms that leave out the default room does not join it; none valid: the default room")
    func helloWithoutTheDefaultRoom() throws {
        let h = CoreHarness()
        let effects = h.join(alice, "alice", rooms: ["dev"])
        let welcome = try #require(effects.sent(to: alice).first)
        #expect(welcome.room == "dev" && welcome.rooms == [RoomInfo(name: "dev")])
        #expect(!h.room.exists)
        let none = h.join(bob, "bob", rooms: ["!!"])
        let bobs = try #require(none.sent(to: bob).first)
        #expect(bobs.room == "lobby" && bobs.data.contains("None of the rooms asked for could be joined"))
        #expect(none.sent(to: bob).last?.type == .error)
    }

    @Test("a silent client taken for text whose hello names rooms ends up in exactly those rooms")
    func upgradeWithRooms() throws {
        let h = self.threeInTwoRooms()
        h.connect(text, .text)
        let effects = h.run { core, time, effects in
            core.upgradeToJSON(self.text, wanted: "dana", rooms: ["dev", "ops"], at: time, effects: &effects)
        }
        let frames = effects.sent(to: text)
        #expect(frames.map(\.type) == [.welcome, .users])
        #expect(frames[0].room == "dev" && frames[0].to == "dana" && frames[0].users == ["alice", "bob", "dana"])
        #expect(frames[1].room == "ops")
        #expect(h.core.rooms(of: text) == ["dev", "ops"])
        #expect(effects.received(by: carol).map(\.type) == [.rename, .leave], "the lobby saw the guest go")
        #expect(h.json(text, "hi").broadcasts.first?.message.room == "dev", "a JSON client outside the lobby")
    }

    @Test("/part leaves a room: the others hear why, the room empties away, its history stays for the next")
    func partAndEmptyRoom() throws {
        let h = self.threeInTwoRooms()
        h.json(bob, "remember this", room: "dev")
        let alicePart = h.json(alice, "/part #dev lunch")
        #expect(alicePart.sent(to: alice).map(\.data) == ["you left #dev"])
        #expect(alicePart.sent(to: alice).first?.room == "dev")
        let leave = try #require(alicePart.received(by: bob).first)
        #expect(leave.type == .leave && leave.room == "dev" && leave.data == "parted: lunch" && leave.online == 1)
        #expect(h.core.rooms(of: alice) == ["lobby"])
        h.json(bob, "/part", room: "dev")
        #expect(!h.view("dev").exists)
        let list = try #require(h.json(carol, "/rooms").sent(to: carol).first)
        #expect(list.rooms == [RoomInfo(name: "lobby", online: 3)])
        let back = h.json(carol, "/join dev").sent(to: carol)
        #expect(back.map(\.type) == [.users, .chat])
        #expect(back.last?.data == "remember this")
    }

    @Test("/part of a room one is not in, and /join of a room one is in, are errors that change nothing")
    func partAndJoinMistakes() throws {
        let h = self.threeInTwoRooms()
        let part = h.json(carol, "/part #dev")
        #expect(part.broadcasts.isEmpty)
        #expect(part.sent(to: carol).map(\.data) == ["you are not in #dev"])
        let again = h.json(alice, "/join dev")
        #expect(again.broadcasts.isEmpty)
        #expect(again.sent(to: alice).map(\.data) == ["you are already in #dev"])
        #expect(h.core.rooms(of: alice) == ["lobby", "dev"])
        #expect(h.json(alice, "/join no!").sent(to: alice).first?.type == .error)
        // A word that is no room of hers is the reason, for the current room.
        let lunch = h.json(carol, "/part lunch")
        #expect(lunch.broadcasts.first?.message.data == "parted: lunch")
        #expect(lunch.broadcasts.first?.message.room == "lobby")
    }

    @Test("a rename is announced in every room the member is in, once each; in no room, to itself")
    func renameAcrossRooms() throws {
        let h = self.threeInTwoRooms()
        let effects = h.json(alice, "/nick alicia")
        #expect(effects.broadcasts.map(\.message.room) == ["lobby", "dev"])
        #expect(effects.received(by: bob).map(\.room) == ["lobby", "dev"])
        #expect(effects.received(by: carol).map(\.room) == ["lobby"])
        #expect(h.view("dev").names == ["alicia", "bob"])
        h.json(carol, "/part")
        let alone = h.json(carol, "/nick caz")
        #expect(alone.broadcasts.isEmpty)
        #expect(alone.sent(to: carol).map(\.type) == [.rename])
        #expect(alone.sent(to: carol).first?.room == nil)
        #expect(h.json(carol, "hi").sent(to: carol).first?.data.hasPrefix("you are in no room") == true)
    }

    @Test("names are unique across rooms, and private messages go person to person whatever the rooms")
    func namesAndPrivatesAcrossRooms() throws {
        let h = CoreHarness()
        h.join(alice, "alice", rooms: ["dev"])
        h.join(bob, "alice", rooms: ["ops"])
        #expect(h.core.name(of: bob) == "alice2")
        let whisper = h.json(bob, "/msg alice psst")
        #expect(whisper.sent(to: alice).map(\.type) == [.private])
        #expect(whisper.sent(to: alice).first?.room == nil)
        #expect(whisper.sent(to: bob).map(\.data) == ["psst"])
    }

    @Test("/topic shows, sets and clears the topic; joiners get it; it is bounded")
    func topics() throws {
        let h = self.threeInTwoRooms()
        #expect(
            h.json(alice, "/topic", room: "dev").sent(to: alice).first?.data
                == "#dev has no topic; /topic TEXT sets one")
        let set = h.json(alice, "/topic release on friday", room: "dev")
        let topic = try #require(set.received(by: bob).first)
        #expect(topic.type == .topic && topic.dataSource == "alice" && topic.data == "release on friday")
        #expect(set.received(by: carol).isEmpty)
        #expect(h.view("dev").topic?.setBy == "alice")
        let shown = try #require(h.json(bob, "/topic", room: "dev").sent(to: bob).first)
        #expect(shown.type == .topic && shown.dataSource == "server" && shown.data == "release on friday")
        #expect(h.json(carol, "/join dev").sent(to: carol).map(\.type) == [.users, .topic])
        let long = h.json(alice, "/topic " + String(repeating: "t", count: 301), room: "dev")
        #expect(long.broadcasts.isEmpty && long.sent(to: alice).first?.type == .error)
        let cleared = h.json(alice, "/topic -delete", room: "dev")
        #expect(cleared.broadcasts.first?.message.data == "")
        #expect(h.view("dev").topic == nil)
        let list = try #require(h.json(carol, "/rooms").sent(to: carol).first)
        #expect(list.rooms?.allSatisfy { $0.topic == nil } == true)
    }

    @Test("/rooms lists rooms with someone in them, biggest first, with topics; /who ROOM lists any room")
    func listAndWho() throws {
        let h = self.threeInTwoRooms()
        h.json(carol, "/join 中文")
        h.json(alice, "/topic hi", room: "dev")
        let list = try #require(h.json(carol, "/rooms").sent(to: carol).first)
        #expect(list.type == .rooms)
        #expect(
            list.rooms == [
                RoomInfo(name: "lobby", online: 3), RoomInfo(name: "dev", online: 2, topic: "hi"),
                RoomInfo(name: "中文", online: 1),
            ])
        #expect(list.data == "3 rooms:\n#lobby (3)\n#dev (2): hi\n#中文 (1)")
        let who = try #require(h.json(carol, "/who #dev").sent(to: carol).first)
        #expect(who.type == .users && who.room == "dev" && who.users == ["alice", "bob"])
        #expect(h.json(carol, "/who ops").sent(to: carol).first?.data == "no such room: #ops (/rooms lists them)")
        #expect(h.json(carol, "/who").sent(to: carol).first?.room == "lobby")
    }

    @Test("--max-rooms and --max-joined answer a flood of /joins with errors; joining an existing room still works")
    func limits() throws {
        var configuration = RoomConfiguration(floodLimit: nil)
        configuration.maxRooms = 3
        configuration.maxJoined = 3
        let h = CoreHarness(configuration)
        h.join(alice, "alice")
        h.json(alice, "/join a")
        h.json(alice, "/join b")
        let full = h.json(alice, "/join c")
        #expect(full.sent(to: alice).first?.data.hasPrefix("cannot join #c: you are in 3 rooms") == true)
        h.join(bob, "bob")
        let tooMany = h.json(bob, "/join c")
        #expect(tooMany.sent(to: bob).first?.data.hasPrefix("cannot create #c: the server has 3 rooms") == true)
        #expect(tooMany.broadcasts.isEmpty)
        #expect(h.json(bob, "/join a").sent(to: bob).first?.type == .users)
        h.json(alice, "/part b")
        #expect(h.json(bob, "/join c").sent(to: bob).first?.type == .users, "an emptied room frees its place")
    }

    @Test("a text client talks in the room it joined last; /part returns it to the one before; /join switches back")
    func textClientsCurrentRoom() throws {
        let h = self.threeInTwoRooms()
        h.connect(text, .text)
        let joined = h.line(text, "/join dev")
        #expect(joined.sent(to: text).last?.data == "you are talking in #dev; /join another room to switch")
        #expect(h.line(text, "hello dev").broadcasts.first?.message.room == "dev")
        #expect(h.line(text, "/who").sent(to: text).first?.room == "dev")
        let switched = h.line(text, "/join lobby")
        #expect(switched.broadcasts.isEmpty, "already in: a switch, not a join")
        #expect(h.line(text, "hi lobby").broadcasts.first?.message.room == "lobby")
        h.line(text, "/join dev")
        let part = h.line(text, "/part")
        #expect(
            part.sent(to: text).map(\.data) == [
                "you left #dev", "you are talking in #lobby; /join another room to switch",
            ])
        #expect(h.line(text, "back").broadcasts.first?.message.room == "lobby")
        h.line(text, "/part")
        #expect(h.line(text, "anyone?").sent(to: text).first?.data.hasPrefix("you are in no room") == true)
    }

    @Test("the flood limit is per connection: lines to two rooms draw on one allowance")
    func floodAcrossRooms() throws {
        let h = CoreHarness(floodLimit: FloodLimit(burst: 4, perSecond: 1))
        h.join(alice, "alice", rooms: ["lobby", "dev"])
        var relayed = 0
        for index in 0..<8 {
            relayed += h.json(alice, "line \(index)", room: index % 2 == 0 ? "lobby" : "dev").broadcasts.count
        }
        #expect(relayed == 4)
    }

    @Test("a big room lists who spoke; another room beside it stays small and lists everyone")
    func presencePerRoom() throws {
        let h = CoreHarness(RoomConfiguration(floodLimit: nil, rosterLimit: 3, activeNamesListed: 2))
        for index in 1...5 { h.join(MemberID(UInt64(index)), "u\(index)", rooms: ["big"]) }
        #expect(h.view("big").isLarge)
        h.json(MemberID(1), "/join small")
        let roster = try #require(h.json(MemberID(2), "/join small").sent(to: MemberID(2)).first)
        #expect(roster.users == ["u1", "u2"] && roster.online == 2)
        #expect(!h.view("small").isLarge)
    }

    @Test("a disconnect leaves every room, each told once")
    func disconnectLeavesEveryRoom() throws {
        let h = self.threeInTwoRooms()
        let effects = h.disconnect(alice, .left)
        #expect(effects.received(by: bob).map(\.room) == ["lobby", "dev"])
        #expect(effects.received(by: carol).map(\.room) == ["lobby"])
        #expect(h.view("dev").names == ["bob"])
    }

    @Test("what happens is published for other server processes, and their messages reach the room of that name")
    func busEvents() throws {
        let h = CoreHarness()
        h.join(alice, "alice", rooms: ["dev"])
        h.json(alice, "hi", room: "dev")
        h.json(alice, "/nick al")
        h.json(alice, "/part dev")
        let kinds = h.published.map { event -> String in
            switch event {
            case .joined: "joined"
            case .left: "left"
            case .posted: "posted"
            case .renamed: "renamed"
            case .topicChanged: "topic"
            }
        }
        #expect(kinds == ["joined", "posted", "renamed", "left"])
        // A message posted on another process, for a room there (its own id), reaches the members of #dev here.
        h.json(alice, "/join dev")
        let remote = StoredMessage(
            id: 99, seq: 1,
            post: Post(
                kind: .chat, destination: .room(RoomRef(id: RoomID(77), name: "DEV")), sender: MemberID(900),
                senderName: "zed", text: "from afar", wallMilliseconds: h.wall))
        let delivered = h.run { core, _, effects in core.remote(.posted(remote), effects: &effects) }
        #expect(delivered.received(by: alice).map(\.data) == ["from afar"])
        #expect(delivered.received(by: alice).first?.room == "dev")
    }

    @Test("a message the store could not keep is not shown: only its sender hears why")
    func notStored() throws {
        let h = self.threeInTwoRooms()
        let post = Post(
            kind: .chat, destination: .room(RoomRef(id: RoomID(1), name: "lobby")), sender: alice, senderName: "alice",
            text: "lost", wallMilliseconds: h.wall)
        let effects = h.run { core, _, effects in
            core.notStored(post, error: .unavailable("database down"), effects: &effects)
        }
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.sent(to: alice).map(\.data) == ["not stored (database down); try again"])
    }
}

@Suite("Memory room bus")
struct MemoryRoomBusTests {
    @Test("what one endpoint publishes reaches every other endpoint in order, never the publisher")
    func fanOut() {
        let bus = MemoryRoomBus()
        let a = bus.attach()
        let b = bus.attach()
        let c = bus.attach()
        var heard: [String: [RoomEvent]] = [:]
        a.subscribe { heard["a", default: []].append($0) }
        b.subscribe { heard["b", default: []].append($0) }
        c.subscribe { heard["c", default: []].append($0) }
        let dev = RoomRef(id: RoomID(1), name: "dev")
        a.publish(.joined(dev, name: "alice"))
        a.publish(.renamed(from: "alice", to: "al"))
        b.publish(.left(dev, name: "bob", reason: .left))
        #expect(heard["a"] == [.left(dev, name: "bob", reason: .left)])
        #expect(heard["b"] == [.joined(dev, name: "alice"), .renamed(from: "alice", to: "al")])
        #expect(heard["c"]?.count == 3)
    }
}
