import ChatProtocol

/// Accounts: registering a name, logging in and out, changing and deleting the password, and mail kept for
/// registered users who are offline. Passwords are hashed and checked by the shell off the event loop
/// (`ServerEffect.password`); what each check was for waits in `passwordJobs`.
extension ChatCore {
    /// Whether the member may act as an operator.
    func isOperator(_ id: MemberID) -> Bool {
        self.sessions[id]?.account.map { self.isOperator(account: $0) } ?? false
    }

    /// Whether the account (by key) is an operator's.
    func isOperator(account key: String) -> Bool {
        self.configuration.accounts.operators.contains(key) || self.moderation.account(key)?.isOperator == true
    }

    /// Whether `name` is, or can be mistaken for, an account other than the one `id` is logged in to.
    func isReserved(_ name: String, against id: MemberID?) -> Bool {
        guard let owner = self.moderation.owner(of: name) else { return false }
        return id.flatMap { self.sessions[$0]?.account } != owner
    }

    // MARK: - Commands

    func register(_ password: String, from id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect])
    {
        guard let session = self.sessions[id] else { return }
        if let account = session.account {
            let shown = self.moderation.account(account)?.name ?? name
            effects.append(.send(.error("you are already logged in as \(shown)"), to: id))
            return
        }
        if Self.isGuestName(name) {
            effects.append(.send(.error("guest names cannot be registered: pick one with /nick NAME first"), to: id))
            return
        }
        if let owner = self.moderation.owner(of: name).flatMap(self.moderation.account) {
            effects.append(.send(.error("\(name) is already registered, or too like \(owner.name)"), to: id))
            return
        }
        guard self.passwordAllowed(for: session, id: id, effects: &effects),
            self.passwordAcceptable(password, name: name, id: id, effects: &effects)
        else { return }
        let keys = self.throttleKeys(session, account: nil)
        self.startPassword(
            .hash(password), purpose: .register(name: name), keys: keys, for: id, at: time, effects: &effects)
    }

    func login(
        _ wanted: String, password: String, from id: MemberID, hello: Hello? = nil, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[id] else { return }
        let key = NameRules.key(wanted)
        if session.account == key {
            effects.append(.send(.error("you are already logged in as \(session.name ?? wanted)"), to: id))
            return
        }
        guard self.passwordAllowed(for: session, id: id, effects: &effects) else {
            if let hello { self.join(id, hello: hello, at: time, effects: &effects) }
            return
        }
        let account = self.moderation.account(key)
        // A name that cannot be one is no account: counted against the address only, so that the throttle does
        // not keep a key as long as a hello's name (a frame) for every such guess.
        let keys = self.throttleKeys(session, account: NameRules.problem(with: wanted) == nil ? key : nil)
        self.startPassword(
            .verify(
                password,
                against: account?.passwordHash ?? PasswordHash.decoy(cost: self.configuration.accounts.passwordCost),
                thenHash: nil),
            purpose: .login(account: key, exists: account != nil, hello: hello), keys: keys, for: id, at: time,
            effects: &effects)
    }

    func logout(from id: MemberID, name: String, at time: RoomTime, effects: inout [ServerEffect]) {
        guard self.sessions[id]?.account != nil else {
            effects.append(.send(.error("you are not logged in"), to: id))
            return
        }
        self.setAccount(nil, for: id, effects: &effects)
        let guest = self.guestName()
        self.changeName(id, from: name, to: guest, tellingSelf: true, effects: &effects)
        effects.append(.send(.system("you are logged out, and now \(guest)"), to: id))
    }

    func passwd(old: String, new: String, from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]) {
        guard let session = self.sessions[id], let key = session.account, let account = self.moderation.account(key)
        else {
            effects.append(.send(.error("you are not logged in"), to: id))
            return
        }
        guard self.passwordAllowed(for: session, id: id, effects: &effects),
            self.passwordAcceptable(new, name: account.name, id: id, effects: &effects)
        else { return }
        let keys = self.throttleKeys(session, account: key)
        self.startPassword(
            .verify(old, against: account.passwordHash, thenHash: new), purpose: .passwd(account: key), keys: keys,
            for: id, at: time, effects: &effects)
    }

    func unregister(_ password: String, from id: MemberID, at time: RoomTime, effects: inout [ServerEffect]) {
        guard let session = self.sessions[id], let key = session.account, let account = self.moderation.account(key)
        else {
            effects.append(.send(.error("you are not logged in"), to: id))
            return
        }
        guard self.passwordAllowed(for: session, id: id, effects: &effects) else { return }
        let keys = self.throttleKeys(session, account: key)
        self.startPassword(
            .verify(password, against: account.passwordHash, thenHash: nil), purpose: .unregister(account: key),
            keys: keys, for: id, at: time, effects: &effects)
    }

    // MARK: - Outcomes

    /// A password job is done. Its member may have gone (nothing happens) or changed meanwhile (checked again).
    public func passwordDone(
        _ job: UInt64, _ outcome: PasswordOutcome, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard let pending = self.passwordJobs.removeValue(forKey: job), let session = self.sessions[pending.member]
        else { return }
        let id = pending.member
        session.checkingPassword = false
        switch pending.purpose {
        case .register(let name):
            guard session.account == nil, session.name == name, self.moderation.owner(of: name) == nil
            else {
                effects.append(.send(.error("your name changed meanwhile: nothing was registered"), to: id))
                return
            }
            guard let hash = outcome.hash else {
                effects.append(.send(.error("the password could not be hashed; nothing was registered"), to: id))
                return
            }
            let account = AccountRecord(name: name, passwordHash: hash, createdMilliseconds: time.wallMilliseconds)
            self.moderation.put(account)
            // Sessions kept from an earlier account of this name (deleted since) are not logged in to this one.
            for record in self.sessionBook.logOutEverywhere(account.key) { effects.append(.saveSession(record)) }
            effects.append(.keep(.account(account)))
            effects.append(.audit("\(name) registered (from \(session.origin.address ?? "?"))"))
            self.setAccount(account.key, for: id, effects: &effects)
            effects.append(
                .send(
                    .system("\(name) is registered, and you are logged in. Next time: /login \(name) PASSWORD"), to: id)
            )
        case .login(let key, let exists, let hello):
            guard outcome.matched, exists, let account = self.moderation.account(key) else {
                effects.append(.send(.error("wrong name or password"), to: id))
                // For fail2ban and the like: the address first, and only a name that can be one (a hello's name
                // may hold spaces, and "x from 198.51.100.1" would name someone else's address).
                let named = NameRules.problem(with: key) == nil ? Self.cleanName(key) : "an invalid name"
                effects.append(.audit("failed login from \(session.origin.address ?? "?") to \(named)"))
                if let hello { self.join(id, hello: hello, at: time, effects: &effects) }
                return
            }
            self.loginThrottle.succeeded(pending.keys, now: time.monotonicNanoseconds)
            if let ban = self.moderation.active(.ban, address: nil, account: key, now: time.wallMilliseconds) {
                self.refuse(id, ban: ban, effects: &effects)
                effects.append(.audit("refused login of banned account \(account.name) (ban \(ban.id))"))
                return
            }
            self.logIn(id, to: account, hello: hello, at: time, effects: &effects)
        case .passwd(let key):
            guard outcome.matched, session.account == key, var account = self.moderation.account(key) else {
                effects.append(.send(.error("wrong password; it is unchanged"), to: id))
                return
            }
            self.loginThrottle.succeeded(pending.keys, now: time.monotonicNanoseconds)
            guard let hash = outcome.hash else {
                effects.append(.send(.error("the new password could not be hashed; it is unchanged"), to: id))
                return
            }
            account.passwordHash = hash
            self.moderation.put(account)
            effects.append(.keep(.account(account)))
            // Every other session of the account is logged out: a token stolen with the old password stops working.
            for record in self.sessionBook.logOutEverywhere(key) { effects.append(.saveSession(record)) }
            self.setAccount(key, for: id, effects: &effects)
            effects.append(.send(.system("your password is changed; your other sessions are logged out"), to: id))
        case .unregister(let key):
            guard outcome.matched, session.account == key, let account = self.moderation.account(key) else {
                effects.append(.send(.error("wrong password; the account is kept"), to: id))
                return
            }
            self.loginThrottle.succeeded(pending.keys, now: time.monotonicNanoseconds)
            for mail in self.moderation.removeAccount(key) { effects.append(.discard(.mail, key: String(mail.id))) }
            effects.append(.discard(.account, key: key))
            effects.append(.audit("\(account.name) deleted their account"))
            self.setAccount(nil, for: id, effects: &effects)
            for record in self.sessionBook.logOutEverywhere(key) { effects.append(.saveSession(record)) }
            effects.append(.send(.system("your account is deleted; you are still \(account.name), as a guest"), to: id))
        }
    }

    /// A right password (or a resumed session) for `account`: the connection takes its name, whoever had it, and
    /// gets the mail kept for it. A connection not yet joined (a hello with a password) joins now, under that name.
    func logIn(
        _ id: MemberID, to account: AccountRecord, hello: Hello?, at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[id] else { return }
        let key = account.key
        // Whoever holds the name, or is logged in to the account elsewhere, becomes a guest.
        for (other, otherSession) in self.sessions where other != id {
            guard otherSession.account == key || otherSession.name.map(NameRules.key) == key,
                let otherName = otherSession.name
            else { continue }
            let why =
                otherSession.account == key
                ? "\(account.name) logged in from another connection" : "\(account.name) logged in to their account"
            if otherSession.account == key { self.setAccount(nil, for: other, effects: &effects) }
            let guest = self.guestName()
            self.changeName(other, from: otherName, to: guest, tellingSelf: true, effects: &effects)
            effects.append(.send(.system("\(why), so you are now \(guest)"), to: other))
        }
        self.setAccount(key, for: id, effects: &effects)
        if session.name == nil {
            var hello = hello ?? Hello()
            hello.wanted = account.name
            self.join(id, hello: hello, at: time, effects: &effects)
        } else if let name = session.name, name != account.name {
            self.changeName(id, from: name, to: account.name, tellingSelf: true, effects: &effects)
        }
        var said = "you are logged in as \(account.name)"
        if self.isOperator(id) { said += ", an operator" }
        effects.append(.send(.system(said), to: id))
        self.deliverMail(to: id, account: key, at: time, effects: &effects)
    }

    /// The connection is logged in to `account` now (nil: to none); its session remembers it.
    func setAccount(_ account: String?, for id: MemberID, effects: inout [ServerEffect]) {
        guard let session = self.sessions[id] else { return }
        session.account = account
        if let number = session.sessionNumber, let record = self.sessionBook.setAccount(number, account) {
            effects.append(.saveSession(record))
        }
    }

    /// A ban keeps this connection out: told why, then closed.
    func refuse(_ id: MemberID, ban: Restriction, effects: inout [ServerEffect]) {
        effects.append(.send(.refusal("you are banned from this server\(Self.describe(ban))"), to: id))
        effects.append(.close(id, .removed("banned")))
    }

    // MARK: - Mail

    /// A private message to `name`, registered and offline: kept for their next login, within the mailbox's bounds.
    func mail(
        _ text: String, to account: AccountRecord, from id: MemberID, name: String, at time: RoomTime,
        effects: inout [ServerEffect]
    ) {
        let limits = self.configuration.accounts
        let key = account.key
        guard self.moderation.mailCount(for: key) < limits.mailPerAccount,
            self.moderation.mailBytes(for: key) + text.utf8.count <= limits.mailBytesPerAccount
        else {
            effects.append(.send(.error("\(account.name) is offline and their mailbox is full"), to: id))
            return
        }
        let mail = MailRecord(
            id: self.moderation.nextID(), recipient: key, senderName: name,
            senderSession: self.sessions[id]?.sessionNumber ?? 0, text: text, wallMilliseconds: time.wallMilliseconds)
        self.moderation.keep(mail)
        effects.append(.keep(.mail(mail)))
        effects.append(
            .send(.system("\(account.name) is offline: your message is kept and delivered when they log in"), to: id))
    }

    /// The mail kept for `account`, to the connection that just logged in to it: as private messages (stored like
    /// any, so a resume has them), each stamped with when it was sent.
    func deliverMail(to id: MemberID, account key: String, at time: RoomTime, effects: inout [ServerEffect]) {
        let mail = self.moderation.takeMail(for: key)
        guard !mail.isEmpty, let name = self.sessions[id]?.name else { return }
        effects.append(
            .send(.system("\(mail.count) message\(mail.count == 1 ? "" : "s") came while you were away:"), to: id))
        for letter in mail {
            var post = Post(
                kind: .whisper, destination: .person(id, name: name, session: self.sessions[id]?.sessionNumber ?? 0),
                sender: MemberID(0), senderName: letter.senderName, senderSession: letter.senderSession,
                text: letter.text, wallMilliseconds: letter.wallMilliseconds)
            post.letter = letter
            effects.append(.post(post))
        }
    }

    /// A letter's post is stored: the letter is delivered, and forgotten.
    func delivered(_ letter: MailRecord, effects: inout [ServerEffect]) {
        effects.append(.discard(.mail, key: String(letter.id)))
    }

    /// The store refused a letter's post: the letter is kept for the next login, and its recipient told.
    func notDelivered(_ letter: MailRecord, to id: MemberID, effects: inout [ServerEffect]) {
        self.moderation.keep(letter)
        effects.append(
            .send(
                .error(
                    "a message kept for you from \(letter.senderName) could not be delivered now; it stays kept "
                        + "for your next login"), to: id))
    }

    // MARK: - Rules

    /// Passwords cross the network only encrypted, from this machine, or where the operator allowed clear text.
    private func passwordAllowed(for session: Session, id: MemberID, effects: inout [ServerEffect]) -> Bool {
        guard session.origin.isPrivate || self.configuration.accounts.allowPlaintextAuth else {
            effects.append(
                .send(
                    .error(
                        "passwords are not accepted over an unencrypted connection (anyone on the way could read "
                            + "them): connect with TLS (swchat join --tls)"), to: id))
            return false
        }
        return true
    }

    private func passwordAcceptable(
        _ password: String, name: String, id: MemberID, effects: inout [ServerEffect]
    ) -> Bool {
        let minimum = self.configuration.accounts.minimumPasswordLength
        let problem: String? =
            if password.count < minimum {
                "a password needs at least \(minimum) characters"
            } else if password.utf8.count > 256 {
                "a password has at most 256 bytes"
            } else if NameRules.key(password) == NameRules.key(name) {
                "a password cannot be your name"
            } else {
                nil
            }
        if let problem { effects.append(.send(.error(problem), to: id)) }
        return problem == nil
    }

    /// Hands a password job to the shell, once the throttle and the number of jobs running allow it.
    private func startPassword(
        _ work: PasswordJob.Work, purpose: PendingPassword.Purpose, keys: [String], for id: MemberID,
        at time: RoomTime, effects: inout [ServerEffect]
    ) {
        guard let session = self.sessions[id] else { return }
        let hello: Hello? = if case .login(_, _, let hello) = purpose { hello } else { nil }
        var refusal: String?
        if session.checkingPassword {
            refusal = "a password of yours is being checked; wait for the answer"
        } else if self.passwordJobs.count >= self.configuration.accounts.maxPasswordJobs {
            refusal = "the server is busy checking passwords; try again in a moment"
        } else if let wait = self.loginThrottle.attempt(keys, now: time.monotonicNanoseconds) {
            refusal = "too many password attempts; try again in \(wait) s"
        }
        if let refusal {
            effects.append(.send(.error(refusal), to: id))
            if let hello { self.join(id, hello: hello, at: time, effects: &effects) }
            return
        }
        self.lastPasswordJob += 1
        session.checkingPassword = true
        self.passwordJobs[self.lastPasswordJob] = PendingPassword(member: id, purpose: purpose, keys: keys)
        effects.append(
            .password(PasswordJob(id: self.lastPasswordJob, work: work, cost: self.configuration.accounts.passwordCost))
        )
    }

    /// What a password attempt counts against: the account, and the address unless it is this machine and
    /// trusted (`--trust-loopback`: a local proxy brings everyone from one address).
    private func throttleKeys(_ session: Session, account: String?) -> [String] {
        let trusted = session.origin.isLoopback && self.configuration.accounts.trustLoopback
        return LoginThrottle.keys(address: trusted ? nil : session.origin.address, account: account)
    }

    /// guest-N: the names the server hands out, which nobody may register.
    static func isGuestName(_ name: String) -> Bool {
        let key = NameRules.key(name)
        guard key.hasPrefix("guest-") else { return false }
        let number = key.dropFirst("guest-".count)
        return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
    }

    /// ": spam (until 2026-12-02T10:00:00Z, by alice)" for a ban or mute.
    static func describe(_ restriction: Restriction) -> String {
        var text = restriction.reason.map { ": \($0)" } ?? ""
        var details: [String] = []
        if let until = restriction.expiresMilliseconds {
            details.append("until \(Timestamp.format(millisecondsSince1970: until))")
        }
        details.append("by \(restriction.by)")
        text += " (" + details.joined(separator: ", ") + ")"
        return text
    }
}
