import ChatProtocol
import Testing

@testable import ChatServer

/// Big rooms announce joins and leaves together; small rooms one by one.
@Suite("Announcement batching")
struct AnnouncementBatchingTests {
    func broadcasts(_ effects: [Output], _ type: MessageType) -> [Message] {
        effects.broadcasts.map(\.message).filter { $0.type == type }
    }

    @Test("below the threshold every join and leave is its own notice; from it on they are gathered")
    func threshold() {
        let h = CoreHarness(RoomConfiguration(batchAnnouncementsFrom: 3))
        let room = h.room
        var effects: [Output] = []
        for index in 1...2 {
            effects += h.connect(MemberID(UInt64(index)), .text)
        }
        #expect(self.broadcasts(effects, .join).count == 2)
        effects.removeAll()
        for index in 3...6 {
            effects += h.connect(MemberID(UInt64(index)), .text)
        }
        #expect(self.broadcasts(effects, .join).isEmpty, "with the 3rd member online the room counts as big")
        #expect(room.hasPendingAnnouncements)
        h.disconnect(MemberID(6), .left)
        h.disconnect(MemberID(1), .left)
        effects = h.flushAnnouncements()
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
        let h = CoreHarness(RoomConfiguration(batchAnnouncementsFrom: 2))
        let room = h.room
        var effects: [Output] = []
        h.join(MemberID(1), "alice")
        h.join(MemberID(2), "bob")
        // bob is pending; he leaves, and a new bob arrives within the same interval: the gathered leave goes out
        // as the name is taken again (before the new bob's welcome), the new join with the next flush.
        h.disconnect(MemberID(2), .left)
        effects = h.join(MemberID(3), "bob")
        effects += h.flushAnnouncements()
        let kinds = effects.compactMap { (output: Output) -> MessageType? in
            switch output {
            case .broadcast(let message, _, _, _): message.type
            case .send(let message, _) where message.type == .welcome: .welcome
            default: nil
            }
        }
        #expect(kinds == [.leave, .welcome, .join], "a name that left and was taken again ends up online")

        // A pending joiner renames: its join is announced first, under the old name, then the rename.
        h.join(MemberID(4), "carol")
        effects = h.json(MemberID(4), "/nick caroline")
        let messages = effects.broadcasts.map(\.message)
        #expect(messages.map(\.type) == [.join, .rename])
        #expect(messages.first?.users == ["carol"])
        #expect(!room.hasPendingAnnouncements)
    }
}
