/// One command of the registry: its names, usage and help text, and how it turns arguments into a command.
///
/// `/help` is generated from the registry, so adding a command here documents it too.
public struct CommandSpec: Sendable {
    /// The canonical name, without the slash.
    public let name: String
    /// Other spellings, without the slash.
    public let aliases: [String]
    /// E.g. "/msg NAME TEXT".
    public let usage: String
    /// One line saying what it does.
    public let summary: String
    /// Turns the argument text (after the name, trimmed) into a command, or nil for a usage error.
    let make: @Sendable (String) -> ChatCommand?

    /// The commands the server understands, in the order `/help` lists them.
    public static let all: [CommandSpec] =
        [
            CommandSpec(name: "who", aliases: ["names"], usage: "/who [ROOM]", summary: "list who is in the room") {
                $0.isEmpty ? .who(nil) : ($0.contains(" ") ? nil : .who($0))
            },
            CommandSpec(name: "join", aliases: ["j"], usage: "/join ROOM", summary: "join a room (created if need be)")
            {
                $0.isEmpty || $0.contains(" ") ? nil : .join($0)
            },
            CommandSpec(
                name: "part", aliases: ["leave"], usage: "/part [ROOM] [REASON]",
                summary: "leave a room (this one by default)"
            ) { .part($0) },
            CommandSpec(name: "rooms", aliases: ["list"], usage: "/rooms", summary: "list the rooms") { _ in .rooms },
            CommandSpec(
                name: "topic", aliases: [], usage: "/topic [TEXT]", summary: "show or set the topic (-delete clears it)"
            ) { $0.isEmpty ? .topic(nil) : .topic($0) },
            CommandSpec(name: "nick", aliases: ["name", "rename"], usage: "/nick NAME", summary: "change your name") {
                $0.isEmpty || $0.contains(" ") ? nil : .nick($0)
            },
            CommandSpec(
                name: "msg", aliases: ["query", "tell", "w"], usage: "/msg NAME TEXT", summary: "send a private message"
            ) {
                let parts = $0.split(separator: " ", maxSplits: 1).map { String($0) }
                guard parts.count == 2, let text = parts.last?.trimmingSpaces, !text.isEmpty else { return nil }
                return .msg(to: parts[0], text: text)
            },
            CommandSpec(
                name: "me", aliases: ["action"], usage: "/me TEXT", summary: "say what you are doing (* alice waves)"
            ) {
                $0.isEmpty ? nil : .me($0)
            },
            CommandSpec(
                name: "quit", aliases: ["exit", "bye"], usage: "/quit [REASON]", summary: "leave the server"
            ) {
                .quit(reason: $0.isEmpty ? nil : $0)
            },
            CommandSpec(name: "help", aliases: ["?", "commands"], usage: "/help", summary: "show this help") { _ in
                .help
            },
        ] + accountCommands

    /// Accounts, then what operators may do; listed after the everyday commands.
    static let accountCommands: [CommandSpec] = [
        CommandSpec(
            name: "register", aliases: [], usage: "/register PASSWORD", summary: "make your name an account"
        ) { Self.words($0, 1).map { .register(password: $0[0]) } },
        CommandSpec(
            name: "login", aliases: ["identify"], usage: "/login NAME PASSWORD", summary: "log in to your account"
        ) { Self.words($0, 2).map { .login(name: $0[0], password: $0[1]) } },
        CommandSpec(name: "logout", aliases: [], usage: "/logout", summary: "log out (you become a guest)") {
            $0.isEmpty ? .logout : nil
        },
        CommandSpec(name: "passwd", aliases: ["password"], usage: "/passwd OLD NEW", summary: "change your password") {
            Self.words($0, 2).map { .passwd(old: $0[0], new: $0[1]) }
        },
        CommandSpec(
            name: "unregister", aliases: [], usage: "/unregister PASSWORD", summary: "delete your account"
        ) { Self.words($0, 1).map { .unregister(password: $0[0]) } },
        CommandSpec(name: "op", aliases: [], usage: "/op NAME", summary: "make an account an operator (operators)") {
            Self.words($0, 1).map { .op($0[0]) }
        },
        CommandSpec(name: "deop", aliases: [], usage: "/deop NAME", summary: "take operator away (operators)") {
            Self.words($0, 1).map { .deop($0[0]) }
        },
        CommandSpec(
            name: "kick", aliases: [], usage: "/kick NAME [REASON]", summary: "disconnect someone (operators)"
        ) {
            let parts = $0.split(separator: " ", maxSplits: 1).map { String($0) }
            guard let target = parts.first else { return nil }
            return .kick(target, reason: parts.count > 1 ? parts[1].trimmingSpaces : nil)
        },
        CommandSpec(
            name: "ban", aliases: [], usage: "/ban NAME|ip=ADDR|account=NAME [DURATION] [REASON]",
            summary: "keep someone out: their address and account (operators)"
        ) { Self.restriction($0).map { .ban($0.0, milliseconds: $0.1, reason: $0.2) } },
        CommandSpec(
            name: "unban", aliases: [], usage: "/unban ID|NAME|ip=ADDR|account=NAME", summary: "lift a ban (operators)"
        ) { Self.words($0, 1).map { .unban($0[0]) } },
        CommandSpec(name: "bans", aliases: [], usage: "/bans", summary: "list bans and mutes (operators)") {
            $0.isEmpty ? .bans : nil
        },
        CommandSpec(
            name: "mute", aliases: [], usage: "/mute NAME [DURATION] [REASON]",
            summary: "let someone read but not speak (operators)"
        ) { Self.restriction($0).map { .mute($0.0, milliseconds: $0.1, reason: $0.2) } },
        CommandSpec(name: "unmute", aliases: [], usage: "/unmute NAME", summary: "let someone speak again (operators)")
        {
            Self.words($0, 1).map { .unmute($0[0]) }
        },
    ]

    /// Exactly `count` words separated by spaces (a password has no spaces), or nil.
    private static func words(_ arguments: String, _ count: Int) -> [String]? {
        let words = arguments.split(separator: " ").map { String($0) }
        return words.count == count ? words : nil
    }

    /// `TARGET [DURATION] [REASON]`: a second word that starts with a digit is a duration (30m, 1h, 7d), and one
    /// that does not read as one (`10min`, `2y`, `0`, too long) makes the command a usage error: taken as the
    /// reason, it would make the ban or mute permanent without a word.
    private static func restriction(_ arguments: String) -> (String, Int64?, String?)? {
        let parts = arguments.split(separator: " ", maxSplits: 1).map { String($0) }
        guard let target = parts.first else { return nil }
        guard parts.count > 1 else { return (target, nil, nil) }
        let rest = parts[1].trimmingSpaces
        let words = rest.split(separator: " ", maxSplits: 1).map { String($0) }
        if let first = words.first, first.first?.isASCII == true, first.first?.isNumber == true {
            guard let milliseconds = DurationText.milliseconds(first), milliseconds > 0 else { return nil }
            let reason = words.count > 1 ? words[1].trimmingSpaces : nil
            return (target, milliseconds, reason?.isEmpty == true ? nil : reason)
        }
        return (target, nil, rest.isEmpty ? nil : rest)
    }

    /// Finds a command by name or alias, ignoring case.
    public static func named(_ name: String) -> CommandSpec? {
        let name = name.lowercased()
        return self.all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// The help text: one line per command, plus the escapes and the seeds' spellings.
    public static let helpText: String = {
        let width = all.map(\.usage.count).max() ?? 0
        var lines = ["Commands:"]
        for spec in all {
            lines.append("  " + spec.usage.padding(to: width) + "  " + spec.summary)
        }
        lines.append("  " + "//TEXT".padding(to: width) + "  send TEXT starting with a slash")
        lines.append("Also understood: who, who online, rename|NAME, exit, quit.")
        return lines.joined(separator: "\n")
    }()
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }

    func padding(to width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }
}
