import ChatProtocol
import Testing

/// Text clients read which room a line is from, unless it is the default room.
@Suite("Text lines of rooms")
struct TextLineRendererRoomTests {
    let renderer = TextLineRenderer(utcOffsetSeconds: 0, defaultRoom: "lobby")
    let ts = "2026-11-21T12:03:04.000Z"

    @Test("chat, actions, leaves and renames from another room name it; the default room's do not")
    func roomNames() {
        let r = self.renderer
        #expect(
            r.render(Message(dataSource: "alice", data: "hi", ts: ts, room: "dev")) == "[12:03:04] #dev alice: hi\r\n")
        #expect(r.render(Message(dataSource: "alice", data: "hi", ts: ts, room: "lobby")) == "[12:03:04] alice: hi\r\n")
        #expect(
            r.render(Message(type: .me, dataSource: "bob", data: "waves", ts: ts, room: "中文"))
                == "[12:03:04] #中文 * bob waves\r\n")
        #expect(
            r.render(Message(type: .leave, dataSource: "bob", data: "parted: lunch", room: "dev"))
                == "-!- bob left #dev (parted: lunch)\r\n")
        #expect(
            r.render(Message(type: .leave, dataSource: "bob", data: "quit", room: "lobby")) == "-!- bob left (quit)\r\n"
        )
        #expect(
            r.render(Message(type: .rename, dataSource: "bob", data: "bobby", room: "dev"))
                == "-!- #dev bob is now known as bobby\r\n")
        #expect(
            r.render(Message(type: .chat, dataSource: "alice", data: "old", ts: ts, replay: true, room: "dev"))
                == "[12:03:04] (history) #dev alice: old\r\n")
    }

    @Test("topics: who set it, what it is, or that there is none")
    func topics() {
        let r = self.renderer
        #expect(
            r.render(Message(type: .topic, dataSource: "alice", data: "ship it", room: "dev"))
                == "-!- alice set the topic of #dev: ship it\r\n")
        #expect(
            r.render(Message(type: .topic, dataSource: "server", data: "ship it", room: "dev"))
                == "-!- topic of #dev: ship it\r\n")
        #expect(
            r.render(Message(type: .topic, dataSource: "alice", data: "", room: "lobby"))
                == "-!- alice cleared the topic\r\n")
    }

    @Test("the room list is a line per room, and a topic cannot forge a notice")
    func roomList() {
        let text = renderer.render(
            Message(type: .rooms, dataSource: "server", data: "2 rooms:\n#dev (2): -!- fake\n#lobby (1)"))
        #expect(text == "-!- 2 rooms:\r\n-!- #dev (2): -¡- fake\r\n-!- #lobby (1)\r\n")
    }
}
