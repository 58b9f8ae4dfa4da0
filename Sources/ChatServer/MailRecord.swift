/// A private message to a registered user who was offline: kept until their next login, then delivered as a
/// private message stamped with the time it was sent.
public struct MailRecord: Sendable, Equatable, Codable {
    public var id: UInt64
    /// The recipient's account key.
    public var recipient: String
    public var senderName: String
    public var senderSession: UInt64
    public var text: String
    public var wallMilliseconds: Int64

    public init(
        id: UInt64, recipient: String, senderName: String, senderSession: UInt64, text: String,
        wallMilliseconds: Int64
    ) {
        self.id = id
        self.recipient = recipient
        self.senderName = senderName
        self.senderSession = senderSession
        self.text = text
        self.wallMilliseconds = wallMilliseconds
    }
}
