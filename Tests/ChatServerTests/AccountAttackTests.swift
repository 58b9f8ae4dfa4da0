import ChatProtocol
import Testing

@testable import ChatServer

/// Attacks on accounts and moderation that once worked: each test is a way in, or out of a ban or mute, that is
/// now closed.
struct AccountAttackTests {
    static let local = AccountTests.local

    static func texts(_ outputs: [Output], _ id: UInt64) -> [String] { AccountTests.texts(outputs, id) }

    /// A session kept from when a name was someone's account is not a way into the account someone else made of
    /// that name after it was deleted.
    @Test func aStaleSessionDoesNotResumeIntoAReRegisteredAccount() {
        let h = AccountTests.harness()
        AccountTests.join(h, 1, "bank")
        h.json(MemberID(1), "/register old-owner-pass")
        let stale = h.core.sessions[MemberID(1)]?.token
        h.disconnect(MemberID(1), .left)
        // The old owner logs in elsewhere and deletes the account; the old session stays on the shelf.
        AccountTests.join(h, 2, "")
        h.json(MemberID(2), "/login bank old-owner-pass")
        h.json(MemberID(2), "/unregister old-owner-pass")
        h.disconnect(MemberID(2), .left)
        // Someone else registers the free name.
        AccountTests.join(h, 3, "bank")
        h.json(MemberID(3), "/register new-owner-pass")
        #expect(h.core.sessions[MemberID(3)]?.account == "bank")
        h.disconnect(MemberID(3), .left)
        // The stale token comes back.
        h.connect(MemberID(4), .json, origin: Self.local)
        let back = h.receive(
            Message(type: .hello, data: "", server: h.core.serverID, session: stale), from: MemberID(4))
        let welcome = back.received(by: MemberID(4)).first { $0.type == .welcome }
        #expect(welcome?.account == nil)
        #expect(h.core.sessions[MemberID(4)]?.account == nil)
        #expect(h.core.name(of: MemberID(4)) != "bank")
    }

    /// A dual-stack listener sees an IPv4 client as `::ffff:a.b.c.d`: a ban of `a.b.c.d` (as the log of another
    /// listener, or a complaint, names it) keeps it out, and the other way round.
    @Test func anIPv4BanCoversTheSameAddressMappedIntoIPv6() {
        let h = ModerationTests.setUp()
        h.json(MemberID(1), "/ban ip=198.51.100.9 spam")
        // A JSON client is judged at its hello (it might log in to an operator's account).
        h.connect(MemberID(5), .json, origin: ConnectionOrigin(address: "::ffff:198.51.100.9"))
        let mapped = h.hello(MemberID(5), "x")
        #expect(mapped.closes.contains { $0.id == MemberID(5) })
        h.json(MemberID(1), "/ban ip=::FFFF:198.51.100.10 spam")
        let plain = h.connect(MemberID(6), .text, origin: ConnectionOrigin(address: "198.51.100.10"))
        #expect(plain.closes.contains { $0.id == MemberID(6) })
        #expect(ConnectionThrottle.key("::ffff:198.51.100.9") == "198.51.100.9")
    }

    /// With `--trust-loopback` this machine's address is never banned (everyone behind a local proxy has it):
    /// not by `ip=` either.
    @Test func trustedLoopbackIsNotBannedByIP() {
        let h = ModerationTests.setUp { $0.trustLoopback = true }
        AccountTests.join(h, 3, "carol", from: Self.local)
        let said = Self.texts(h.json(MemberID(1), "/ban ip=127.0.0.1"), 1)
        #expect(said.first?.contains("--trust-loopback") == true)
        #expect(h.core.name(of: MemberID(3)) == "carol")
        #expect(h.connect(MemberID(4), .text, origin: Self.local).closes.isEmpty)
        #expect(Self.texts(h.json(MemberID(1), "/mute ip=::ffff:127.0.0.1"), 1).first?.contains("--trust") == true)
    }

    /// A duration with a unit the server does not know (`10min`, `2y`) or too long is a usage error, not a
    /// permanent ban or mute with the duration as its reason.
    @Test func aMistypedDurationIsRefusedNotMadePermanent() {
        for line in ["/mute bob 10min flooding", "/ban bob 2y", "/ban bob 99999999999d", "/ban bob 0"] {
            guard case .usage = CommandParser.parse(line) else {
                Issue.record("\(line) parsed as \(CommandParser.parse(line))")
                continue
            }
        }
        #expect(
            CommandParser.parse("/ban bob spamming links") == .ban("bob", milliseconds: nil, reason: "spamming links"))
        #expect(CommandParser.parse("/ban bob 2h spam") == .ban("bob", milliseconds: 7_200_000, reason: "spam"))
    }

    /// A muted user cannot say things to the room through a quit or part reason.
    @Test func theMutedCannotSpeakThroughQuitOrPartReasons() {
        let h = ModerationTests.setUp()
        AccountTests.join(h, 3, "carol")
        h.json(MemberID(2), "/join #ads")
        h.json(MemberID(3), "/join #ads")
        h.json(MemberID(1), "/mute spammer")
        let parted = h.json(MemberID(2), "/part #ads buy-cheap-pills.example")
        #expect(parted.received(by: MemberID(3)).contains { $0.type == .leave })
        #expect(!parted.received(by: MemberID(3)).contains { $0.data.contains("buy-cheap") })
        let quit = h.json(MemberID(2), "/quit buy-cheap-pills.example")
        #expect(quit.received(by: MemberID(3)).contains { $0.type == .leave })
        #expect(!quit.received(by: MemberID(3)).contains { $0.data.contains("buy-cheap") })
    }

    /// A connection displaced by a login elsewhere is logged out for good: its session's resume comes back a guest.
    @Test func aDisplacedConnectionsResumeDoesNotTakeTheAccountBack() {
        let h = AccountTests.harness()
        AccountTests.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        let displaced = h.core.sessions[MemberID(1)]?.token
        AccountTests.join(h, 2, "")
        h.json(MemberID(2), "/login alice s3cret-pass")
        h.disconnect(MemberID(2), .left)
        h.disconnect(MemberID(1), .left)
        h.connect(MemberID(3), .json, origin: Self.local)
        h.receive(Message(type: .hello, data: "", server: h.core.serverID, session: displaced), from: MemberID(3))
        #expect(h.core.sessions[MemberID(3)]?.account == nil)
        #expect(h.core.name(of: MemberID(3)) != "alice")
    }

    /// A client that logs in within a hello that also resumes (a guest session it had) is its account's name, and
    /// the session it resumed is logged in from then on: not logged in under the session's old guest name, where
    /// the account's name stays free for a second connection to resume into the same account.
    @Test func aHelloThatLogsInAndResumesIsTheAccountsName() {
        let h = AccountTests.harness()
        AccountTests.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        let aliceToken = h.core.sessions[MemberID(1)]?.token
        h.disconnect(MemberID(1), .left)
        AccountTests.join(h, 2, "")
        let guestToken = h.core.sessions[MemberID(2)]?.token
        h.disconnect(MemberID(2), .left)
        h.connect(MemberID(3), .json, origin: Self.local)
        h.receive(
            Message(
                type: .hello, data: "alice", server: h.core.serverID, session: guestToken, password: "s3cret-pass"),
            from: MemberID(3))
        #expect(h.core.sessions[MemberID(3)]?.account == "alice")
        #expect(h.core.name(of: MemberID(3)) == "alice")
        // alice's older session comes back too: the account is held, so it is a guest.
        h.connect(MemberID(4), .json, origin: Self.local)
        h.receive(Message(type: .hello, data: "", server: h.core.serverID, session: aliceToken), from: MemberID(4))
        #expect(h.core.sessions[MemberID(4)]?.account == nil)
        // The session resumed with the password stays logged in.
        h.disconnect(MemberID(3), .left)
        h.connect(MemberID(5), .json, origin: Self.local)
        h.receive(Message(type: .hello, data: "", server: h.core.serverID, session: guestToken), from: MemberID(5))
        #expect(h.core.sessions[MemberID(5)]?.account == "alice")
    }

    /// A late hello that resumes (the sniffer took the connection for a text client first) keeps where the
    /// connection comes from: an address mute still holds, and a ban by name takes its address.
    @Test func aLateResumingHelloKeepsTheConnectionsAddress() {
        let h = ModerationTests.setUp()
        AccountTests.join(h, 3, "carol")
        h.json(MemberID(1), "/mute spammer")
        h.disconnect(MemberID(2), .left)
        h.connect(MemberID(4), .text, origin: ModerationTests.spammer)
        let hello = Message(type: .hello, data: "ham", server: h.core.serverID, since: ["lobby": 0])
        _ = h.run { $0.upgradeToJSON(MemberID(4), wanted: "ham", resuming: hello, at: $1, effects: &$2) }
        #expect(h.core.sessions[MemberID(4)]?.origin == ModerationTests.spammer)
        let said = h.json(MemberID(4), "buy now")
        #expect(!said.broadcasts.contains { $0.message.data == "buy now" })
    }

    /// One address guessing at others' accounts cannot wipe its misses by logging in to an account of its own
    /// now and then: the right password is not counted against the address, the misses before it still are.
    @Test func aRightPasswordForOnesOwnAccountDoesNotResetTheAddressCount() {
        let h = AccountTests.harness()
        AccountTests.join(h, 1, "mallory")
        h.json(MemberID(1), "/register m4llory-pass")
        h.disconnect(MemberID(1), .left)
        let guesser = ConnectionOrigin(address: "203.0.113.5", encrypted: true)
        AccountTests.join(h, 2, "", from: guesser)
        for victim in ["v1", "v2", "v3", "v4"] {
            #expect(Self.texts(h.json(MemberID(2), "/login \(victim) guess-guess"), 2) == ["wrong name or password"])
        }
        #expect(
            Self.texts(h.json(MemberID(2), "/login mallory m4llory-pass"), 2).contains("you are logged in as mallory"))
        #expect(Self.texts(h.json(MemberID(2), "/login v5 guess-guess"), 2) == ["wrong name or password"])
        let sixth = Self.texts(h.json(MemberID(2), "/login v6 guess-guess"), 2)
        #expect(sixth.first?.hasPrefix("too many password attempts") == true)
        // From another address, logging in right again and again is never held up.
        AccountTests.join(h, 3, "", from: ConnectionOrigin(address: "203.0.113.6", encrypted: true))
        for _ in 0..<8 {
            h.json(MemberID(3), "/logout")
            let again = Self.texts(h.json(MemberID(3), "/login mallory m4llory-pass"), 3)
            #expect(again.contains("you are logged in as mallory"))
        }
    }

    /// The failed-login line is for fail2ban and the like: a name cannot put another address into it.
    @Test func aFailedLoginsLogLineNamesOnlyTheRealAddress() {
        let h = AccountTests.harness()
        let guesser = ConnectionOrigin(address: "203.0.113.5", encrypted: true)
        h.connect(MemberID(1), .json, origin: guesser)
        h.receive(
            Message(type: .hello, data: "victim from 198.51.100.1", password: "guess-guess"), from: MemberID(1))
        AccountTests.join(h, 2, "", from: guesser)
        h.json(MemberID(2), "/login bob guess-guess")
        let lines = h.audits.filter { $0.contains("failed login") }
        #expect(lines == ["failed login from 203.0.113.5 to an invalid name", "failed login from 203.0.113.5 to bob"])
    }

    /// An address mute taken from a guest does not silence the operator who shares the address (as an address ban
    /// does not remove them): operators were told they stay, and then could not speak.
    @Test func anAddressMuteDoesNotSilenceAnOperatorOnTheAddress() {
        let h = ModerationTests.setUp()
        AccountTests.join(h, 3, "sock", from: ModerationTests.alice)
        #expect(Self.texts(h.json(MemberID(1), "/mute sock"), 1).first?.hasPrefix("muted: ") == true)
        #expect(Self.texts(h.json(MemberID(3), "hi"), 3).first?.hasPrefix("you are muted") == true)
        let said = h.json(MemberID(1), "still speaking")
        #expect(said.broadcasts.contains { $0.message.data == "still speaking" })
    }

    /// Mail for an offline account is not lost when the store refuses its delivery (a full disk): it stays kept,
    /// in the store too, and comes at the next login.
    @Test func mailIsNotLostWhenTheStoreRefusesItsDelivery() {
        let h = AccountTests.harness()
        AccountTests.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.disconnect(MemberID(1), .left)
        AccountTests.join(h, 2, "bob")
        h.json(MemberID(2), "/msg alice call me")
        h.refusePosts = true
        AccountTests.join(h, 3, "")
        let failed = h.json(MemberID(3), "/login alice s3cret-pass")
        #expect(failed.received(by: MemberID(3)).contains { $0.type == .error && $0.data.contains("stays kept") })
        #expect(h.discarded.isEmpty)
        h.refusePosts = false
        h.json(MemberID(3), "/logout")
        let again = h.json(MemberID(3), "/login alice s3cret-pass")
        #expect(again.received(by: MemberID(3)).contains { $0.type == .private && $0.data == "call me" })
        #expect(h.discarded.count == 1)
    }

    /// A hello's name can be a frame long: a login naming no possible account is counted against the address only,
    /// and the throttle keeps no key of that size.
    @Test func aLoginWithAnImpossibleNameKeepsNoHugeThrottleKey() {
        let h = AccountTests.harness()
        let guesser = ConnectionOrigin(address: "203.0.113.5", encrypted: true)
        h.connect(MemberID(1), .json, origin: guesser)
        let huge = String(repeating: "x", count: 15_000)
        let out = h.receive(Message(type: .hello, data: huge, password: "guess-guess"), from: MemberID(1))
        #expect(out.received(by: MemberID(1)).contains { $0.data == "wrong name or password" })
        #expect(h.core.loginThrottle.trackedCount == 1)
    }

    /// A JSON connection held open without a hello is not a way past a ban of its address set meanwhile: its
    /// hello is refused as a new connection would be.
    @Test func aConnectionThatWaitedToSayHelloIsRefusedAfterABan() {
        let h = ModerationTests.setUp()
        h.connect(MemberID(5), .json, origin: ModerationTests.spammer)
        h.json(MemberID(1), "/ban spammer")
        let hello = h.hello(MemberID(5), "sneaky")
        #expect(hello.closes.contains { $0.id == MemberID(5) })
        #expect(!hello.broadcasts.contains { $0.message.type == .join })
        #expect(h.core.name(of: MemberID(5)) == nil)
    }
}
