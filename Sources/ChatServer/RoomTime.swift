/// The two clocks the room needs: a monotonic one for rate limits and the wall clock for `ts`.
public struct RoomTime: Sendable {
    /// Monotonic nanoseconds (never goes back).
    public var monotonicNanoseconds: UInt64
    /// Milliseconds since 1970, UTC.
    public var wallMilliseconds: Int64

    public init(monotonicNanoseconds: UInt64, wallMilliseconds: Int64) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.wallMilliseconds = wallMilliseconds
    }
}
