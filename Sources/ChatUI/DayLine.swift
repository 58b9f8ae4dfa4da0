import ChatProtocol

/// The date line the log shows when the day changes: "Wednesday 2 December 2026". Pure arithmetic on days since
/// 1970-01-01 (the calendar date comes from `Timestamp`, the protocol's one calendar).
enum DayLine {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The local day (days since 1970-01-01) of a time in milliseconds since 1970, shifted by a UTC offset.
    static func day(ofMilliseconds ms: Int64, utcOffsetSeconds: Int) -> Int64 {
        let local = ms + Int64(utcOffsetSeconds) * 1000
        return local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
    }

    /// "Weekday D Month YYYY" of a day since 1970-01-01.
    static func text(forDay day: Int64) -> String {
        // "2026-12-02T00:00:00.000Z": the civil date is the first ten characters.
        let date = Array(Timestamp.format(millisecondsSince1970: day * 86_400_000).utf8.prefix(10))
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(date[$1]) - 48 } }
        let weekday = Int(((day % 7) + 7 + 4) % 7)  // 1970-01-01 was a Thursday
        // Server times are parsed as four-digit years, so this holds; a wrong date is better than a trap if not.
        guard date.count == 10, date[4] == 45, date[7] == 45, (1...12).contains(number(5..<7)) else {
            return self.weekdays[weekday]
        }
        return "\(self.weekdays[weekday]) \(number(8..<10)) \(self.months[number(5..<7) - 1]) \(number(0..<4))"
    }
}
