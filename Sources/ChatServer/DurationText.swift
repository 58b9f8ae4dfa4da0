/// Durations as an operator types them: `30d`, `24h`, `90m`, `45s`, or a plain number of seconds.
public enum DurationText {
    /// Milliseconds, or nil for anything else (negative, empty, an unknown unit, too large).
    public static func milliseconds(_ text: String) -> Int64? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400]
        var number = Substring(text.trimmingSpaces)
        var scale = 1.0
        if let last = number.last, let unit = units[last] {
            scale = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let milliseconds = value * scale * 1000
        guard milliseconds < 1e15 else { return nil }
        return Int64(milliseconds)
    }
}
