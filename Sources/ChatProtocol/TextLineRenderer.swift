/// Renders frames as readable lines for plain-text clients (nc, telnet, the seeds' Go client).
///
/// Every line names its sender, e.g. `[12:03:04] alice: hello` or `-!- bob joined (3 online)`, and ends
/// in "\r\n" so telnet shows it right too. Multi-line server texts (help) become several lines.
public struct TextLineRenderer: Sendable {
    /// The offset from UTC, in seconds, of the clock shown in `[HH:MM:SS]`.
    public var utcOffsetSeconds: Int
    /// The room whose lines are not marked with its name (everyone's room; a client of one room sees no names).
    public var defaultRoom: String

    public init(utcOffsetSeconds: Int = 0, defaultRoom: String = "lobby") {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.defaultRoom = defaultRoom
    }

    /// At most 30 names, then how many more.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(30).joined(separator: ", ")
        return names.count > 30 ? shown + " and \(names.count - 30) more" : shown
    }

    /// The text for one frame, with "\r\n" after every line.
    ///
    /// Server notices start every line with `-!-`; what users typed (text, names, a quit reason) goes through
    /// `TextForgeryGuard`, so it can neither show that marker nor a `[12:03:04]` time at the start of a screen row.
    public func render(_ message: Message) -> String {
        let time =
            message.ts.flatMap(Timestamp.parse).map {
                "[" + Timestamp.clock(millisecondsSince1970: $0, utcOffsetSeconds: self.utcOffsetSeconds) + "] "
            } ?? ""
        let history = message.replay == true ? "(history) " : ""
        let from = TextForgeryGuard.defuse(message.dataSource)
        let said = TextForgeryGuard.defuse(message.data)
        // "#dev " before what is said in a room other than the default one (room names cannot hold markers).
        let room = message.room.flatMap { $0 == self.defaultRoom ? nil : "#\($0)" }
        let inRoom = room.map { $0 + " " } ?? ""
        let notice: String
        switch message.type {
        case .chat:
            return Self.lines("\(time)\(history)\(inRoom)\(from): \(said)")
        case .me:
            return Self.lines("\(time)\(history)\(inRoom)* \(from) \(said)")
        case .private:
            let to = TextForgeryGuard.defuse(message.to ?? "?")
            return Self.lines("\(time)[private] \(from) -> \(to): \(said)")
        case .rename:
            notice = "\(inRoom)\(from) is now known as \(said)"
        case .leave where message.users != nil:
            notice = said
        case .leave:
            notice = "\(from) left\(room.map { " " + $0 } ?? "") (\(said))"
        case .join:
            notice = said
        case .welcome:
            // In a big room the list is of who spoke lately, not of everyone.
            let label = (message.online ?? 0) > (message.users?.count ?? 0) ? "spoke lately" : "online"
            notice =
                message.data + (message.users.map { "\n\(label): " + Self.list($0.map(TextForgeryGuard.defuse)) } ?? "")
        case .users:
            // The names in it are users' own.
            notice = said
        case .system:
            notice = message.data
        case .error:
            notice = "error: " + message.data
        case .pong:
            notice = "pong"
        case .topic where message.dataSource == Message.serverSource:
            notice = message.data.isEmpty ? "\(inRoom)no topic" : "topic of \(room ?? "the room"): \(said)"
        case .topic:
            notice =
                message.data.isEmpty
                ? "\(from) cleared the topic\(room.map { " of " + $0 } ?? "")"
                : "\(from) set the topic\(room.map { " of " + $0 } ?? ""): \(said)"
        case .rooms:
            // One line per room; the topics in it are users' own.
            notice = message.data.split(separator: "\n", omittingEmptySubsequences: false)
                .map { TextForgeryGuard.defuse(String($0)) }.joined(separator: "\n")
        case .gap:
            notice = "\(inRoom)\(message.data)"
        case .hello, .ping, .history, .replayEnd:
            notice = said
        }
        return Self.lines(notice, marker: TextForgeryGuard.noticeMarker + " ")
    }

    /// Each line of `body` (split at "\n"), with `marker` before it and "\r\n" after it.
    private static func lines(_ body: String, marker: String = "") -> String {
        var text = ""
        text.reserveCapacity(body.utf8.count + 2 + marker.utf8.count)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            text += marker
            text += line
            text += "\r\n"
        }
        return text
    }
}
