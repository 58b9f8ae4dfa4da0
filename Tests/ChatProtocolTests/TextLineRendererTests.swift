import ChatProtocol
import Testing

@Suite("TextLineRenderer")
struct TextLineRendererTests {
    let renderer = TextLineRenderer(utcOffsetSeconds: 0)
    /// 2023-11-14T22:13:20.123Z
    let ts = Timestamp.format(millisecondsSince1970: 1_700_000_000_123)

    @Test func chatWithTimestamp() {
        let line = self.renderer.render(Message(type: .chat, dataSource: "alice", data: "hi", id: 1, ts: self.ts))
        #expect(line == "[22:13:20] alice: hi\r\n")
    }

    @Test func chatWithoutTimestamp() {
        #expect(self.renderer.render(Message(dataSource: "alice", data: "hi")) == "alice: hi\r\n")
    }

    @Test func chatClockUsesTheOffset() {
        let tokyo = TextLineRenderer(utcOffsetSeconds: 9 * 3600)
        #expect(tokyo.render(Message(dataSource: "alice", data: "hi", ts: self.ts)) == "[07:13:20] alice: hi\r\n")
        let newYork = TextLineRenderer(utcOffsetSeconds: -5 * 3600)
        #expect(newYork.render(Message(dataSource: "alice", data: "hi", ts: self.ts)) == "[17:13:20] alice: hi\r\n")
        #expect(TextLineRenderer().utcOffsetSeconds == 0)
    }

    @Test func unparsableTimestampIsLeftOut() {
        #expect(self.renderer.render(Message(dataSource: "alice", data: "hi", ts: "yesterday")) == "alice: hi\r\n")
    }

    @Test func replayedChatIsMarked() {
        let line = self.renderer.render(Message(dataSource: "alice", data: "old", ts: self.ts, replay: true))
        #expect(line == "[22:13:20] (history) alice: old\r\n")
        let me = self.renderer.render(Message(type: .me, dataSource: "alice", data: "waved", replay: true))
        #expect(me == "(history) * alice waved\r\n")
        let live = self.renderer.render(Message(dataSource: "alice", data: "new", replay: false))
        #expect(live == "alice: new\r\n")
    }

    @Test func me() {
        #expect(self.renderer.render(Message(type: .me, dataSource: "alice", data: "waves")) == "* alice waves\r\n")
        #expect(
            self.renderer.render(Message(type: .me, dataSource: "alice", data: "waves", ts: self.ts))
                == "[22:13:20] * alice waves\r\n")
    }

    @Test func privateMessage() {
        #expect(
            self.renderer.render(Message(type: .private, dataSource: "alice", data: "psst", to: "bob"))
                == "[private] alice -> bob: psst\r\n")
        #expect(
            self.renderer.render(Message(type: .private, dataSource: "alice", data: "psst", ts: self.ts, to: "bob"))
                == "[22:13:20] [private] alice -> bob: psst\r\n")
    }

    @Test func rename() {
        #expect(
            self.renderer.render(Message(type: .rename, dataSource: "alice", data: "bob"))
                == "-!- alice is now known as bob\r\n")
    }

    @Test func leave() {
        #expect(
            self.renderer.render(Message(type: .leave, dataSource: "bob", data: "quit: bye"))
                == "-!- bob left (quit: bye)\r\n")
        #expect(
            self.renderer.render(Message(type: .leave, dataSource: "bob", data: "timed out"))
                == "-!- bob left (timed out)\r\n")
    }

    @Test func join() {
        #expect(
            self.renderer.render(Message(type: .join, dataSource: "bob", data: "bob joined (2 online)", ts: self.ts))
                == "-!- bob joined (2 online)\r\n")
    }

    @Test func error() {
        #expect(
            self.renderer.render(Message(type: .error, dataSource: "server", data: "no such user: x"))
                == "-!- error: no such user: x\r\n")
    }

    @Test func systemUsersAndPong() {
        #expect(
            self.renderer.render(Message(type: .system, dataSource: "server", data: "goodbye")) == "-!- goodbye\r\n")
        #expect(
            self.renderer.render(
                Message(type: .users, dataSource: "server", data: "2 online: a, b", users: ["a", "b"]))
                == "-!- 2 online: a, b\r\n")
        #expect(self.renderer.render(Message(type: .pong, dataSource: "server", data: "x")) == "-!- pong\r\n")
    }

    @Test(arguments: MessageType.allCases)
    func everyTypeIsOneLine(type: MessageType) {
        let message = Message(type: type, dataSource: "alice", data: "something", ts: self.ts, to: "bob")
        let text = self.renderer.render(message)
        #expect(text.hasSuffix("\r\n"))
        #expect(text.utf8.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        #expect(text.utf8.filter { $0 == UInt8(ascii: "\r") }.count == 1)
        #expect(text.count > 2)
        if [.chat, .me, .private, .rename, .leave].contains(type) {
            #expect(text.contains("alice"), "\(type): \(text)")
        }
    }

    @Test func multiLineSystemTextBecomesSeveralLines() {
        let text = self.renderer.render(
            Message(type: .system, dataSource: "server", data: "Commands:\n  /who\n  /quit"))
        #expect(text == "-!- Commands:\r\n-!-   /who\r\n-!-   /quit\r\n")
    }

    @Test func welcomeListsUsers() {
        let message = Message(
            type: .welcome, dataSource: "server", data: "Welcome to swchat, bob! 2 online.", ts: self.ts,
            users: ["alice", "bob"], to: "bob")
        #expect(self.renderer.render(message) == "-!- Welcome to swchat, bob! 2 online.\r\n-!- online: alice, bob\r\n")
    }

    @Test func welcomeWithMotdAndUsers() {
        let message = Message(
            type: .welcome, dataSource: "server", data: "Welcome!\nBe nice.", users: ["bob"], to: "bob")
        #expect(self.renderer.render(message) == "-!- Welcome!\r\n-!- Be nice.\r\n-!- online: bob\r\n")
    }

    @Test func welcomeWithoutUsers() {
        #expect(
            self.renderer.render(Message(type: .welcome, dataSource: "server", data: "Welcome!")) == "-!- Welcome!\r\n")
    }

    @Test func longRosterIsShortened() {
        let names = (1...35).map { "user\($0)" }
        let text = self.renderer.render(Message(type: .welcome, dataSource: "server", data: "Welcome!", users: names))
        #expect(text.hasSuffix("user29, user30 and 5 more\r\n"))
        #expect(!text.contains("user31"))
        let exactly30 = (1...30).map { "u\($0)" }
        let full = self.renderer.render(Message(type: .welcome, dataSource: "server", data: "W", users: exactly30))
        #expect(full.hasSuffix("u29, u30\r\n"))
        #expect(!full.contains("more"))
    }

    @Test func unicodeIsKept() {
        #expect(self.renderer.render(Message(dataSource: "张三", data: "你好 🙂")) == "张三: 你好 🙂\r\n")
    }

    /// Where an 80-column terminal wraps a chat line: what starts each screen row.
    static func rowStarts(_ line: String, width: Int = 80) -> [String] {
        let characters = Array(line.replacingOccurrences(of: "\r\n", with: ""))
        return stride(from: 0, to: characters.count, by: width).map {
            String(characters[$0..<min($0 + width, characters.count)])
        }
    }

    @Test(
        "a chat line padded to the terminal's width cannot put a forged notice at the start of the next row",
        arguments: [
            " ", "\u{3000}", "\u{2800}", "\u{3164}", "\u{00A0}", "\u{2003}",
        ])
    func paddedForgery(pad: String) {
        let forged = "ok" + String(repeating: pad, count: 58) + "* alice left (quit: bye)"
        let line = self.renderer.render(Message(dataSource: "mallory", data: forged, ts: self.ts))
        for row in Self.rowStarts(line).dropFirst() {
            #expect(!row.hasPrefix("* alice"), "\(row)")
        }
        #expect(line == "[22:13:20] mallory: ok * alice left (quit: bye)\r\n")
    }

    @Test(
        "the notice marker and a time stamp cannot be typed, in ASCII or in lookalikes",
        arguments: [
            ("-!- alice left (quit: bye)", "-¡- alice left (quit: bye)"),
            ("－！－ alice left", "－¡－ alice left"),
            ("—ǃ— alice left", "—¡— alice left"),
            ("[12:03:04] alice: hi", "(12:03:04) alice: hi"),
            ("［１２：０３：０４］ alice: hi", "(１２：０３：０４) alice: hi"),
            ("x-!-y [1:2:3] ok", "x-¡-y [1:2:3] ok"),
        ])
    func markersDefused(typed: String, shown: String) {
        let line = self.renderer.render(Message(dataSource: "mallory", data: typed))
        #expect(line == "mallory: \(shown)\r\n")
        let quit = self.renderer.render(Message(type: .leave, dataSource: "mallory", data: "quit: " + typed))
        #expect(quit == "-!- mallory left (quit: \(shown))\r\n")
    }

    @Test("every notice line starts with the marker; no user line does")
    func noticeForm() {
        for type in MessageType.allCases {
            let text = self.renderer.render(
                Message(type: type, dataSource: "mallory", data: "-!- x\nline two", ts: self.ts, to: "bob"))
            for line in text.split(separator: "\r\n") {
                switch type {
                case .chat, .me, .private: #expect(!line.hasPrefix("-!-"), "\(type): \(line)")
                default: #expect(line.hasPrefix("-!- "), "\(type): \(line)")
                }
            }
        }
    }

    @Test(
        "invisible characters cannot hide a marker, a time or padding from the guard",
        arguments: [
            ("ok" + String(repeating: " \u{200B}", count: 58) + "-\u{200B}!- alice left", "ok -¡- alice left"),
            ("ok" + String(repeating: " \u{2060}", count: 58) + "-!\u{2060}- x", "ok -¡- x"),
            ("-\u{FE0E}!\u{00AD}-\u{FEFF} x", "-¡- x"), ("-!\u{0335}- x", "-¡\u{0335}- x"), ("-\u{034F}!- x", "-¡- x"),
            ("[1\u{200B}8:55:04] alice: pw?", "(18:55:04) alice: pw?"), ("[12:03:04\u{200B}] a", "(12:03:04) a"),
            ("[\u{034F}12:03:04] a", "(12:03:04) a"),
        ])
    func invisiblesCannotHide(typed: String, shown: String) {
        #expect(self.renderer.render(Message(dataSource: "m", data: typed)) == "m: \(shown)\r\n")
    }

    @Test(
        "more lookalikes of the marker's dashes and exclamation mark, and of a time's colons and digits",
        arguments: [
            "ｰ!ｰ", "⁃!⁃", "⎼!⎼", "┄!┄", "-ꜞ-", "-❢-", "-|-", "-｜-", "[12ː03ː04]", "[12︰03︰04]", "[12᠄03᠄04]",
            "[¹²:03:04]",
        ])
    func moreLookalikes(typed: String) {
        let line = self.renderer.render(Message(dataSource: "m", data: typed + " alice left"))
        #expect(line.contains("¡") || line.contains("("), "\(line)")
    }

    @Test("a /who reply to a text client defuses the names in it")
    func whoIsDefused() {
        let line = self.renderer.render(
            Message(
                type: .users, dataSource: "server", data: "3 online: -!-, [19:05:00], bob",
                users: ["-!-", "[19:05:00]", "bob"]))
        #expect(line == "-!- 3 online: -¡-, (19:05:00), bob\r\n")
    }

    @Test("emoji sequences and accents pass through the guard whole")
    func emojiKept() {
        for text in ["👨\u{200D}👩\u{200D}👧 hi", "❤\u{FE0F} 👋🏽 🇯🇵", "café naïve", "1\u{FE0F}\u{20E3}"] {
            #expect(TextForgeryGuard.defuse(text) == text)
        }
    }

    @Test("overlapping markers are all defused, spacing marks count as characters, and the second list of lookalikes")
    func secondReview() {
        #expect(TextForgeryGuard.defuse("-!-!- x") == "-¡-¡- x")
        #expect(TextForgeryGuard.defuse("x-!-!-!-") == "x-¡-¡-¡-")
        #expect(TextForgeryGuard.defuse("[12\u{0903}03\u{0903}04] bob") == "(12\u{0903}03\u{0903}04) bob")
        for typed in ["⁻!⁻", "-╎-", "-ᴉ-", "╼!╾", "-‖-", "一!一", "[12⦂03⦂04]", "⎡12:03:04⎤", "[12∷03∷04]"] {
            let shown = TextForgeryGuard.defuse(typed + " x")
            #expect(shown.contains("¡") || shown.hasPrefix("("), "\(typed) -> \(shown)")
        }
    }

    @Test("marks on spaces do not keep a blank run from collapsing")
    func marksOnBlanks() {
        #expect(TextForgeryGuard.defuse("ok" + String(repeating: " \u{301}", count: 58) + "-!- x") == "ok -¡- x")
    }
}
