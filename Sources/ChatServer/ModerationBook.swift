import ChatProtocol

/// Accounts, bans, mutes, topic locks and mail for offline users, as the core holds them: all in memory (the store
/// keeps them and gives them back at open), so that every check is a lookup. Pure.
struct ModerationBook {
    private(set) var accounts: [String: AccountRecord] = [:]
    /// Account keys by the skeleton of their name (`NameRules.skeleton`): "a1ice" is alice's.
    private var bySkeleton: [String: String] = [:]
    private(set) var restrictions: [UInt64: Restriction] = [:]
    /// Restriction ids by what they hold ("a " and the address key, "u " and the account key, "r " and the room
    /// key): a mute is looked up for every line said, so that lookup must not walk every ban.
    private var byTarget: [String: Set<UInt64>] = [:]
    /// Mail by recipient account key, oldest first.
    private(set) var mail: [String: [MailRecord]] = [:]
    /// The last id given to a restriction or mail.
    private(set) var lastID: UInt64 = 0

    mutating func restore(_ records: [ModerationRecord]) {
        for record in records {
            switch record {
            case .account(let account): self.put(account)
            case .restriction(let restriction):
                self.add(restriction)
            case .mail(let mail):
                self.mail[mail.recipient, default: []].append(mail)
                self.lastID = max(self.lastID, mail.id)
            }
        }
        for key in self.mail.keys { self.mail[key]?.sort { $0.id < $1.id } }
    }

    mutating func nextID() -> UInt64 {
        self.lastID += 1
        return self.lastID
    }

    // MARK: - Accounts

    func account(_ key: String) -> AccountRecord? { self.accounts[key] }

    mutating func put(_ account: AccountRecord) {
        self.accounts[account.key] = account
        self.bySkeleton[NameRules.skeleton(account.name)] = account.key
    }

    /// The key of the account whose name `name` is, or can be mistaken for.
    func owner(of name: String) -> String? {
        let key = NameRules.key(name)
        if self.accounts[key] != nil { return key }
        return self.bySkeleton[NameRules.skeleton(name)]
    }

    /// Forgets an account and its mail. - Returns: the mail forgotten (for the store).
    mutating func removeAccount(_ key: String) -> [MailRecord] {
        if let account = self.accounts.removeValue(forKey: key) {
            let skeleton = NameRules.skeleton(account.name)
            if self.bySkeleton[skeleton] == key { self.bySkeleton[skeleton] = nil }
        }
        return self.mail.removeValue(forKey: key) ?? []
    }

    // MARK: - Restrictions

    /// The first restriction of `kind` in force at `now` that covers a connection from `address` logged in to
    /// `account`.
    func active(_ kind: Restriction.Kind, address: String?, account: String?, now: Int64) -> Restriction? {
        guard !self.restrictions.isEmpty else { return nil }
        var ids: Set<UInt64> = []
        if let address, let held = self.byTarget["a " + ConnectionThrottle.key(address)] { ids.formUnion(held) }
        if let account, let held = self.byTarget["u " + account] { ids.formUnion(held) }
        return ids.compactMap { self.restrictions[$0] }
            .filter { $0.kind == kind && $0.isActive(at: now) }
            .min { $0.id < $1.id }
    }

    /// The lock on a room's topic, if any.
    func topicLock(room key: String) -> Restriction? {
        self.byTarget["r " + key]?.compactMap { self.restrictions[$0] }.first { $0.kind == .topicLock }
    }

    mutating func add(_ restriction: Restriction) {
        if let old = self.restrictions[restriction.id] { self.unindex(old) }
        self.restrictions[restriction.id] = restriction
        for target in Self.targets(of: restriction) { self.byTarget[target, default: []].insert(restriction.id) }
        self.lastID = max(self.lastID, restriction.id)
    }

    mutating func remove(_ id: UInt64) -> Restriction? {
        guard let restriction = self.restrictions.removeValue(forKey: id) else { return nil }
        self.unindex(restriction)
        return restriction
    }

    private mutating func unindex(_ restriction: Restriction) {
        for target in Self.targets(of: restriction) {
            self.byTarget[target]?.remove(restriction.id)
            if self.byTarget[target]?.isEmpty == true { self.byTarget[target] = nil }
        }
    }

    private static func targets(of restriction: Restriction) -> [String] {
        var targets: [String] = []
        if let address = restriction.address { targets.append("a " + ConnectionThrottle.key(address)) }
        if let account = restriction.account { targets.append("u " + account) }
        if let room = restriction.room { targets.append("r " + room) }
        return targets
    }

    /// Restrictions of `kinds` in force, oldest first.
    func list(_ kinds: Set<Restriction.Kind>, now: Int64) -> [Restriction] {
        self.restrictions.values.filter { kinds.contains($0.kind) && $0.isActive(at: now) }.sorted { $0.id < $1.id }
    }

    /// The ids of restrictions that have run out by `now` (to forget).
    func expired(now: Int64) -> [UInt64] {
        self.restrictions.values.filter { !$0.isActive(at: now) }.map(\.id).sorted()
    }

    // MARK: - Mail

    func mailCount(for key: String) -> Int { self.mail[key]?.count ?? 0 }

    func mailBytes(for key: String) -> Int { self.mail[key]?.reduce(0) { $0 + $1.text.utf8.count } ?? 0 }

    /// Keeps a letter, in order of id (one put back after a failed delivery goes before those that came since).
    mutating func keep(_ mail: MailRecord) {
        var letters = self.mail[mail.recipient, default: []]
        letters.insert(mail, at: letters.firstIndex { $0.id > mail.id } ?? letters.endIndex)
        self.mail[mail.recipient] = letters
        self.lastID = max(self.lastID, mail.id)
    }

    /// The account's mail, oldest first, now taken out to be delivered.
    mutating func takeMail(for key: String) -> [MailRecord] {
        self.mail.removeValue(forKey: key) ?? []
    }
}
