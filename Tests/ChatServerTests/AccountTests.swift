import ChatProtocol
import Testing

@testable import ChatServer

/// Accounts in the core: registering, logging in (by command and by hello), guests displaced, the throttle, the
/// clear-text rule, mail for offline users, and sessions that stay logged in.
struct AccountTests {
    static let local = ConnectionOrigin(address: "127.0.0.1")
    static let remote = ConnectionOrigin(address: "192.0.2.7")

    static func harness(_ change: (inout AccountConfiguration) -> Void = { _ in }) -> CoreHarness {
        var configuration = RoomConfiguration(historyLimit: 50, floodLimit: nil)
        configuration.accounts.passwordCost = PasswordHash.Cost(logN: 4)
        change(&configuration.accounts)
        return CoreHarness(configuration)
    }

    /// A JSON client from `origin` that says hello.
    @discardableResult
    static func join(
        _ h: CoreHarness, _ id: UInt64, _ name: String, from origin: ConnectionOrigin = local
    )
        -> [Output]
    {
        h.connect(MemberID(id), .json, origin: origin)
        return h.hello(MemberID(id), name)
    }

    static func texts(_ outputs: [Output], _ id: UInt64) -> [String] {
        outputs.received(by: MemberID(id)).map(\.data)
    }

    @Test func registerThenLoginFromAnotherConnection() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        let registered = Self.texts(h.json(MemberID(1), "/register s3cret-pass"), 1)
        #expect(registered.contains { $0.contains("alice is registered, and you are logged in") })
        guard case .account(let account)? = h.kept.last else {
            Issue.record("no account kept")
            return
        }
        #expect(account.name == "alice")
        #expect(!account.passwordHash.contains("s3cret-pass"))
        #expect(PasswordHash.verify("s3cret-pass", against: account.passwordHash))
        #expect(h.audits.contains { $0.contains("alice registered") })
        // Alice's first connection goes; a second logs in.
        h.disconnect(MemberID(1), .left)
        let guest = Self.join(h, 2, "")
        let name = guest.received(by: MemberID(2)).first { $0.type == .welcome }?.to
        #expect(name?.hasPrefix("guest-") == true)
        let login = h.json(MemberID(2), "/login alice s3cret-pass")
        #expect(Self.texts(login, 2).contains("you are logged in as alice"))
        #expect(h.core.name(of: MemberID(2)) == "alice")
    }

    @Test func wrongPasswordAndUnknownNameSayTheSame() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        Self.join(h, 2, "bob")
        let wrong = Self.texts(h.json(MemberID(2), "/login alice nope-nope"), 2)
        let unknown = Self.texts(h.json(MemberID(2), "/login carol nope-nope"), 2)
        #expect(wrong == ["wrong name or password"])
        #expect(unknown == ["wrong name or password"])
        #expect(h.core.name(of: MemberID(2)) == "bob")
    }

    @Test func aGuestCannotTakeARegisteredName() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.disconnect(MemberID(1), .left)
        let hello = Self.join(h, 2, "alice")
        let welcome = hello.received(by: MemberID(2)).first { $0.type == .welcome }
        #expect(welcome?.to == "alice2")
        #expect(welcome?.data.contains("The name alice is registered") == true)
        let renamed = Self.texts(h.json(MemberID(2), "/nick ALICE"), 2)
        #expect(renamed.contains { $0.contains("is registered; /login") })
        #expect(h.core.name(of: MemberID(2)) == "alice2")
    }

    @Test func aNameTooLikeARegisteredOneIsReservedToo() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.disconnect(MemberID(1), .left)
        let hello = Self.join(h, 2, "a1ice")
        let welcome = hello.received(by: MemberID(2)).first { $0.type == .welcome }
        #expect(welcome?.to == "a1ice2")
        #expect(welcome?.data.contains("The name a1ice is registered") == true)
        #expect(Self.texts(h.json(MemberID(2), "/nick ALlCE"), 2).contains { $0.contains("is registered; /login") })
        // Logged in, alice may show her name in another case.
        h.json(MemberID(2), "/login alice s3cret-pass")
        h.json(MemberID(2), "/nick ALICE")
        #expect(h.core.name(of: MemberID(2)) == "ALICE")
    }

    @Test func loggingInDisplacesTheGuestHoldingTheName() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.json(MemberID(1), "/logout")
        // Logged out, alice's first connection is a guest; bob's connection logs in to alice.
        #expect(h.core.name(of: MemberID(1))?.hasPrefix("guest-") == true)
        Self.join(h, 2, "bob")
        let login = h.json(MemberID(2), "/login alice s3cret-pass")
        #expect(h.core.name(of: MemberID(2)) == "alice")
        #expect(Self.texts(login, 2).contains("you are logged in as alice"))
        // A second login elsewhere takes the name from the first, which becomes a guest and is told.
        Self.join(h, 3, "carol")
        let again = h.json(MemberID(3), "/login alice s3cret-pass")
        #expect(h.core.name(of: MemberID(3)) == "alice")
        let guest = h.core.name(of: MemberID(2)) ?? ""
        #expect(guest.hasPrefix("guest-"))
        #expect(
            Self.texts(again, 2).contains {
                $0.contains("alice logged in from another connection, so you are now \(guest)")
            })
    }

    @Test func helloWithPasswordLogsIn() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.disconnect(MemberID(1), .left)
        h.connect(MemberID(2), .json, origin: Self.local)
        let out = h.receive(Message(type: .hello, data: "alice", password: "s3cret-pass"), from: MemberID(2))
        let welcome = out.received(by: MemberID(2)).first { $0.type == .welcome }
        #expect(welcome?.to == "alice")
        #expect(welcome?.account == "alice")
        h.connect(MemberID(3), .json, origin: Self.local)
        let wrong = h.receive(Message(type: .hello, data: "alice", password: "guess-guess"), from: MemberID(3))
        #expect(Self.texts(wrong, 3).contains("wrong name or password"))
        #expect(wrong.received(by: MemberID(3)).first { $0.type == .welcome }?.to == "alice2")
    }

    @Test func passwordsOverClearTextAreRefusedUnlessAllowed() {
        let h = Self.harness()
        Self.join(h, 1, "alice", from: Self.remote)
        let refused = Self.texts(h.json(MemberID(1), "/register s3cret-pass"), 1)
        #expect(refused.contains { $0.contains("not accepted over an unencrypted connection") })
        #expect(h.kept.isEmpty)
        Self.join(h, 2, "bob", from: ConnectionOrigin(address: "192.0.2.8", encrypted: true))
        #expect(Self.texts(h.json(MemberID(2), "/register s3cret-pass"), 2).contains { $0.contains("registered") })
        let allowed = Self.harness { $0.allowPlaintextAuth = true }
        Self.join(allowed, 1, "alice", from: Self.remote)
        #expect(
            Self.texts(allowed.json(MemberID(1), "/register s3cret-pass"), 1).contains { $0.contains("registered") })
    }

    @Test func guessingIsSlowedPerAddressAndPerAccount() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        Self.join(h, 2, "mallory", from: ConnectionOrigin(address: "192.0.2.9", encrypted: true))
        for _ in 0..<5 {
            #expect(Self.texts(h.json(MemberID(2), "/login alice guess-guess"), 2) == ["wrong name or password"])
        }
        let limited = Self.texts(h.json(MemberID(2), "/login alice s3cret-pass"), 2)
        #expect(limited.count == 1 && limited[0].hasPrefix("too many password attempts; try again in"))
        #expect(h.core.name(of: MemberID(2)) == "mallory")
        // The account is limited from another address too, and the delay grows with each refusal.
        Self.join(h, 3, "trudy", from: ConnectionOrigin(address: "198.51.100.1", encrypted: true))
        let first = Self.texts(h.json(MemberID(3), "/login alice guess-guess"), 3)
        let second = Self.texts(h.json(MemberID(3), "/login alice guess-guess"), 3)
        #expect(first.first?.hasPrefix("too many password attempts") == true)
        #expect(Self.seconds(second.first) > Self.seconds(first.first))
        // Once the delay and a minute have passed, the right password works and clears the count.
        h.advance(milliseconds: 120_000)
        #expect(Self.texts(h.json(MemberID(3), "/login alice s3cret-pass"), 3).contains("you are logged in as alice"))
    }

    static func seconds(_ text: String?) -> Int {
        Int(text?.split(separator: " ").dropLast().last ?? "") ?? 0
    }

    @Test func passwdAndUnregister() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        #expect(
            Self.texts(h.json(MemberID(1), "/passwd wrong-one n3w-password"), 1) == ["wrong password; it is unchanged"])
        #expect(
            Self.texts(h.json(MemberID(1), "/passwd s3cret-pass n3w-password"), 1) == [
                "your password is changed; your other sessions are logged out"
            ])
        h.json(MemberID(1), "/logout")
        Self.join(h, 2, "bob")
        #expect(Self.texts(h.json(MemberID(2), "/login alice s3cret-pass"), 2) == ["wrong name or password"])
        #expect(Self.texts(h.json(MemberID(2), "/login alice n3w-password"), 2).contains("you are logged in as alice"))
        let gone = Self.texts(h.json(MemberID(2), "/unregister n3w-password"), 2)
        #expect(gone.contains { $0.contains("your account is deleted") })
        #expect(h.discarded.contains("account alice"))
        // The name is free again: anyone may take it.
        Self.join(h, 3, "carol")
        h.json(MemberID(2), "/nick bob")
        h.json(MemberID(3), "/nick alice")
        #expect(h.core.name(of: MemberID(3)) == "alice")
    }

    @Test func manyAddressesDoNotWipeABlockedAccount() {
        var throttle = LoginThrottle(maximumTracked: 50)
        let account = LoginThrottle.keys(address: nil, account: "alice")
        let now: UInt64 = 1_000_000_000
        for _ in 0..<6 { _ = throttle.attempt(account, now: now) }
        #expect(throttle.attempt(account, now: now) != nil)
        for index in 0..<200 {
            _ = throttle.attempt(
                LoginThrottle.keys(address: "198.51.100.\(index % 250)", account: nil) + ["x\(index)"], now: now)
        }
        #expect(throttle.attempt(account, now: now + 1_000_000) != nil, "still blocked")
        #expect(throttle.trackedCount <= 60)
    }

    @Test func aPasswordIsTheSameInAnyNormalization() throws {
        let composed = "caf\u{E9}-pass"
        let decomposed = "cafe\u{301}-pass"
        let hash = try PasswordHash.make(composed, cost: PasswordHash.Cost(logN: 4))
        #expect(PasswordHash.verify(decomposed, against: hash))
        #expect(!PasswordHash.verify("cafe-pass", against: hash))
    }

    @Test func passwdLogsOutTheOtherSessions() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        let stolen = h.core.sessions[MemberID(1)]?.token
        h.disconnect(MemberID(1), .left)
        // Alice logs in elsewhere and changes her password: the old session no longer resumes into the account.
        Self.join(h, 2, "")
        h.json(MemberID(2), "/login alice s3cret-pass")
        h.json(MemberID(2), "/passwd s3cret-pass n3w-password")
        #expect(h.core.sessions[MemberID(2)]?.account == "alice")
        h.json(MemberID(2), "/quit")
        h.connect(MemberID(3), .json, origin: Self.local)
        let back = h.receive(
            Message(type: .hello, data: "", server: h.core.serverID, session: stolen), from: MemberID(3))
        #expect(back.received(by: MemberID(3)).first { $0.type == .welcome }?.account == nil)
        #expect(h.core.sessions[MemberID(3)]?.account == nil)
    }

    @Test func anAccountsDelayStopsAtAMinute() {
        var throttle = LoginThrottle()
        let keys = LoginThrottle.keys(address: nil, account: "alice")
        var now: UInt64 = 1_000_000_000
        var longest: UInt64 = 0
        for _ in 0..<40 {
            if let wait = throttle.attempt(keys, now: now) { longest = max(longest, wait) }
            now += 1_000_000_000
        }
        #expect(longest == 60)
        var byAddress = LoginThrottle()
        let address = LoginThrottle.keys(address: "192.0.2.1", account: nil)
        longest = 0
        for _ in 0..<40 {
            if let wait = byAddress.attempt(address, now: now) { longest = max(longest, wait) }
            now += 1_000_000_000
        }
        #expect(longest > 60)
    }

    @Test func weakPasswordsAndGuestNamesAreRefused() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        #expect(Self.texts(h.json(MemberID(1), "/register short"), 1) == ["a password needs at least 8 characters"])
        #expect(Self.texts(h.json(MemberID(1), "/register ALICE"), 1).first?.contains("8 characters") == true)
        Self.join(h, 2, "")
        #expect(
            Self.texts(h.json(MemberID(2), "/register s3cret-pass"), 2).first?.hasPrefix("guest names cannot") == true)
        #expect(Self.texts(h.json(MemberID(1), "/register"), 1) == ["usage: /register PASSWORD"])
        #expect(h.kept.isEmpty)
    }

    @Test func mailForAnOfflineAccountComesAtLogin() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        h.disconnect(MemberID(1), .left)
        Self.join(h, 2, "bob")
        let kept = Self.texts(h.json(MemberID(2), "/msg alice are you there?"), 2)
        #expect(kept.contains { $0.contains("alice is offline: your message is kept") })
        #expect(Self.texts(h.json(MemberID(2), "/msg nobody hi"), 2) == ["no such user: nobody"])
        let sent = h.wall
        h.advance(milliseconds: 60_000)
        h.connect(MemberID(3), .json, origin: Self.local)
        let login = h.receive(Message(type: .hello, data: "alice", password: "s3cret-pass"), from: MemberID(3))
        let mail = login.received(by: MemberID(3)).filter { $0.type == .private }
        #expect(mail.map(\.data) == ["are you there?"])
        #expect(mail.first?.dataSource == "bob")
        #expect(mail.first?.ts == Timestamp.format(millisecondsSince1970: sent))
        #expect(h.discarded.contains { $0.hasPrefix("mail ") })
        // Delivered once.
        h.json(MemberID(3), "/logout")
        #expect(
            h.json(MemberID(3), "/login alice s3cret-pass").received(by: MemberID(3)).filter { $0.type == .private }
                .isEmpty)
    }

    @Test func aResumedSessionStaysLoggedIn() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        h.json(MemberID(1), "/register s3cret-pass")
        let token = h.core.sessions[MemberID(1)]?.token
        #expect(h.savedSessions.last?.account == "alice")
        h.disconnect(MemberID(1), .left)
        h.connect(MemberID(2), .json, origin: Self.local)
        let back = h.receive(
            Message(type: .hello, data: "", server: h.core.serverID, session: token), from: MemberID(2))
        let welcome = back.received(by: MemberID(2)).first { $0.type == .welcome }
        #expect(welcome?.to == "alice")
        #expect(welcome?.account == "alice")
        #expect(h.core.sessions[MemberID(2)]?.account == "alice")
    }

    @Test func requireAccountLetsGuestsReadTheLobbyOnly() {
        let h = Self.harness { $0.requireAccount = true }
        Self.join(h, 1, "alice")
        let said = Self.texts(h.json(MemberID(1), "hello"), 1)
        #expect(said.first?.hasPrefix("only logged-in users may speak") == true)
        #expect(Self.texts(h.json(MemberID(1), "/join dev"), 1).first?.hasPrefix("only logged-in users") == true)
        h.json(MemberID(1), "/register s3cret-pass")
        let spoke = h.json(MemberID(1), "hello")
        #expect(spoke.broadcasts.contains { $0.message.data == "hello" })
    }

    @Test func passwordsStayOutOfEverythingKept() {
        let h = Self.harness()
        Self.join(h, 1, "alice")
        let outputs =
            h.json(MemberID(1), "/register s3cret-pass") + h.json(MemberID(1), "/passwd s3cret-pass n3w-password")
        for output in outputs.sends { #expect(!output.message.data.contains("s3cret")) }
        for line in h.audits { #expect(!line.contains("s3cret") && !line.contains("n3w-password")) }
        for record in h.kept {
            guard case .account(let account) = record else { continue }
            #expect(!account.passwordHash.contains("s3cret") && !account.passwordHash.contains("n3w-password"))
        }
    }
}
