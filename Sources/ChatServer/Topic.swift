/// A room's topic and who set it when.
public struct Topic: Sendable, Equatable {
    public var text: String
    public var setBy: String
    public var wallMilliseconds: Int64

    /// Longest topic, in characters, and in UTF-8 bytes.
    public static let maximumLength = 300
    public static let maximumBytes = 1200
}
