import Crypto

/// The resumable sessions: who holds which token (by its SHA-256 only), the name and rooms each had, and when each
/// expires. Pure: the caller gives the time and the random token; the store keeps the records across restarts.
struct SessionBook {
    private(set) var records: [UInt64: SessionRecord] = [:]
    private var byHash: [String: UInt64] = [:]
    /// Numbers of the sessions a connection holds now: they do not expire while connected.
    private var live: Set<UInt64> = []
    private(set) var lastNumber: UInt64 = 0
    /// The most sessions kept; past it, the ones expiring soonest are dropped first.
    let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The records a store had, and the numbering to continue.
    mutating func restore(_ records: [SessionRecord], lastNumber: UInt64, now: Int64) {
        for record in records where record.expiresMilliseconds > now {
            self.records[record.number] = record
            self.byHash[record.tokenHash] = record.number
        }
        self.lastNumber = max(lastNumber, records.map(\.number).max() ?? 0)
    }

    /// SHA-256 of a token, lowercase hex.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// A new session for a connection now live. - Returns: the record (to save) and the token (to give out).
    mutating func open(token: String, name: String, rooms: [String], now: Int64, ttl: Int64) -> SessionRecord {
        self.lastNumber += 1
        let record = SessionRecord(
            number: self.lastNumber, tokenHash: Self.hash(token), name: name, rooms: rooms,
            expiresMilliseconds: now + ttl)
        self.records[record.number] = record
        self.byHash[record.tokenHash] = record.number
        self.live.insert(record.number)
        self.trim()
        return record
    }

    /// The session a token opens, if it is known and not expired (a live one never is).
    func lookup(token: String, now: Int64) -> SessionRecord? {
        guard let number = self.byHash[Self.hash(token)], let record = self.records[number] else { return nil }
        guard self.live.contains(number) || record.expiresMilliseconds > now else { return nil }
        return record
    }

    /// A connection holds the session again.
    mutating func resumed(_ number: UInt64) {
        self.live.insert(number)
    }

    /// The session's connection is gone: it expires `ttl` from now. - Returns: the record to save.
    mutating func released(_ number: UInt64, name: String, rooms: [String], now: Int64, ttl: Int64) -> SessionRecord? {
        self.live.remove(number)
        guard var record = self.records[number] else { return nil }
        record.name = name
        record.rooms = rooms
        record.expiresMilliseconds = now + ttl
        self.records[number] = record
        return record
    }

    /// A live session as it is now: its record brought up to date when its name or rooms changed or its expiry comes
    /// within half the `ttl` (a server killed then still has it for at least that long). - Returns: the record to
    /// save, nil when nothing changed enough.
    mutating func refresh(_ number: UInt64, name: String, rooms: [String], now: Int64, ttl: Int64) -> SessionRecord? {
        guard var record = self.records[number] else { return nil }
        guard record.name != name || record.rooms != rooms || record.expiresMilliseconds - now < ttl / 2 else {
            return nil
        }
        record.name = name
        record.rooms = rooms
        record.expiresMilliseconds = now + ttl
        self.records[number] = record
        return record
    }

    /// The session is now logged in to `account` (or to none). - Returns: the record to save.
    mutating func setAccount(_ number: UInt64, _ account: String?) -> SessionRecord? {
        guard var record = self.records[number], record.account != account else { return nil }
        record.account = account
        self.records[number] = record
        return record
    }

    /// No session is logged in to `account` any more (it was deleted, or made anew by someone else: a session
    /// kept from its old owner must not resume into it). - Returns: the records changed (to save).
    mutating func logOutEverywhere(_ account: String) -> [SessionRecord] {
        let numbers = self.records.values.filter { $0.account == account }.map(\.number).sorted()
        return numbers.compactMap { self.setAccount($0, nil) }
    }

    /// Forgets a session at once (its user was kicked or banned: it is not to be resumed).
    mutating func forget(_ number: UInt64) {
        guard let record = self.records[number] else { return }
        self.live.remove(number)
        self.remove(record)
    }

    /// Drops expired sessions. - Returns: their numbers (for the store to forget).
    mutating func expire(now: Int64) -> [UInt64] {
        let gone = self.records.values.filter { !self.live.contains($0.number) && $0.expiresMilliseconds <= now }
        for record in gone { self.remove(record) }
        return gone.map(\.number)
    }

    private mutating func remove(_ record: SessionRecord) {
        self.records[record.number] = nil
        self.byHash[record.tokenHash] = nil
    }

    /// Over capacity: the idle sessions expiring soonest go (a tenth at a time, so that trimming stays rare).
    private mutating func trim() {
        guard self.records.count > self.capacity else { return }
        let idle = self.records.values.filter { !self.live.contains($0.number) }
            .sorted { $0.expiresMilliseconds < $1.expiresMilliseconds }
        for record in idle.prefix(max(1, self.capacity / 10)) { self.remove(record) }
    }
}
