import ChatProtocol
import Testing

@testable import ChatServer

/// Big rooms announce joins and leaves together; small rooms one by one.
@Suite("Announcement batching")
struct AnnouncementBatchingTests {
    let time = RoomTime(monotonicNanoseconds: 1, wallMilliseconds: 1_700_000_000_000)

    func broadcasts(_ effects: [RoomEffect], _ type: MessageType) -> [Message] {
        effects.compactMap {
            if case .broadcast(let frame, _) = $0, frame.message.type == type { frame.message } else { nil }
        }
    }

    @Test("below the threshold every join and leave is its own notice; from it on they are gathered")
    func threshold() {
        let room = Room(configuration: RoomConfiguration(batchAnnouncementsFrom: 3))
        var effects: [RoomEffect] = []
        for index in 1...2 {
            room.connect(MemberID(UInt64(index)), kind: .text, at: self.time, effects: &effects)
        }
        #expect(self.broadcasts(effects, .join).count == 2)
        effects.removeAll()
        for index in 3...6 {
            room.connect(MemberID(UInt64(index)), kind: .text, at: self.time, effects: &effects)
        }
        #expect(self.broadcasts(effects, .join).isEmpty, "with the 3rd member online the room counts as big")
        #expect(room.hasPendingAnnouncements)
        room.disconnect(MemberID(6), reason: .left, at: self.time, effects: &effects)
        room.disconnect(MemberID(1), reason: .left, at: self.time, effects: &effects)
        effects.removeAll()
        room.flushAnnouncements(at: self.time, effects: &effects)
        let joins = self.broadcasts(effects, .join)
        let leaves = self.broadcasts(effects, .leave)
        #expect(
            joins.count == 1 && joins[0].users == ["guest-3", "guest-4", "guest-5"],
            "guest-6 left before its join was announced")
        #expect(
            joins[0].dataSource == "server" && joins[0].data.hasPrefix("3 joined (4 online): guest-3, guest-4, guest-5")
        )
        // guest-6's leave is announced all the same: newcomers may have had it in their welcome roster.
        #expect(leaves.count == 1 && leaves[0].users == ["guest-6", "guest-1"])
        #expect(!room.hasPendingAnnouncements)
        #expect(room.names.count == 4)
    }

    @Test("a batched leave renders as one readable line for text clients")
    func textRendering() {
        let line = TextLineRenderer().render(
            Message(type: .leave, dataSource: "server", data: "2 left (5 online): a, b", users: ["a", "b"]))
        #expect(line == "-!- 2 left (5 online): a, b\r\n")
    }

    @Test("leaves go before joins; a pending joiner that leaves is announced as left; a rename flushes what is pending")
    func ordering() {
        let room = Room(configuration: RoomConfiguration(batchAnnouncementsFrom: 2))
        var effects: [RoomEffect] = []
        room.connect(MemberID(1), kind: .json, at: self.time, effects: &effects)
        room.receive(Message(type: .hello, data: "alice"), from: MemberID(1), at: self.time, effects: &effects)
        room.connect(MemberID(2), kind: .json, at: self.time, effects: &effects)
        room.receive(Message(type: .hello, data: "bob"), from: MemberID(2), at: self.time, effects: &effects)
        // bob is pending; he leaves, and a new bob arrives within the same interval: the gathered leave goes out
        // as the name is taken again (before the new bob's welcome), the new join with the next flush.
        room.disconnect(MemberID(2), reason: .left, at: self.time, effects: &effects)
        effects.removeAll()
        room.connect(MemberID(3), kind: .json, at: self.time, effects: &effects)
        room.receive(Message(type: .hello, data: "bob"), from: MemberID(3), at: self.time, effects: &effects)
        room.flushAnnouncements(at: self.time, effects: &effects)
        let kinds = effects.compactMap {
            switch $0 {
            case .broadcast(let frame, _): frame.message.type
            case .send(let frame, _) where frame.message.type == .welcome: .welcome
            default: nil
            }
        }
        #expect(kinds == [.leave, .welcome, .join], "a name that left and was taken again ends up online")

        // A pending joiner renames: its join is announced first, under the old name, then the rename.
        room.connect(MemberID(4), kind: .json, at: self.time, effects: &effects)
        room.receive(Message(type: .hello, data: "carol"), from: MemberID(4), at: self.time, effects: &effects)
        effects.removeAll()
        room.receive(Message(data: "/nick caroline"), from: MemberID(4), at: self.time, effects: &effects)
        let messages = effects.compactMap { if case .broadcast(let frame, _) = $0 { frame.message } else { nil } }
        #expect(messages.map(\.type) == [.join, .rename])
        #expect(messages.first?.users == ["carol"])
        #expect(!room.hasPendingAnnouncements)
    }
}
