/// Renders frames as readable lines for plain-text clients (nc, telnet, the seeds' Go client).
///
/// Every line names its sender, e.g. `[12:03:04] alice: hello` or `* bob joined (3 online)`, and ends
/// in "\r\n" so telnet shows it right too. Multi-line server texts (help) become several lines.
public struct TextLineRenderer: Sendable {
    /// The offset from UTC, in seconds, of the clock shown in `[HH:MM:SS]`.
    public var utcOffsetSeconds: Int

    public init(utcOffsetSeconds: Int = 0) {
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// At most 30 names, then how many more.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(30).joined(separator: ", ")
        return names.count > 30 ? shown + " and \(names.count - 30) more" : shown
    }

    /// The text for one frame, with "\r\n" after every line.
    public func render(_ message: Message) -> String {
        let time = message.ts.flatMap(Timestamp.parse).map {
            "[" + Timestamp.clock(millisecondsSince1970: $0, utcOffsetSeconds: self.utcOffsetSeconds) + "] "
        } ?? ""
        let history = message.replay == true ? "(history) " : ""
        let body: String
        switch message.type {
        case .chat:
            body = "\(time)\(history)\(message.dataSource): \(message.data)"
        case .me:
            body = "\(time)\(history)* \(message.dataSource) \(message.data)"
        case .private:
            body = "\(time)[private] \(message.dataSource) -> \(message.to ?? "?"): \(message.data)"
        case .rename:
            body = "* \(message.dataSource) is now known as \(message.data)"
        case .leave where message.users != nil:
            body = "* " + message.data
        case .leave:
            body = "* \(message.dataSource) left (\(message.data))"
        case .welcome:
            // In a big room the list is of who spoke lately, not of everyone.
            let label = (message.online ?? 0) > (message.users?.count ?? 0) ? "spoke lately" : "online"
            body = "* " + message.data + (message.users.map { "\n* \(label): " + Self.list($0) } ?? "")
        case .join, .system, .users:
            body = "* " + message.data
        case .error:
            body = "! " + message.data
        case .pong:
            body = "* pong"
        case .hello, .ping:
            body = "* " + message.data
        }
        var text = ""
        text.reserveCapacity(body.utf8.count + 2)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            text += line
            text += "\r\n"
        }
        return text
    }
}
