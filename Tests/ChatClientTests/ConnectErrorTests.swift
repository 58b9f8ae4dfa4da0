import NIOCore
import Testing

@testable import ChatClient

/// Failed connections read as one short reason, decided by the error's type (never by its description).
@Suite("ConnectError")
struct ConnectErrorTests {
    @Test("NIO's connect timeout reads as timed out")
    func timeout() {
        #expect(ConnectError.describe(ChannelError.connectTimeout(.seconds(10))) == "timed out")
    }

    @Test("other channel errors are not taken for a timeout")
    func otherChannelErrors() {
        #expect(ConnectError.describe(ChannelError.ioOnClosedChannel) != "timed out")
    }
}
