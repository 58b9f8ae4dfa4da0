/// A ban, a mute or a room's locked topic, as an operator set it; kept across restarts.
///
/// A ban or mute holds an address, an account, or both (`/ban NAME` takes the user's address and account together,
/// so a new name from the same address does not get back in); it ends at `expiresMilliseconds` unless nil.
public struct Restriction: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case ban, mute
        case topicLock = "topic-lock"
    }

    /// Given out in order; `/unban ID` names it.
    public var id: UInt64
    public var kind: Kind
    /// The address key (`ConnectionThrottle.key`: an IPv4 address, an IPv6 /64).
    public var address: String?
    /// The account's key.
    public var account: String?
    /// The room's key (a topic lock).
    public var room: String?
    /// The name it was set on, as shown in `/bans`.
    public var name: String?
    public var reason: String?
    /// The operator who set it.
    public var by: String
    public var createdMilliseconds: Int64
    public var expiresMilliseconds: Int64?

    public init(
        id: UInt64, kind: Kind, address: String? = nil, account: String? = nil, room: String? = nil,
        name: String? = nil, reason: String? = nil, by: String, createdMilliseconds: Int64,
        expiresMilliseconds: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.address = address
        self.account = account
        self.room = room
        self.name = name
        self.reason = reason
        self.by = by
        self.createdMilliseconds = createdMilliseconds
        self.expiresMilliseconds = expiresMilliseconds
    }

    /// Still in force at `now` (milliseconds since 1970).
    public func isActive(at now: Int64) -> Bool {
        self.expiresMilliseconds.map { $0 > now } ?? true
    }

    /// Whether it applies to a connection from `address` logged in to `account`.
    func covers(address: String?, account: String?) -> Bool {
        if let mine = self.address, let address, mine == ConnectionThrottle.key(address) { return true }
        if let mine = self.account, let account, mine == account { return true }
        return false
    }
}
