/// The connections that receive a room's broadcasts: an array, because iterating it is the hot path.
///
/// Unretained: iterating retained class references cost an atomic retain and release per recipient per message,
/// the largest item in the profile. The hub's `connections` holds every one of them strongly, and a connection
/// leaves every audience before it leaves `connections` (it keeps the list of audiences it is in).
struct RoomAudience {
    private(set) var members: [Unmanaged<ConnectionHandler>] = []
    private var index: [MemberID: Int] = [:]

    var isEmpty: Bool { self.members.isEmpty }
    var count: Int { self.members.count }

    mutating func add(_ connection: ConnectionHandler) {
        guard self.index[connection.id] == nil else { return }
        self.index[connection.id] = self.members.count
        self.members.append(Unmanaged.passUnretained(connection))
    }

    /// O(1): the last member takes the leaver's place.
    mutating func remove(_ id: MemberID) {
        guard let position = self.index.removeValue(forKey: id) else { return }
        let last = self.members.removeLast()
        if position < self.members.count {
            self.members[position] = last
            self.index[last.takeUnretainedValue().id] = position
        }
    }
}
