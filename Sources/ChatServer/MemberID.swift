/// Identifies one connection in the room for its whole life, whatever name it has.
public struct MemberID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "#\(self.rawValue)" }
}
