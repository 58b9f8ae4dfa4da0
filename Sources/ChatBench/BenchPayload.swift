/// The text a bench sender puts in each message, and how receivers find it again in a frame's bytes.
///
/// `~RUN:SENDER:SEQ:NANOS:` then padding to the payload size. `RUN` tells this run's messages from history
/// replayed by the server; `NANOS` is the sender's monotonic clock, so every receiver can time the delivery.
/// Parsing scans raw bytes, without JSON decoding, so the load generator is not the bottleneck.
public struct BenchPayload: Equatable, Sendable {
    public var run: UInt32
    public var sender: Int
    public var sequence: UInt64
    public var sentNanoseconds: UInt64

    public init(run: UInt32, sender: Int, sequence: UInt64, sentNanoseconds: UInt64) {
        self.run = run
        self.sender = sender
        self.sequence = sequence
        self.sentNanoseconds = sentNanoseconds
    }

    /// The message text, padded with "x" to `size` bytes (never shorter than the header).
    public func text(size: Int) -> String {
        let header = "~\(self.run):\(self.sender):\(self.sequence):\(self.sentNanoseconds):"
        return header.utf8.count >= size ? header : header + String(repeating: "x", count: size - header.utf8.count)
    }

    /// Finds a payload in one received line (a JSON frame or a text line). - Returns: nil if there is none.
    public static func parse(_ line: UnsafeRawBufferPointer) -> BenchPayload? {
        guard let tilde = line.firstIndex(of: UInt8(ascii: "~")) else { return nil }
        var index = tilde + 1
        func number() -> UInt64? {
            var value: UInt64 = 0
            let start = index
            while index < line.count, line[index] >= 48, line[index] <= 57 {
                value = value &* 10 &+ UInt64(line[index] - 48)
                index += 1
            }
            guard index > start, index < line.count, line[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            return value
        }
        guard let run = number(), let sender = number(), let sequence = number(), let nanos = number(),
            run <= UInt64(UInt32.max), sender < UInt64(Int.max)
        else { return nil }
        return BenchPayload(run: UInt32(run), sender: Int(sender), sequence: sequence, sentNanoseconds: nanos)
    }
}
