import ChatProtocol
import Testing

@Suite("FloodLimit")
struct FloodLimitTests {
    @Test(arguments: [
        ("10:5", 10, 5.0),
        ("3:0.5", 3, 0.5),
        ("1:1", 1, 1.0),
        ("100:2.25", 100, 2.25),
        ("10:5.0", 10, 5.0),
    ])
    func parses(text: String, burst: Int, perSecond: Double) throws {
        let limit = try #require(FloodLimit(parsing: text))
        #expect(limit.burst == burst)
        #expect(limit.perSecond == perSecond)
        #expect(limit == FloodLimit(burst: burst, perSecond: perSecond))
    }

    @Test(arguments: [
        "10", "0:5", "10:0", "a:b", "10:-1", "-1:5", "", ":", "10:", ":5", "10:5:1", "10:inf", "10:nan", "1.5:2",
        " 10:5", "10 : 5", "off",
    ])
    func rejects(text: String) {
        #expect(FloodLimit(parsing: text) == nil)
    }

    @Test(arguments: [
        (FloodLimit(burst: 10, perSecond: 5), "10:5"),
        (FloodLimit(burst: 3, perSecond: 0.5), "3:0.5"),
        (FloodLimit(burst: 1, perSecond: 2.25), "1:2.25"),
    ])
    func descriptionParsesBack(limit: FloodLimit, text: String) {
        #expect(limit.description == text)
        #expect(FloodLimit(parsing: limit.description) == limit)
    }

    @Test func standard() {
        #expect(FloodLimit.standard == FloodLimit(burst: 10, perSecond: 5))
    }
}
