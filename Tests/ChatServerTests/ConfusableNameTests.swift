import ChatProtocol
import Testing

@testable import ChatServer

/// Names that can be mistaken for a name online are refused like a taken name, wherever a name is taken.
@Suite("Confusable names")
struct ConfusableNameTests {
    let alice = MemberID(1)
    let bob = MemberID(2)
    let carol = MemberID(3)
    /// alice in Cyrillic letters only (а ӏ і с е): one script, so only its skeleton gives it away.
    static let cyrillicAlice = "\u{430}\u{4CF}\u{456}\u{441}\u{435}"

    @Test("a hello asking for a lookalike of a name online gets a variant and says whose; once alice left, it is had")
    func helloWithALookalike() throws {
        for wanted in ["a1ice", Self.cyrillicAlice, "ALlCE"] {
            let h = CoreHarness()
            h.join(self.alice, "alice")
            let effects = h.join(self.bob, wanted)
            let name = try #require(h.room.name(of: self.bob))
            #expect(name == wanted + "2")
            let welcome = try #require(effects.sent(to: self.bob).first)
            #expect(
                welcome.data.contains("The name \(wanted) is too like \"alice\", someone online, so you are \(name)."))
            h.disconnect(self.alice, .left)
            h.disconnect(self.bob, .left)
            h.join(self.carol, wanted)
            #expect(h.room.name(of: self.carol) == wanted)
        }
    }

    @Test("one letter of another script in a Latin name is refused outright, whoever is online")
    func mixedScriptHello() throws {
        let h = CoreHarness()
        let effects = h.join(self.bob, "\u{430}lice")
        #expect(h.room.name(of: self.bob) == "guest-1")
        let welcome = try #require(effects.sent(to: self.bob).first)
        #expect(welcome.data.contains("mixes Cyrillic and Latin letters"))
    }

    @Test("/nick to a lookalike is an error; the index follows renames and leaves; one's own lookalike is allowed")
    func nick() throws {
        let h = CoreHarness()
        h.join(self.alice, "alice")
        h.join(self.bob, "bob")
        let effects = h.json(self.bob, "/nick ALlCE")
        let error = try #require(effects.sent(to: self.bob).first)
        #expect(error.type == .error && error.data == "the name ALlCE is too like \"alice\", someone online")
        #expect(effects.broadcasts.isEmpty && h.room.name(of: self.bob) == "bob")
        // alice may take a lookalike of her own name.
        #expect(h.json(self.alice, "/nick a1ice").broadcasts.first?.message.type == .rename)
        #expect(h.room.name(of: self.alice) == "a1ice")
        #expect(h.json(self.bob, "/nick alice").sent(to: self.bob).first?.type == .error)
        h.json(self.alice, "/nick carol")
        // The old skeleton is free, the new one held.
        #expect(h.json(self.bob, "/nick alice").broadcasts.first?.message.type == .rename)
        #expect(h.json(self.bob, "/nick caro1").sent(to: self.bob).first?.data.contains("too like \"carol\"") == true)
        h.disconnect(self.alice, .left)
        #expect(h.json(self.bob, "/nick caro1").broadcasts.first?.message.type == .rename)
    }

    @Test("a text client's name and the guest names keep clear of lookalikes")
    func textAndGuests() throws {
        let h = CoreHarness()
        h.join(self.alice, "guest-l")
        h.connect(self.bob, .text)
        #expect(h.room.name(of: self.bob) == "guest-2")
        let effects = h.line(self.bob, "/nick GUEST-I")
        #expect(effects.sent(to: self.bob).first?.data == "the name GUEST-I is too like \"guest-l\", someone online")
    }

    @Test("a guest that turns out to speak JSON gets a lookalike's variant too, but keeps clear of its own name")
    func upgrade() throws {
        let h = CoreHarness()
        h.join(self.alice, "alice")
        h.connect(self.bob, .text)
        h.upgrade(self.bob, wanted: "a1ice")
        #expect(h.room.name(of: self.bob) == "a1ice2")
        h.connect(self.carol, .text)
        #expect(h.room.name(of: self.carol) == "guest-2")
        h.upgrade(self.carol, wanted: "guest-2")
        #expect(h.room.name(of: self.carol) == "guest-2")
    }
}
