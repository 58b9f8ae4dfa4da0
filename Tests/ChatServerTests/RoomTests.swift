import ChatProtocol
import Testing

@testable import ChatServer

private typealias Harness = CoreHarness

// MARK: - Tests

@Suite("Room")
struct RoomTests {
    let alice = MemberID(1)
    let bob = MemberID(2)
    let carol = MemberID(3)
    let dave = MemberID(4)

    // MARK: Joining

    @Test func textClientJoinsAtOnceAsGuest() throws {
        let h = Harness()
        let effects = h.connect(alice, .text)
        #expect(h.room.name(of: alice) == "guest-1")
        #expect(h.room.onlineCount == 1)
        let welcome = try #require(effects.sent(to: alice).first)
        #expect(welcome.type == .welcome)
        #expect(welcome.dataSource == Message.serverSource)
        #expect(welcome.to == "guest-1")
        #expect(welcome.users == ["guest-1"])
        #expect(welcome.data.hasPrefix("Welcome to swchat, guest-1! 1 online."))
        #expect(welcome.ts == h.ts)
        #expect(effects.broadcasts.count == 1)
        let join = try #require(effects.broadcasts.first)
        #expect(join.message.type == .join)
        #expect(join.message.dataSource == "guest-1")
        #expect(join.message.data == "guest-1 joined (1 online)")
        #expect(join.except == alice)
    }

    @Test func secondTextClientIsTheNextGuest() throws {
        let h = Harness()
        h.connect(alice, .text)
        let effects = h.connect(bob, .text)
        let welcome = try #require(effects.sent(to: bob).first)
        #expect(welcome.to == "guest-2")
        #expect(welcome.users == ["guest-1", "guest-2"])
        #expect(effects.received(by: alice).map(\.data) == ["guest-2 joined (2 online)"])
        #expect(h.room.names == ["guest-1", "guest-2"])
    }

    @Test func jsonClientGetsNothingUntilHello() throws {
        let h = Harness()
        #expect(h.connect(alice, .json).isEmpty)
        #expect(h.room.name(of: alice) == nil)
        #expect(h.room.onlineCount == 0)
        let effects = h.hello(alice, "alice")
        #expect(h.room.name(of: alice) == "alice")
        let sent = effects.sent(to: alice)
        #expect(sent.count == 1)
        let welcome = try #require(sent.first)
        #expect(welcome.type == .welcome)
        #expect(welcome.to == "alice")
        #expect(welcome.users == ["alice"])
        #expect(welcome.data == "Welcome to swchat, alice! 1 online. Type /help for commands.")
        #expect(effects.broadcasts.map(\.message.type) == [.join])
    }

    @Test func welcomeComesBeforeTheJoinBroadcast() {
        let h = Harness()
        let effects = h.join(alice, "alice")
        guard case .send(let frame, _) = effects.first else {
            Issue.record("the first effect is not the welcome")
            return
        }
        #expect(frame.type == .welcome)
        guard case .broadcast(let last, _, _, _) = effects.last else {
            Issue.record("the last effect is not the join")
            return
        }
        #expect(last.type == .join)
    }

    @Test func helloWithATakenNameGetsAVariant() throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.join(bob, "alice")
        #expect(h.room.name(of: bob) == "alice2")
        let welcome = try #require(effects.sent(to: bob).first)
        #expect(welcome.to == "alice2")
        #expect(welcome.data.contains("The name alice is taken, so you are alice2."))
        #expect(welcome.users == ["alice", "alice2"])
        h.join(carol, "ALICE")
        #expect(h.room.name(of: carol) == "ALICE3")
    }

    @Test func helloWithATakenLongNameStaysWithinTheLimit() throws {
        let h = Harness()
        let long = String(repeating: "x", count: 32)
        h.join(alice, long)
        h.join(bob, long)
        let name = try #require(h.room.name(of: bob))
        #expect(name == String(repeating: "x", count: 31) + "2")
        #expect(NameRules.problem(with: name) == nil)
    }

    @Test(arguments: [
        ("bad name", NameRules.Problem.containsSpace),
        ("server", .reserved),
        ("Server", .reserved),
        (String(repeating: "n", count: 33), .tooLong),
        ("\u{1B}[31mred", .containsControl),
        ("zero\u{200B}width", .containsControl),
    ])
    func invalidWantedNameGivesAGuestAndSaysWhy(wanted: String, problem: NameRules.Problem) throws {
        let h = Harness()
        let effects = h.join(alice, wanted)
        #expect(h.room.name(of: alice) == "guest-1")
        let welcome = try #require(effects.sent(to: alice).first)
        #expect(welcome.to == "guest-1")
        #expect(welcome.data.contains("The name you asked for is not valid (\(problem)), so you are guest-1."))
        #expect(!welcome.data.contains("\u{1B}"))
    }

    @Test(arguments: ["", "   "])
    func emptyHelloGivesAGuestWithoutComplaint(wanted: String) throws {
        let h = Harness()
        let welcome = try #require(h.join(alice, wanted).sent(to: alice).first)
        #expect(welcome.to == "guest-1")
        #expect(welcome.data == "Welcome to swchat, guest-1! 1 online. Type /help for commands.")
    }

    @Test func helloNameIsTrimmed() {
        let h = Harness()
        h.join(alice, "  alice ")
        #expect(h.room.name(of: alice) == "alice")
    }

    @Test func unicodeNames() {
        let h = Harness()
        h.join(alice, "张三")
        h.join(bob, "🙂")
        #expect(h.room.names == ["张三", "🙂"])
    }

    @Test func guestNumbersSkipTakenNames() {
        let h = Harness()
        h.join(alice, "guest-1")
        h.connect(bob, .text)
        #expect(h.room.name(of: bob) == "guest-2")
    }

    @Test func firstFrameNotHelloJoinsAsGuestThenIsHandled() throws {
        let h = Harness()
        h.join(bob, "bob")
        h.connect(alice, .json)
        let effects = h.json(alice, "hi everyone")
        #expect(h.room.name(of: alice) == "guest-1")
        #expect(effects.sent(to: alice).map(\.type) == [.welcome])
        #expect(effects.broadcasts.map(\.message.type) == [.join, .chat])
        let chat = try #require(effects.broadcasts.last)
        #expect(chat.message.dataSource == "guest-1")
        #expect(chat.message.data == "hi everyone")
        #expect(chat.except == nil)
        #expect(effects.received(by: bob).map(\.type) == [.join, .chat])
        #expect(effects.received(by: alice).map(\.type) == [.welcome, .chat])
    }

    @Test func firstFramePingJoinsAsGuestThenPongs() {
        let h = Harness()
        h.connect(alice, .json)
        let effects = h.receive(Message(type: .ping, data: "1"), from: alice)
        #expect(effects.sent(to: alice).map(\.type) == [.welcome, .pong])
    }

    @Test func joinBroadcastExcludesTheNewcomer() throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.join(bob, "bob")
        let join = try #require(effects.broadcasts.first)
        #expect(join.except == bob)
        #expect(join.message.dataSource == "bob")
        #expect(join.message.data == "bob joined (2 online)")
        #expect(effects.received(by: alice).map(\.type) == [.join])
        #expect(!effects.received(by: bob).contains { $0.type == .join })
    }

    @Test func motdIsAppendedToTheWelcome() throws {
        let h = Harness(motd: "Be nice.\nNo spam.")
        let welcome = try #require(h.join(alice, "alice").sent(to: alice).first)
        #expect(welcome.data == "Welcome to swchat, alice! 1 online. Type /help for commands.\nBe nice.\nNo spam.")
    }

    @Test func emptyMotdIsLeftOut() throws {
        let h = Harness(motd: "")
        let welcome = try #require(h.join(alice, "alice").sent(to: alice).first)
        #expect(!welcome.data.contains("\n"))
    }

    // MARK: Chat

    @Test func chatIsBroadcastToEveryoneIncludingTheSender() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.json(alice, "hello bob")
        #expect(effects.count == 1)
        let chat = try #require(effects.broadcasts.first)
        #expect(chat.except == nil)
        #expect(chat.message.type == .chat)
        #expect(chat.message.dataSource == "alice")
        #expect(chat.message.data == "hello bob")
        #expect(chat.message.ts == h.ts)
        #expect(chat.message.id != nil)
        #expect(chat.message.replay == nil)
    }

    @Test func textClientChat() throws {
        let h = Harness()
        h.connect(alice, .text)
        let chat = try #require(h.line(alice, "hi there").broadcasts.first)
        #expect(chat.message.type == .chat)
        #expect(chat.message.dataSource == "guest-1")
        #expect(chat.message.data == "hi there")
        #expect(chat.except == nil)
    }

    @Test func idsIncreaseStrictlyAcrossChatMeAndPrivate() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        var ids: [UInt64] = []
        func collect(_ effects: [Output]) throws {
            let messages = effects.broadcasts.map(\.message) + effects.sends.map(\.message)
            let carrying = messages.filter { [.chat, .me, .private].contains($0.type) }
            try #require(!carrying.isEmpty)
            // A private message is one frame sent twice: one id.
            ids.append(contentsOf: Set(carrying.compactMap(\.id)).sorted())
            #expect(carrying.allSatisfy { $0.id != nil })
        }
        try collect(h.json(alice, "one"))
        try collect(h.json(bob, "/me two"))
        try collect(h.json(alice, "/msg bob three"))
        try collect(h.receive(Message(type: .me, data: "four"), from: bob))
        try collect(h.receive(Message(type: .private, data: "five", to: "alice"), from: bob))
        try collect(h.json(alice, "six"))
        #expect(ids.count == 6)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ids == [1, 2, 3, 4, 5, 6])
    }

    @Test func serverFramesCarryNoID() {
        let h = Harness()
        var all: [Message] = []
        all += h.join(alice, "alice").compactMap(\.anyMessage)
        all += h.join(bob, "bob").compactMap(\.anyMessage)
        all += h.json(alice, "/who").compactMap(\.anyMessage)
        all += h.json(alice, "/nick alicia").compactMap(\.anyMessage)
        all += h.receive(Message(type: .ping), from: bob).compactMap(\.anyMessage)
        all += h.disconnect(bob, .left).compactMap(\.anyMessage)
        #expect(!all.isEmpty)
        for message in all {
            #expect(message.id == nil, "\(message.type)")
            #expect(message.ts == h.ts, "\(message.type)")
        }
    }

    @Test func clientDataSourceIsIgnored() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let chat = try #require(h.receive(Message(dataSource: "bob", data: "I am bob"), from: alice).broadcasts.first)
        #expect(chat.message.dataSource == "alice")
        let me = try #require(
            h.receive(Message(type: .me, dataSource: "server", data: "waves"), from: alice).broadcasts.first)
        #expect(me.message.dataSource == "alice")
        let whisper = try #require(
            h.receive(Message(type: .private, dataSource: "carol", data: "psst", to: "bob"), from: alice).sent(to: bob)
                .first)
        #expect(whisper.dataSource == "alice")
    }

    @Test func clientIDTsAndReplayAreIgnored() throws {
        let h = Harness()
        h.join(alice, "alice")
        let sent = Message(data: "hi", id: 999, ts: "1999-01-01T00:00:00.000Z", users: ["x"], replay: true)
        let chat = try #require(h.receive(sent, from: alice).broadcasts.first).message
        #expect(chat.id == 1)
        #expect(chat.ts == h.ts)
        #expect(chat.replay == nil)
        #expect(chat.users == nil)
    }

    @Test(arguments: [
        ("\u{1B}[2Jhello", "[2Jhello"),
        ("red \u{1B}[31mtext\u{1B}[0m", "red [31mtext[0m"),
        ("csi\u{9B}2J", "csi2J"),
        ("tab\there", "tab here"),
        ("bidi \u{202E}gnp.exe", "bidi gnp.exe"),
        ("nul\u{0}del\u{7F}", "nuldel"),
        ("你好 🙂", "你好 🙂"),
    ])
    func chatIsSanitized(text: String, expected: String) throws {
        let h = Harness()
        h.join(alice, "alice")
        h.connect(bob, .text)
        #expect(try #require(h.json(alice, text).broadcasts.first).message.data == expected)
        #expect(try #require(h.line(bob, text).broadcasts.first).message.data == expected)
        #expect(try #require(h.json(alice, "/me " + text).broadcasts.first).message.data == expected)
        #expect(try #require(h.json(alice, "/msg guest-1 " + text).sent(to: bob).first).data == expected)
    }

    @Test(arguments: ["", " ", "   ", "\t", "\u{3000}"])
    func blankChatFromJSONIsAnError(text: String) throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.json(alice, text)
        #expect(effects.broadcasts.isEmpty)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "empty message; nothing sent")
        #expect(h.room.lastID == 0)
    }

    @Test(arguments: ["", " ", "   ", "\t", "\u{3000}"])
    func blankLineFromTextIsIgnored(text: String) {
        let h = Harness()
        h.connect(alice, .text)
        #expect(h.line(alice, text).isEmpty)
    }

    @Test func chatThatIsOnlyControlsSendsNothing() {
        let h = Harness()
        h.connect(alice, .text)
        #expect(h.line(alice, "\u{1B}\u{7}").broadcasts.isEmpty)
        #expect(h.room.lastID == 0)
    }

    @Test func slashEscapeSendsTheText() throws {
        let h = Harness()
        h.connect(alice, .text)
        #expect(try #require(h.line(alice, "//not a command").broadcasts.first).message.data == "/not a command")
    }

    // MARK: History

    @Test func newcomerGetsTheLastHistoryLimitMessagesAfterItsWelcome() throws {
        let h = Harness(historyLimit: 3)
        h.join(alice, "alice")
        for i in 1...5 {
            h.json(alice, "message \(i)")
            h.advance(milliseconds: 1000)
        }
        let effects = h.join(bob, "bob")
        let sent = effects.sent(to: bob)
        #expect(sent.map(\.type) == [.welcome, .chat, .chat, .chat])
        let replayed = Array(sent.dropFirst())
        #expect(replayed.map(\.data) == ["message 3", "message 4", "message 5"])
        #expect(replayed.map(\.id) == [3, 4, 5])
        #expect(replayed.allSatisfy { $0.replay == true })
        #expect(replayed.allSatisfy { $0.dataSource == "alice" })
        // Each keeps the time it was said.
        #expect(
            replayed.map(\.ts)
                == (3...5).map { Timestamp.format(millisecondsSince1970: 1_700_000_000_123 + Int64($0 - 1) * 1000) })
        // The room hears of the newcomer after its history.
        guard case .broadcast(let join, _, _, let except) = effects.last else {
            Issue.record("no join broadcast last")
            return
        }
        #expect(join.type == .join)
        #expect(except == bob)
    }

    @Test func historyHasChatAndMeButNotPrivateOrServerFrames() throws {
        let h = Harness(historyLimit: 10)
        h.join(alice, "alice")
        h.join(bob, "bob")
        h.json(alice, "hello")
        h.json(bob, "/me waves")
        h.json(alice, "/msg bob secret")
        h.receive(Message(type: .private, data: "also secret", to: "alice"), from: bob)
        h.json(alice, "/nick alicia")
        h.json(bob, "/who")
        h.disconnect(bob, .left)
        let sent = h.join(carol, "carol").sent(to: carol)
        #expect(sent.map(\.type) == [.welcome, .chat, .me])
        #expect(sent.dropFirst().map(\.data) == ["hello", "waves"])
        // Replayed as said: under the name of the time.
        #expect(sent.dropFirst().map(\.dataSource) == ["alice", "bob"])
        #expect(!sent.contains { $0.data.contains("secret") })
    }

    @Test func liveFramesAreNotMarkedAsReplay() throws {
        let h = Harness(historyLimit: 10)
        h.join(alice, "alice")
        let chat = try #require(h.json(alice, "hi").broadcasts.first).message
        #expect(chat.replay == nil)
        let replayed = try #require(h.join(bob, "bob").sent(to: bob).last)
        #expect(replayed.replay == true)
        #expect(replayed.id == chat.id)
    }

    @Test func historyLimitZeroReplaysNothing() {
        let h = Harness(historyLimit: 0)
        h.join(alice, "alice")
        h.json(alice, "one")
        h.json(alice, "two")
        #expect(h.join(bob, "bob").sent(to: bob).map(\.type) == [.welcome])
    }

    @Test func textNewcomerGetsHistoryToo() {
        let h = Harness(historyLimit: 2)
        h.join(alice, "alice")
        h.json(alice, "one")
        let sent = h.connect(bob, .text).sent(to: bob)
        #expect(sent.map(\.type) == [.welcome, .chat])
        #expect(sent.last?.replay == true)
    }

    // MARK: /nick

    @Test func nickBroadcastsARenameToEveryone() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.json(alice, "/nick alicia")
        #expect(effects.count == 1)
        let rename = try #require(effects.broadcasts.first)
        #expect(rename.except == nil)
        #expect(rename.message.type == .rename)
        #expect(rename.message.dataSource == "alice")
        #expect(rename.message.data == "alicia")
        #expect(h.room.name(of: alice) == "alicia")
        #expect(h.room.names == ["alicia", "bob"])
        #expect(try #require(h.json(alice, "hi").broadcasts.first).message.dataSource == "alicia")
        // The old name is free again.
        h.join(carol, "alice")
        #expect(h.room.name(of: carol) == "alice")
    }

    @Test func nickFromTextClientWithSeedSpelling() throws {
        let h = Harness()
        h.connect(alice, .text)
        let rename = try #require(h.line(alice, "rename|alice").broadcasts.first).message
        #expect(rename.type == .rename)
        #expect(rename.dataSource == "guest-1")
        #expect(rename.data == "alice")
    }

    @Test(arguments: ["bob", "BOB", "Bob"])
    func nickToATakenNameIsAnErrorAndChangesNothing(wanted: String) throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.json(alice, "/nick \(wanted)")
        #expect(effects.broadcasts.isEmpty)
        let error = try #require(effects.sent(to: alice).first)
        #expect(effects.count == 1)
        #expect(error.type == .error)
        #expect(error.data == "the name \(wanted) is taken")
        #expect(h.room.name(of: alice) == "alice")
        #expect(h.room.names == ["alice", "bob"])
    }

    @Test(arguments: [
        ("server", NameRules.Problem.reserved),
        (String(repeating: "n", count: 33), .tooLong),
        ("\u{1B}[2Jx", .containsControl),
        ("zero\u{200B}width", .containsControl),
    ])
    func nickToAnInvalidNameIsAnError(wanted: String, problem: NameRules.Problem) throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.json(alice, "/nick \(wanted)")
        #expect(effects.broadcasts.isEmpty)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data.hasSuffix(": \(problem)"))
        #expect(!error.data.contains("\u{1B}"))
        #expect(h.room.name(of: alice) == "alice")
    }

    @Test func nickWithoutANameIsAUsageError() throws {
        let h = Harness()
        h.join(alice, "alice")
        let error = try #require(h.json(alice, "/nick").sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "usage: /nick NAME")
    }

    @Test func nickChangingOnlyTheCaseIsAllowed() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let rename = try #require(h.json(alice, "/nick Alice").broadcasts.first).message
        #expect(rename.type == .rename)
        #expect(rename.dataSource == "alice")
        #expect(rename.data == "Alice")
        #expect(h.room.names == ["Alice", "bob"])
        // Still unique under its key.
        h.join(carol, "ALICE")
        #expect(h.room.name(of: carol) == "ALICE2")
        let whisper = h.json(bob, "/msg alice hi")
        #expect(whisper.sent(to: alice).first?.to == "Alice")
    }

    @Test func nickToTheSameNameIsASystemNotice() throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.json(alice, "/nick alice")
        #expect(effects.broadcasts.isEmpty)
        let notice = try #require(effects.sent(to: alice).first)
        #expect(notice.type == .system)
        #expect(notice.data == "you are already alice")
    }

    // MARK: /msg and private frames

    @Test func msgDeliversOneFrameToTheAddresseeAndOneToTheSender() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        h.join(carol, "carol")
        let effects = h.json(alice, "/msg bob psst, a secret")
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.sends.count == 2)
        #expect(effects.sent(to: carol).isEmpty)
        let toBob = try #require(effects.sent(to: bob).first)
        let toAlice = try #require(effects.sent(to: alice).first)
        for message in [toBob, toAlice] {
            #expect(message.type == .private)
            #expect(message.dataSource == "alice")
            #expect(message.to == "bob")
            #expect(message.data == "psst, a secret")
            #expect(message.id == 1)
            #expect(message.ts == h.ts)
        }
    }

    @Test func msgAddresseeIgnoresCaseAndNamesTheRealName() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "Bob")
        let toBob = try #require(h.json(alice, "/msg BOB hi").sent(to: bob).first)
        #expect(toBob.to == "Bob")
    }

    @Test func msgToOneselfIsOneFrame() {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.json(alice, "/msg alice note to self")
        #expect(effects.count == 1)
        #expect(effects.sent(to: alice).map(\.type) == [.private])
    }

    @Test func msgToAnUnknownUserIsAnError() throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.json(alice, "/msg nobody hello?")
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "no such user: nobody")
        #expect(h.room.lastID == 0)
    }

    @Test func msgToAnUnknownUserDoesNotEchoControls() throws {
        let h = Harness()
        h.join(alice, "alice")
        let error = try #require(h.json(alice, "/msg \u{1B}[2J hi").sent(to: alice).first)
        #expect(error.type == .error)
        #expect(!error.data.contains("\u{1B}"))
    }

    @Test func msgToSomeoneWhoLeftIsAnError() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        h.disconnect(bob, .left)
        let error = try #require(h.json(alice, "/msg bob still there?").sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "no such user: bob")
    }

    @Test func msgWithoutTextIsAUsageError() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let error = try #require(h.json(alice, "/msg bob").sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "usage: /msg NAME TEXT")
    }

    @Test func privateFrameIsLikeMsg() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.receive(Message(type: .private, data: "psst", to: "bob"), from: alice)
        #expect(effects.sends.count == 2)
        let toBob = try #require(effects.sent(to: bob).first)
        #expect(toBob.type == .private)
        #expect(toBob.to == "bob")
        #expect(toBob.data == "psst")
        #expect(effects.sent(to: alice).first?.to == "bob")
    }

    @Test(arguments: [nil, ""] as [String?])
    func privateFrameWithoutToIsAnError(to: String?) throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.receive(Message(type: .private, data: "psst", to: to), from: alice)
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "a 'private' frame needs a 'to' field naming the addressee")
    }

    @Test func blankPrivateFrameIsAnError() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.receive(Message(type: .private, data: "  ", to: "bob"), from: alice)
        #expect(effects.sent(to: bob).isEmpty)
        #expect(effects.sent(to: alice).map(\.type) == [.error])
    }

    // MARK: /me, /who, /help, unknown commands

    @Test func meIsBroadcast() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        for effects in [h.json(alice, "/me waves"), h.receive(Message(type: .me, data: "waves"), from: alice)] {
            let me = try #require(effects.broadcasts.first)
            #expect(effects.count == 1)
            #expect(me.except == nil)
            #expect(me.message.type == .me)
            #expect(me.message.dataSource == "alice")
            #expect(me.message.data == "waves")
            #expect(me.message.id != nil)
        }
    }

    @Test func meWithoutTextIsAUsageError() throws {
        let h = Harness()
        h.connect(alice, .text)
        let error = try #require(h.line(alice, "/me").sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "usage: /me TEXT")
    }

    @Test(arguments: ["/who", "who", "who online", "/names", "WHO"])
    func whoSendsTheSortedRosterToTheAskerOnly(line: String) throws {
        let h = Harness()
        h.join(bob, "bob")
        h.join(carol, "carol")
        h.join(dave, "Dave")
        h.connect(alice, .text)
        let effects = h.line(alice, line)
        #expect(effects.count == 1)
        let users = try #require(effects.sent(to: alice).first)
        #expect(users.type == .users)
        #expect(users.dataSource == Message.serverSource)
        #expect(users.users == ["bob", "carol", "Dave", "guest-1"])
        #expect(users.data == "4 online: bob, carol, Dave, guest-1")
    }

    @Test func helpIsTheCommandListToTheAskerOnly() throws {
        let h = Harness()
        h.connect(alice, .text)
        let effects = h.line(alice, "/help")
        #expect(effects.count == 1)
        let help = try #require(effects.sent(to: alice).first)
        #expect(help.type == .system)
        #expect(help.data == CommandSpec.helpText)
    }

    @Test func unknownCommandIsAnErrorMentioningHelp() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.json(alice, "/frobnicate now")
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data.contains("unknown command /frobnicate"))
        #expect(error.data.contains("/help"))
    }

    @Test func unknownCommandNameIsCutAndCleaned() throws {
        let h = Harness()
        h.connect(alice, .text)
        let error = try #require(h.line(alice, "/\u{1B}[2J" + String(repeating: "x", count: 100)).sent(to: alice).first)
        #expect(!error.data.contains("\u{1B}"))
        #expect(!error.data.contains(String(repeating: "x", count: 33)))
    }

    // MARK: Leaving

    @Test func quitSaysGoodbyeClosesAndTellsTheOthers() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.json(alice, "/quit gone home")
        #expect(effects.count == 3)
        guard effects.count == 3,
            case .send(let goodbye, let to) = effects[0],
            case .close(let closed, let reason) = effects[1],
            case .broadcast(let leave, _, _, let except) = effects[2]
        else {
            Issue.record("expected goodbye, close, leave; got \(effects)")
            return
        }
        #expect(to == alice)
        #expect(goodbye.type == .system)
        #expect(goodbye.data == "goodbye, alice")
        #expect(closed == alice)
        #expect(reason == .quit("gone home"))
        #expect(except == alice)
        #expect(leave.type == .leave)
        #expect(leave.dataSource == "alice")
        #expect(leave.data == "quit: gone home")
        #expect(h.room.name(of: alice) == nil)
        #expect(h.room.names == ["bob"])
        // The shell reports the close later: no second leave.
        #expect(h.disconnect(alice, .left).isEmpty)
        // The name is free again.
        h.join(carol, "alice")
        #expect(h.room.name(of: carol) == "alice")
    }

    @Test(arguments: ["/quit", "quit", "exit", "/bye", "/quit    ", "/quit \u{1B}"])
    func quitWithoutReason(line: String) throws {
        let h = Harness()
        h.connect(alice, .text)
        h.connect(bob, .text)
        let effects = h.line(alice, line)
        #expect(effects.closes.map(\.id) == [alice])
        #expect(effects.closes.map(\.reason) == [.quit(nil)])
        #expect(try #require(effects.broadcasts.first).message.data == "quit")
        #expect(effects.received(by: bob).map(\.type) == [.leave])
    }

    @Test func quitReasonIsCleaned() throws {
        let h = Harness()
        h.connect(alice, .text)
        let effects = h.line(alice, "/quit \u{1B}[2Jlunch")
        #expect(try #require(effects.broadcasts.first).message.data == "quit: [2Jlunch")
        #expect(effects.closes.map(\.reason) == [.quit("[2Jlunch")])
    }

    @Test(arguments: [
        (LeaveReason.left, "left"),
        (.timedOut, "timed out"),
        (.tooSlow, "disconnected as too slow"),
        (.shuttingDown, "server shutting down"),
        (.quit(nil), "quit"),
        (.quit("bye"), "quit: bye"),
    ])
    func disconnectOfAJoinedMemberTellsTheOthers(reason: LeaveReason, text: String) throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.disconnect(alice, reason)
        #expect(effects.count == 1)
        let leave = try #require(effects.broadcasts.first)
        #expect(leave.except == alice)
        #expect(leave.message.type == .leave)
        #expect(leave.message.dataSource == "alice")
        #expect(leave.message.data == text)
        #expect(leave.message.ts == h.ts)
        #expect(h.room.onlineCount == 1)
        #expect(h.room.name(of: alice) == nil)
        #expect(reason.description == text)
    }

    @Test func disconnectOfAnUnjoinedMemberIsSilent() {
        let h = Harness()
        h.join(bob, "bob")
        h.connect(alice, .json)
        #expect(h.disconnect(alice, .left).isEmpty)
        #expect(h.disconnect(alice, .left).isEmpty)
        #expect(h.disconnect(MemberID(99), .timedOut).isEmpty)
        #expect(h.room.names == ["bob"])
    }

    @Test func inputFromAGoneMemberIsIgnored() {
        let h = Harness()
        h.join(alice, "alice")
        h.disconnect(alice, .left)
        #expect(h.json(alice, "hello?").isEmpty)
        #expect(h.line(alice, "hello?").isEmpty)
        #expect(h.reject(.invalidJSON, from: alice).isEmpty)
        #expect(h.hello(alice, "alice").isEmpty)
    }

    // MARK: Flood limit

    @Test func floodDropsWithOneErrorThenRecovers() throws {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.connect(alice, .text)
        h.connect(bob, .text)
        for i in 1...3 {
            let effects = h.line(alice, "line \(i)")
            #expect(effects.broadcasts.map(\.message.data) == ["line \(i)"])
        }
        let fourth = h.line(alice, "line 4")
        #expect(fourth.broadcasts.isEmpty)
        #expect(fourth.count == 1)
        let error = try #require(fourth.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "flood limit: at most 3 lines at once, then 1 per second; lines over it are dropped")
        #expect(h.line(alice, "line 5").isEmpty)
        #expect(h.line(alice, "line 6").isEmpty)
        // Others are not affected.
        #expect(h.line(bob, "bob speaks").broadcasts.count == 1)
        h.advance(milliseconds: 999)
        #expect(h.line(alice, "too early").isEmpty)
        h.advance(milliseconds: 1)
        #expect(h.line(alice, "line 7").broadcasts.map(\.message.data) == ["line 7"])
        // Still the same flood (the bucket never refilled): no second error.
        #expect(h.line(alice, "line 8").isEmpty)
        // Quiet long enough to refill the whole burst: a new flood gets a new error.
        h.advance(milliseconds: 3000)
        for i in 9...11 { #expect(h.line(alice, "line \(i)").broadcasts.count == 1) }
        let again = h.line(alice, "line 12")
        #expect(again.broadcasts.isEmpty)
        #expect(again.sent(to: alice).map(\.type) == [.error])
        #expect(h.line(alice, "line 13").isEmpty)
    }

    @Test func roomsHaveTheStandardFloodLimit() {
        #expect(RoomConfiguration().floodLimit == .standard)
    }

    @Test func floodLimitWithFractionalRateSaysSo() throws {
        let h = Harness(floodLimit: FloodLimit(burst: 1, perSecond: 0.5))
        h.connect(alice, .text)
        h.line(alice, "one")
        let error = try #require(h.line(alice, "two").sent(to: alice).first)
        #expect(error.data == "flood limit: at most 1 lines at once, then 0.5 per second; lines over it are dropped")
    }

    @Test func floodLimitCountsCommandsAndJSONFrames() {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        h.json(alice, "/who")
        h.receive(Message(type: .ping), from: alice)
        h.json(alice, "/me waves")
        let fourth = h.json(alice, "chat")
        #expect(fourth.broadcasts.isEmpty)
        #expect(fourth.sent(to: alice).map(\.type) == [.error])
    }

    @Test func helloDoesNotCountAgainstTheFloodLimit() {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        for i in 1...3 {
            #expect(h.json(alice, "line \(i)").broadcasts.count == 1)
        }
        #expect(h.json(alice, "line 4").broadcasts.isEmpty)
    }

    @Test func repeatedHelloAfterJoiningCountsAgainstTheFloodLimit() {
        // Only the handshake is free: a joined client cannot make the server answer hellos without limit.
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        for i in 1...3 {
            h.json(alice, "line \(i)")
        }
        var effects: [Output] = []
        for _ in 0..<20 {
            effects += h.hello(alice, "alice")
        }
        #expect(effects.count == 1)
        #expect(effects.sent(to: alice).first?.data.hasPrefix("flood limit") == true)
    }

    @Test("blank lines get no answer but count against the flood limit: every line counts")
    func blankTextLinesCountAgainstTheFloodLimit() {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.connect(alice, .text)
        for _ in 0..<3 {
            #expect(h.line(alice, "  ").isEmpty)
        }
        #expect(h.line(alice, "line").sent(to: alice).map(\.type) == [.error])
    }

    @Test("invalid frames count against the flood limit, and their errors stop with the flood's one error")
    func invalidFramesAreFloodLimited() {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        var errors: [String] = []
        for _ in 0..<20 {
            errors += h.reject(.invalidJSON, from: alice).sent(to: alice).map(\.data)
        }
        #expect(errors.count == 4)
        #expect(errors.last?.hasPrefix("flood limit") == true)
    }

    @Test(
        "a frame with nothing to show is answered with an error, never relayed or silently dropped",
        arguments: [
            Message(type: .me, data: ""), Message(data: "\u{0}"), Message(data: "\u{1B}"), Message(data: "\u{200B}"),
            Message(data: "\u{2800}\u{3164}"), Message(type: .me, data: "\u{7}"), Message(data: "\u{FEFF}\u{2060}"),
        ])
    func nothingToShow(message: Message) {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.receive(message, from: alice)
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.sent(to: alice).map(\.type) == [.error], "\(message)")
    }

    @Test("a pong's data is cleaned like any text")
    func pongIsCleaned() {
        let h = Harness()
        h.join(alice, "alice")
        let pong = h.receive(Message(type: .ping, data: "x\u{1B}[2Jy"), from: alice).sent(to: alice).first
        #expect(pong?.type == .pong && pong?.data == "x[2Jy")
    }

    @Test("a steady sender just over the rate gets one flood error, not one per line it loses")
    func steadyOverRateGetsOneError() {
        let h = Harness(floodLimit: FloodLimit(burst: 10, perSecond: 5))
        h.join(alice, "alice")
        var errors = 0
        for _ in 0..<48 {  // 8 lines a second for 6 s
            errors += h.json(alice, "m").sent(to: alice).filter { $0.type == .error }.count
            h.advance(milliseconds: 125)
        }
        #expect(errors == 1)
    }

    @Test("a connection that keeps sending far beyond its limit is disconnected with excess flood")
    func excessFlood() throws {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        h.join(bob, "bob")
        var effects: [Output] = []
        // 3 pass, then 30 (10 bursts) are dropped within the allowance; the next is one too many.
        for i in 0..<33 {
            effects += h.json(alice, "line \(i)")
        }
        #expect(!effects.contains { if case .close = $0 { true } else { false } })
        let last = h.json(alice, "one too many")
        #expect(last.sent(to: alice).map(\.data) == ["excess flood: disconnected"])
        #expect(last.contains { if case .close(alice, .excessFlood) = $0 { true } else { false } })
        let leave = try #require(last.broadcasts.first?.message)
        #expect(leave.type == .leave && leave.dataSource == "alice" && leave.data == "excess flood")
        #expect(h.json(alice, "after").isEmpty)
    }

    @Test("a sender over its limit but not far beyond stays connected: the allowance refills")
    func floodBelowExcessStaysConnected() {
        let h = Harness(floodLimit: FloodLimit(burst: 3, perSecond: 1))
        h.join(alice, "alice")
        for second in 0..<5 {
            for i in 0..<20 {
                let effects = h.json(alice, "s\(second) l\(i)")
                #expect(!effects.contains { if case .close = $0 { true } else { false } })
            }
            h.advance(milliseconds: 1000)
        }
    }

    @Test("the seeds' bare quit, exit and who are words from a JSON client, commands from a text client")
    func bareSpellingsAreForTextClients() {
        let h = Harness()
        h.join(alice, "alice")
        for word in ["quit", "exit", "who", "who online", "rename|bob"] {
            let effects = h.json(alice, word)
            #expect(effects.broadcasts.map(\.message.data) == [word], "\(word)")
            #expect(!effects.contains { if case .close = $0 { true } else { false } })
        }
        h.connect(bob, .text)
        #expect(h.line(bob, "who").sent(to: bob).map(\.type) == [.users])
        #expect(h.line(bob, "quit").contains { if case .close(bob, _) = $0 { true } else { false } })
    }

    @Test func noFloodLimitNeverDrops() {
        let h = Harness(floodLimit: nil)
        h.connect(alice, .text)
        for i in 1...500 {
            let effects = h.line(alice, "line \(i)")
            #expect(effects.count == 1)
            #expect(effects.broadcasts.first?.message.data == "line \(i)")
        }
        #expect(h.room.lastID == 500)
    }

    @Test func standardFloodLimitAllowsABurstOfTen() {
        let h = Harness(floodLimit: .standard)
        h.connect(alice, .text)
        let passed = (1...20).filter { !h.line(alice, "line \($0)").broadcasts.isEmpty }.count
        #expect(passed == 10)
    }

    // MARK: Protocol errors

    @Test(arguments: MessageType.allCases.filter { !$0.isClientType })
    func serverOnlyTypeFromAClientIsAnError(type: MessageType) throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.receive(Message(type: type, data: "x"), from: alice)
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.dataSource == Message.serverSource)
        #expect(error.data == ProtocolError.serverOnlyType(type).description)
    }

    @Test(arguments: [MessageType.welcome, .join])
    func serverOnlyTypeBeforeHelloIsAnErrorAndDoesNotJoin(type: MessageType) throws {
        let h = Harness()
        h.connect(alice, .json)
        let effects = h.receive(Message(type: type, data: "x"), from: alice)
        #expect(effects.count == 1)
        #expect(effects.sent(to: alice).map(\.type) == [.error])
        #expect(h.room.name(of: alice) == nil)
        #expect(h.hello(alice, "alice").sent(to: alice).first?.type == .welcome)
    }

    @Test func secondHelloIsAnError() throws {
        let h = Harness()
        h.join(alice, "alice")
        let effects = h.hello(alice, "mallory")
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == "you have already joined as alice; use /nick NAME to rename")
        #expect(h.room.name(of: alice) == "alice")
    }

    @Test func pingIsAnsweredWithPongToTheSenderOnly() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.receive(Message(type: .ping, data: "12345"), from: alice)
        #expect(effects.count == 1)
        let pong = try #require(effects.sent(to: alice).first)
        #expect(pong.type == .pong)
        #expect(pong.dataSource == Message.serverSource)
        #expect(pong.data == "12345")
        #expect(pong.ts == h.ts)
    }

    @Test(arguments: [
        ProtocolError.frameTooLarge(limit: 16384), .invalidJSON, .invalidUTF8, .notAnObject,
        .missingData(type: .chat), .unknownType("shout"), .wrongFieldType(field: "data", expected: "a string"),
    ])
    func rejectSendsAnErrorFrame(problem: ProtocolError) throws {
        let h = Harness()
        h.join(alice, "alice")
        h.join(bob, "bob")
        let effects = h.reject(problem, from: alice)
        #expect(effects.count == 1)
        let error = try #require(effects.sent(to: alice).first)
        #expect(error.type == .error)
        #expect(error.data == problem.description)
        #expect(h.room.name(of: alice) == "alice")
    }

    @Test func rejectBeforeHelloIsAnErrorToo() {
        let h = Harness()
        h.connect(alice, .json)
        #expect(h.reject(.frameTooLarge(limit: 10), from: alice).sent(to: alice).map(\.type) == [.error])
        #expect(h.room.name(of: alice) == nil)
    }

    // MARK: Shutdown

    @Test func shutdownNotifiesEveryone() throws {
        let h = Harness()
        h.join(alice, "alice")
        h.connect(bob, .text)
        h.connect(carol, .json)  // not joined yet
        h.json(alice, "/join dev")
        let effects = h.shutdown()
        #expect(effects.broadcasts.isEmpty)
        let notice = try #require(effects.sends.first)
        #expect(notice.message.type == .system)
        #expect(notice.message.dataSource == Message.serverSource)
        #expect(notice.message.data == "server shutting down; goodbye")
        // One notice each, in two rooms or in none.
        #expect(effects.received(by: alice).count == 1)
        #expect(effects.received(by: bob).count == 1)
        #expect(effects.sends.map(\.to) == [alice, bob, carol])
    }

    @Test func shutdownOfAnEmptyServer() {
        let h = Harness()
        let effects = h.shutdown()
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.sends.isEmpty)
    }

    // MARK: Late JSON clients

    @Test func upgradeToJSONRenamesAndWelcomesAgain() throws {
        let h = Harness(historyLimit: 5)
        h.join(bob, "bob")
        h.json(bob, "earlier")
        h.connect(alice, .text)
        let effects = h.upgrade(alice, wanted: "alice")
        #expect(h.room.name(of: alice) == "alice")
        #expect(h.room.names == ["alice", "bob"])
        let rename = try #require(effects.broadcasts.first)
        #expect(rename.except == alice)
        #expect(rename.message.type == .rename)
        #expect(rename.message.dataSource == "guest-1")
        #expect(rename.message.data == "alice")
        let sent = effects.sent(to: alice)
        #expect(sent.map(\.type) == [.welcome, .chat])
        #expect(sent.first?.to == "alice")
        #expect(sent.first?.users == ["alice", "bob"])
        #expect(sent.last?.replay == true)
    }

    @Test(arguments: [nil, ""] as [String?])
    func upgradeToJSONWithoutANameKeepsTheGuestName(wanted: String?) throws {
        let h = Harness()
        h.connect(alice, .text)
        let effects = h.upgrade(alice, wanted: wanted)
        #expect(h.room.name(of: alice) == "guest-1")
        #expect(effects.broadcasts.isEmpty)
        #expect(effects.sent(to: alice).map(\.type) == [.welcome])
        #expect(effects.sent(to: alice).first?.to == "guest-1")
    }

    @Test func upgradeToJSONWithATakenNameGetsAVariant() throws {
        let h = Harness()
        h.join(bob, "bob")
        h.connect(alice, .text)
        let effects = h.upgrade(alice, wanted: "bob")
        #expect(h.room.name(of: alice) == "bob2")
        let welcome = try #require(effects.sent(to: alice).first)
        #expect(welcome.data.contains("The name bob is taken, so you are bob2."))
    }

    @Test func upgradeOfAnUnjoinedMemberDoesNothing() {
        let h = Harness()
        h.connect(alice, .json)
        #expect(h.upgrade(alice, wanted: "alice").isEmpty)
        #expect(h.upgrade(MemberID(42), wanted: "x").isEmpty)
    }
}

extension Output {
    /// The message of a send or broadcast, nil for a close.
    fileprivate var anyMessage: Message? {
        switch self {
        case .send(let message, _), .broadcast(let message, _, _, _): message
        case .close: nil
        }
    }
}
