import ChatProtocol
import Testing

@testable import ChatServer

/// Operators in the core: kick, ban (by name: address and account together; by ip=; by account=), mute, unban,
/// /bans, /op and /deop, topic locks, and everything refused to non-operators.
struct ModerationTests {
    static let alice = ConnectionOrigin(address: "127.0.0.1")
    static let spammer = ConnectionOrigin(address: "192.0.2.66", encrypted: true)

    /// alice (operator by --op, logged in, id 1) and a spammer (id 2) from another address, both in the lobby.
    static func setUp(_ change: (inout AccountConfiguration) -> Void = { _ in }) -> CoreHarness {
        let h = AccountTests.harness {
            $0.operators = ["alice"]
            change(&$0)
        }
        AccountTests.join(h, 1, "alice", from: Self.alice)
        h.json(MemberID(1), "/register s3cret-pass")
        AccountTests.join(h, 2, "spammer", from: Self.spammer)
        return h
    }

    static func texts(_ outputs: [Output], _ id: UInt64) -> [String] { AccountTests.texts(outputs, id) }

    @Test func kickAnnouncesAndCloses() {
        let h = Self.setUp()
        AccountTests.join(h, 3, "carol")
        let out = h.json(MemberID(1), "/kick spammer spam, spam, spam")
        #expect(out.received(by: MemberID(3)).contains { $0.data == "spammer was kicked by alice: spam, spam, spam" })
        #expect(Self.texts(out, 2).contains("you were kicked by alice: spam, spam, spam"))
        #expect(out.closes.contains { $0.id == MemberID(2) })
        #expect(h.audits.contains("alice kicked spammer: spam, spam, spam"))
        #expect(h.core.name(of: MemberID(2)) == nil)
    }

    @Test func operatorsDoNotKickEachOther() {
        let h = Self.setUp()
        AccountTests.join(h, 3, "bob")
        h.json(MemberID(3), "/register b0b-password")
        h.json(MemberID(1), "/op bob")
        let out = h.json(MemberID(3), "/kick alice")
        #expect(Self.texts(out, 3) == ["alice is an operator: /deop first"])
        #expect(out.closes.isEmpty)
        h.json(MemberID(1), "/deop bob")
        #expect(h.json(MemberID(1), "/kick bob").closes.contains { $0.id == MemberID(3) })
    }

    @Test func nonOperatorsAreRefusedAndLogged() {
        let h = Self.setUp()
        for command in ["/kick alice", "/ban alice", "/mute alice", "/op spammer", "/unban 1", "/bans", "/topic -lock"]
        {
            let out = h.json(MemberID(2), command)
            #expect(out.closes.isEmpty)
            #expect(Self.texts(out, 2).first?.hasPrefix("only operators may") == true, "\(command)")
        }
        #expect(h.audits.filter { $0.contains("from spammer: not an operator") }.count == 7)
        #expect(h.core.name(of: MemberID(1)) == "alice")
    }

    @Test func banByNameKeepsOutTheAddressAndTheAccount() {
        let h = Self.setUp()
        h.json(MemberID(2), "/register sp4mmer-pass")
        let out = h.json(MemberID(1), "/ban spammer 1h flooding")
        #expect(out.closes.contains { $0.id == MemberID(2) })
        guard case .restriction(let ban)? = h.kept.last else {
            Issue.record("no ban kept")
            return
        }
        #expect(ban.address == "192.0.2.66" && ban.account == "spammer" && ban.reason == "flooding")
        #expect(ban.expiresMilliseconds == h.wall + 3_600_000)
        // A new name from the same address is refused at connect.
        let again = h.connect(MemberID(3), .text, origin: ConnectionOrigin(address: "192.0.2.66"))
        #expect(Self.texts(again, 3).first?.hasPrefix("you are banned from this server: flooding (until ") == true)
        #expect(again.closes.contains { $0.id == MemberID(3) })
        #expect(h.core.name(of: MemberID(3)) == nil)
        // The account from another address is refused at login.
        AccountTests.join(h, 4, "other", from: ConnectionOrigin(address: "198.51.100.4", encrypted: true))
        let login = h.json(MemberID(4), "/login spammer sp4mmer-pass")
        #expect(Self.texts(login, 4).first?.hasPrefix("you are banned") == true)
        #expect(login.closes.contains { $0.id == MemberID(4) })
        // After the hour, the address gets in again.
        h.advance(milliseconds: 3_600_001)
        AccountTests.join(h, 5, "reformed", from: ConnectionOrigin(address: "192.0.2.66"))
        #expect(h.core.name(of: MemberID(5)) == "reformed")
    }

    @Test func banByAddressAndByAccountThenUnban() {
        let h = Self.setUp()
        let byAddress = h.json(MemberID(1), "/ban ip=192.0.2.66")
        #expect(byAddress.closes.contains { $0.id == MemberID(2) })
        #expect(Self.texts(h.json(MemberID(1), "/ban account=nobody"), 1) == ["nobody is not a registered account"])
        #expect(Self.texts(h.json(MemberID(1), "/ban ip=not-an-address"), 1) == ["not-an-address is not an IP address"])
        let list = Self.texts(h.json(MemberID(1), "/bans"), 1).joined()
        #expect(list.contains("ban: 192.0.2.66 (by alice)"))
        let lifted = Self.texts(h.json(MemberID(1), "/unban ip=192.0.2.66"), 1)
        #expect(lifted.first?.hasPrefix("lifted: ") == true)
        #expect(h.discarded.contains { $0.hasPrefix("restriction ") })
        AccountTests.join(h, 3, "back", from: ConnectionOrigin(address: "192.0.2.66"))
        #expect(h.core.name(of: MemberID(3)) == "back")
        #expect(Self.texts(h.json(MemberID(1), "/bans"), 1) == ["no bans or mutes"])
    }

    @Test func operatorsCannotBeBannedAndAreNotCaughtByAnAddressBan() {
        let h = Self.setUp()
        AccountTests.join(h, 3, "bob", from: Self.alice)
        h.json(MemberID(3), "/register b0b-password")
        #expect(Self.texts(h.json(MemberID(1), "/op bob"), 1) == ["bob is now an operator (by alice)"])
        #expect(Self.texts(h.json(MemberID(3), "/ban alice"), 3) == ["alice is an operator: /deop first"])
        #expect(
            Self.texts(h.json(MemberID(3), "/deop alice"), 3) == [
                "alice is an operator by the server's --op: it stays one"
            ])
        #expect(Self.texts(h.json(MemberID(1), "/deop bob"), 1) == ["bob is no longer an operator (by alice)"])
        // A guest on alice's address is banned with it; alice herself stays.
        AccountTests.join(h, 4, "sock", from: Self.alice)
        let out = h.json(MemberID(1), "/ban sock")
        #expect(
            out.closes.map(\.id) == [MemberID(4), MemberID(3)] || out.closes.map(\.id) == [MemberID(3), MemberID(4)])
        #expect(h.core.name(of: MemberID(1)) == "alice")
    }

    @Test func anOperatorGetsBackInFromABannedAddress() {
        let h = Self.setUp()
        let token = h.core.sessions[MemberID(1)]?.token
        AccountTests.join(h, 3, "sock", from: Self.alice)
        h.json(MemberID(1), "/ban sock")
        h.disconnect(MemberID(1), .left)
        // A guest from the address is refused; alice with her password, or resuming her session, is let in.
        h.connect(MemberID(4), .json, origin: Self.alice)
        #expect(h.hello(MemberID(4), "other").closes.contains { $0.id == MemberID(4) })
        h.connect(MemberID(5), .json, origin: Self.alice)
        let login = h.receive(Message(type: .hello, data: "alice", password: "s3cret-pass"), from: MemberID(5))
        #expect(login.closes.isEmpty)
        #expect(h.core.name(of: MemberID(5)) == "alice")
        h.disconnect(MemberID(5), .left)
        h.connect(MemberID(6), .json, origin: Self.alice)
        let resumed = h.receive(
            Message(type: .hello, data: "", server: h.core.serverID, session: token), from: MemberID(6))
        #expect(resumed.closes.isEmpty)
        #expect(h.core.name(of: MemberID(6)) == "alice")
        // A text client cannot log in before it joins: refused at once.
        #expect(h.connect(MemberID(7), .text, origin: Self.alice).closes.contains { $0.id == MemberID(7) })
        // A wrong password from the address: refused, not let in as a guest.
        h.connect(MemberID(8), .json, origin: Self.alice)
        let wrong = h.receive(Message(type: .hello, data: "alice", password: "guess-guess"), from: MemberID(8))
        #expect(wrong.closes.contains { $0.id == MemberID(8) })
    }

    @Test func trustedLoopbackIsNeverBannedByAddress() {
        let h = Self.setUp { $0.trustLoopback = true }
        AccountTests.join(h, 3, "sock", from: Self.alice)
        let said = Self.texts(h.json(MemberID(1), "/ban sock"), 1)
        #expect(said == ["sock has no address or account to ban"])
        h.json(MemberID(3), "/register s0ck-password")
        let banned = Self.texts(h.json(MemberID(1), "/ban sock"), 1)
        #expect(banned.first?.contains("account sock") == true)
        #expect(banned.first?.contains("so it is not banned") == true)
    }

    @Test func muteLetsReadNotSpeakAndSurvivesANewName() {
        let h = Self.setUp()
        AccountTests.join(h, 3, "carol")
        let muted = h.json(MemberID(1), "/mute spammer 10m")
        #expect(muted.received(by: MemberID(3)).contains { $0.data == "spammer was muted by alice" })
        #expect(Self.texts(h.json(MemberID(2), "buy now"), 2).first?.hasPrefix("you are muted (until ") == true)
        #expect(Self.texts(h.json(MemberID(2), "/msg carol buy now"), 2).first?.hasPrefix("you are muted") == true)
        let reading = h.json(MemberID(3), "still here")
        #expect(reading.broadcasts.contains { $0.message.data == "still here" })
        h.json(MemberID(2), "/nick ham")
        #expect(Self.texts(h.json(MemberID(2), "buy now"), 2).first?.hasPrefix("you are muted") == true)
        #expect(Self.texts(h.json(MemberID(1), "/unmute ham"), 1).first?.hasPrefix("lifted: ") == true)
        #expect(h.json(MemberID(2), "sorry").broadcasts.contains { $0.message.data == "sorry" })
    }

    @Test func bansAndOperatorsComeBackFromTheStore() {
        let h = Self.setUp()
        h.json(MemberID(1), "/ban spammer")
        AccountTests.join(h, 3, "bob")
        h.json(MemberID(3), "/register b0b-password")
        h.json(MemberID(1), "/op bob")
        // A new core from what the store was asked to keep.
        var configuration = RoomConfiguration(historyLimit: 50, floodLimit: nil)
        configuration.accounts.passwordCost = PasswordHash.Cost(logN: 4)
        let restarted = CoreHarness(configuration)
        restarted.core.restore(
            StoreSnapshot(serverID: "s", moderation: Self.latest(h.kept)), at: restarted.time)
        let refused = restarted.connect(MemberID(1), .text, origin: Self.spammer)
        #expect(Self.texts(refused, 1).first?.hasPrefix("you are banned") == true)
        AccountTests.join(restarted, 2, "x")
        let login = restarted.json(MemberID(2), "/login bob b0b-password")
        #expect(Self.texts(login, 2).contains("you are logged in as bob, an operator"))
    }

    /// The last of each record kept, as a store would hold them.
    static func latest(_ kept: [ModerationRecord]) -> [ModerationRecord] {
        var byKey: [String: ModerationRecord] = [:]
        var order: [String] = []
        for record in kept {
            let key = "\(record.kind) \(record.key)"
            if byKey[key] == nil { order.append(key) }
            byKey[key] = record
        }
        return order.compactMap { byKey[$0] }
    }

    @Test func topicLockKeepsTheTopicForOperators() {
        let h = Self.setUp()
        h.json(MemberID(1), "/topic welcome all")
        let locked = h.json(MemberID(1), "/topic -lock")
        #expect(locked.broadcasts.contains { $0.message.data == "alice locked the topic of #lobby" })
        #expect(
            Self.texts(h.json(MemberID(2), "/topic spam"), 2).first == "the topic of #lobby is locked by the operators")
        #expect(
            Self.texts(h.json(MemberID(2), "/topic -delete"), 2).first
                == "the topic of #lobby is locked by the operators")
        #expect(h.room.topic?.text == "welcome all")
        h.json(MemberID(1), "/topic rules apply")
        #expect(h.room.topic?.text == "rules apply")
        h.json(MemberID(1), "/topic -unlock")
        h.json(MemberID(2), "/topic free again")
        #expect(h.room.topic?.text == "free again")
    }

    @Test func theCommandsParse() {
        #expect(
            CommandParser.parse("/ban bob 30m being rude") == .ban("bob", milliseconds: 1_800_000, reason: "being rude")
        )
        #expect(CommandParser.parse("/ban bob spam") == .ban("bob", milliseconds: nil, reason: "spam"))
        #expect(CommandParser.parse("/ban ip=192.0.2.1") == .ban("ip=192.0.2.1", milliseconds: nil, reason: nil))
        #expect(CommandParser.parse("/mute bob 1h") == .mute("bob", milliseconds: 3_600_000, reason: nil))
        #expect(CommandParser.parse("/kick bob") == .kick("bob", reason: nil))
        #expect(CommandParser.parse("/login bob") == .usage("/login NAME PASSWORD"))
        #expect(CommandParser.parse("/ban") == .usage("/ban NAME|ip=ADDR|account=NAME [DURATION] [REASON]"))
    }
}
