/// Reads a few fields out of one server frame's raw JSON bytes, without decoding it: what the bench needs to resume
/// (`server`, `session`, `seqs` of a welcome; `seq` and `replay` of a room message).
///
/// The server writes every frame with sorted keys and no spaces (`"seq":42`), and escapes every `"` inside a string
/// as `\"`, so a key in quotes followed by a colon is found only where it is a key: no text a user sends can forge one.
enum FrameFields {
    /// `"seqs":{`
    static let seqs = Array(#""seqs":{"#.utf8)
    /// `"server":"`
    static let server = Array(#""server":""#.utf8)
    /// `"session":"`
    static let session = Array(#""session":""#.utf8)
    /// `"replay":true`
    static let replayed = Array(#""replay":true"#.utf8)
    /// `"missing":` (of a gap)
    static let missing = Array(#""missing":"#.utf8)
    /// `"type":"`
    static let type = Array(#""type":""#.utf8)

    /// Where `marker` first starts in `line`, from `start` on. - Returns: nil if it is not there.
    static func find(_ marker: [UInt8], in line: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let first = marker.first, line.count >= marker.count, start >= 0 else { return nil }
        var index = start
        while index + marker.count <= line.count {
            if line[index] == first, line[index..<index + marker.count].elementsEqual(marker) { return index }
            index += 1
        }
        return nil
    }

    /// Where `marker` last starts in `line`: for keys near a frame's end (`seq`, `type`), found in a few dozen bytes
    /// instead of the whole line. - Returns: nil if it is not there.
    static func findLast(_ marker: [UInt8], in line: UnsafeRawBufferPointer) -> Int? {
        guard let first = marker.first, line.count >= marker.count else { return nil }
        var index = line.count - marker.count
        while index >= 0 {
            if line[index] == first {
                var matched = 1
                while matched < marker.count, line[index + matched] == marker[matched] { matched += 1 }
                if matched == marker.count { return index }
            }
            index -= 1
        }
        return nil
    }

    /// A room message's `seq`: the number after the last `"seq":` (only `ts`, `to` and `type` follow it). Looked for
    /// first where a chat frame has it, just before `,"ts":"<24 characters>","type":"chat"}`, then by its `q`, which
    /// none of the keys after it has. - Returns: nil if there is no `"seq":` followed by a number.
    static func lastSeq(in line: UnsafeRawBufferPointer) -> UInt64? {
        let end = line.count - Self.chatTail
        if end > 5, line[end] == UInt8(ascii: ","), line[end + 2] == UInt8(ascii: "t"),
            line[end + 3] == UInt8(ascii: "s")
        {
            var start = end
            while start > 0, line[start - 1] >= 48, line[start - 1] <= 57 { start -= 1 }
            if start < end, start >= 6, self.isSeqKey(line, before: start) {
                return self.number(in: line, at: start)?.value
            }
        }
        // `"seq":` is 6 bytes, its q the fourth: 3 bytes before it and 2 after.
        var index = line.count - 3
        while index >= 3 {
            if line[index] == UInt8(ascii: "q"), self.isSeqKey(line, before: index + 3) {
                return self.number(in: line, at: index + 3)?.value
            }
            index -= 1
        }
        return nil
    }

    /// What follows a chat frame's seq: `,"ts":"`, a 24-character time, `"` and `,"type":"chat"}`.
    private static let chatTail = 7 + 24 + 1 + 15

    /// Whether the 6 bytes before `end` are `"seq":` (`end` at least 6).
    private static func isSeqKey(_ line: UnsafeRawBufferPointer, before end: Int) -> Bool {
        line[end - 6] == UInt8(ascii: "\"") && line[end - 5] == UInt8(ascii: "s") && line[end - 4] == UInt8(ascii: "e")
            && line[end - 3] == UInt8(ascii: "q") && line[end - 2] == UInt8(ascii: "\"")
            && line[end - 1] == UInt8(ascii: ":")
    }

    /// The frame's `type`, raw: the last `"type":"` of the line (only `users` follows it). - Returns: nil if there
    /// is none.
    static func type(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let at = self.findLast(self.type, in: line),
            let value = self.rawString(in: line, from: at + self.type.count)
        else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[value])
    }

    /// Whether `marker` is in `line`.
    static func contains(_ marker: [UInt8], in line: UnsafeRawBufferPointer) -> Bool {
        self.find(marker, in: line) != nil
    }

    /// The unsigned number after the first `key` (a marker ending in its colon). - Returns: nil if there is no such
    /// key, or no number (or one past `UInt64`) after it.
    static func unsigned(after key: [UInt8], in line: UnsafeRawBufferPointer) -> UInt64? {
        guard let at = self.find(key, in: line) else { return nil }
        return self.number(in: line, at: at + key.count)?.value
    }

    /// The raw bytes of the string after `key` (a marker ending in its opening quote), escapes left as they are, so
    /// that they can be written back into JSON unchanged. - Returns: nil if there is no such key or no closing quote.
    static func string(after key: [UInt8], in line: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let at = self.find(key, in: line) else { return nil }
        return self.rawString(in: line, from: at + key.count).map { Array(line[$0]) }
    }

    /// The entries of the object after `key` (a marker ending in `{`) whose values are unsigned numbers: for a welcome's
    /// `seqs`. Names are raw JSON string bytes, as `string(after:in:)` gives them. - Returns: nil if there is no such
    /// key or the object is not one of names and numbers.
    static func seqEntries(after key: [UInt8], in line: UnsafeRawBufferPointer) -> [(name: [UInt8], seq: UInt64)]? {
        guard let at = self.find(key, in: line) else { return nil }
        var index = at + key.count
        var entries: [(name: [UInt8], seq: UInt64)] = []
        while index < line.count {
            if line[index] == UInt8(ascii: "}") { return entries }
            if !entries.isEmpty {
                guard line[index] == UInt8(ascii: ","), index + 1 < line.count else { return nil }
                index += 1
            }
            guard line[index] == UInt8(ascii: "\""), let name = self.rawString(in: line, from: index + 1) else {
                return nil
            }
            index = name.upperBound + 1
            guard index < line.count, line[index] == UInt8(ascii: ":"),
                let (seq, end) = self.number(in: line, at: index + 1)
            else { return nil }
            entries.append((Array(line[name]), seq))
            index = end
        }
        return nil
    }

    /// The string's bytes from `start` (just after its opening quote) to its closing quote, not included.
    private static func rawString(in line: UnsafeRawBufferPointer, from start: Int) -> Range<Int>? {
        var index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return start..<index
            default: index += 1
            }
        }
        return nil
    }

    /// The decimal number starting at `start`, and where it ends; nil past `UInt64` (only a 20th digit can take it
    /// there, so the first 19 are added without overflow checks).
    private static func number(in line: UnsafeRawBufferPointer, at start: Int) -> (value: UInt64, end: Int)? {
        var value: UInt64 = 0
        var index = start
        while index < line.count, index - start < 19, line[index] >= 48, line[index] <= 57 {
            value = value &* 10 &+ UInt64(line[index] - 48)
            index += 1
        }
        while index < line.count, line[index] >= 48, line[index] <= 57 {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(line[index] - 48))
            guard !overflow, !carry else { return nil }
            value = sum
            index += 1
        }
        return index > start ? (value, index) : nil
    }
}
