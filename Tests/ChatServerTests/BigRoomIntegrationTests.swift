import ChatProtocol
import ChatServer
import Testing

/// A big room over real TCP: counts instead of names, speakers listed, the whole roster again when it shrinks.
@Suite("Big room over TCP")
struct BigRoomIntegrationTests {
    @Test("past --roster-limit newcomers are a count, speakers are named, and a shrunken room lists everyone again")
    func bigRoom() async throws {
        // A long sniff timeout: under load a hello could come after the usual 300 ms, and a client first taken for
        // text is renamed when its hello arrives, which lists its name (as it should, but not what is tested here).
        try await withServer({
            $0.room.rosterLimit = 2
            $0.sniffTimeout = .seconds(10)
        }) { server in
            let (ann, _) = try await TestClient.join(port: server.port, name: "ann")
            let (bo, _) = try await TestClient.join(port: server.port, name: "bo")
            _ = try await ann.frame { $0.type == .join && $0.dataSource == "bo" }
            try await bo.send(#"{"data":"hi from bo"}"#)
            _ = try await ann.frame { $0.type == .chat && $0.data == "hi from bo" }

            // The third member makes the room big: its welcome lists who spoke (bo) and itself, and says 3 online.
            let (cy, welcome) = try await TestClient.join(port: server.port, name: "cy")
            #expect(welcome.users == ["bo", "cy"] && welcome.online == 3)
            let join = try await ann.frame { $0.type == .join }
            #expect(
                join.dataSource == "server" && join.users == [] && join.online == 3
                    && join.data == "1 joined (3 online)")

            // cy speaks: everyone sees the name; its leave is then announced by name.
            try await cy.send(#"{"data":"hello, I am cy"}"#)
            _ = try await ann.frame { $0.type == .chat && $0.dataSource == "cy" }
            let (di, _) = try await TestClient.join(port: server.port, name: "di")
            _ = try await ann.frame { $0.type == .join && $0.online == 4 }
            await di.close()
            let countOnly = try await ann.frame { $0.type == .leave }
            #expect(countOnly.users == [] && countOnly.online == 3, "di never spoke: its leave is a count")
            await cy.close()
            let named = try await ann.frame { $0.type == .leave }
            #expect(named.users == ["cy"] && named.online == 2)

            // Down to half the limit (1): the room is small again and everyone gets the whole roster.
            await bo.close()
            let roster = try await ann.frame { $0.type == .users }
            #expect(roster.users == ["ann"] && roster.online == 1)
            await ann.close()
        }
    }
}
