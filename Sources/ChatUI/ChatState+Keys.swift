extension ChatState {
    /// Handles one key. - Returns: what the app must do.
    mutating func press(_ key: Key) -> [ChatEffect] {
        if let effects = self.confirmDrop(key) { return effects }
        if key != .tab { self.completer.reset() }
        switch key {
        case .character(let character):
            self.editor.insert(String(character))
        case .enter:
            return self.enqueue(self.submit())
        case .paste(let text):
            return self.paste(text)
        case .backspace: self.editor.backspace()
        case .delete: self.editor.deleteForward()
        case .left: self.editor.moveLeft()
        case .right: self.editor.moveRight()
        case .home: self.editor.moveHome()
        case .end:
            // End at the end of the input (or on an empty one) jumps the log back to the bottom.
            if self.editor.cursor == self.editor.characters.count { self.buffers[self.currentIndex].scrollOffset = 0 }
            self.editor.moveEnd()
        case .up: self.editor.historyPrevious()
        case .down: self.editor.historyNext()
        case .tab:
            self.completer.complete(in: &self.editor, names: self.completionNames(), commands: Self.commands)
        case .pageUp: return self.scrollUp(by: max(1, self.logSize.height - 1))
        case .pageDown: self.scroll(by: -max(1, self.logSize.height - 1))
        case .mouseWheelUp: return self.scrollUp(by: 3)
        case .mouseWheelDown: self.scroll(by: -3)
        case .escape: self.buffers[self.currentIndex].scrollOffset = 0
        case .control("c"):
            return [.quit]
        case .control("d"):
            // On an empty line: quit once the queued lines are sent (Ctrl-C twice drops them).
            if self.editor.isEmpty { return self.enqueue([.quit]) }
            self.editor.deleteForward()
        case .control("a"): self.editor.moveHome()
        case .control("e"): self.editor.moveEnd()
        case .control("b"): self.editor.moveLeft()
        case .control("f"): self.editor.moveRight()
        case .control("u"): self.editor.killToStart()
        case .control("k"): self.editor.killToEnd()
        case .control("w"): self.editor.deleteWordBackward()
        case .control("y"): self.editor.yank()
        case .control("h"): self.editor.backspace()
        // Buffers, as WeeChat and irssi have them: Alt-1..Alt-9 (Alt-0 the tenth), previous and next, activity.
        case .control("p"), .alt(.left): self.selectRelative(-1)
        case .control("n"), .alt(.right): self.selectRelative(1)
        case .alt(.character("a")), .alt(.character("A")): self.selectNextActivity()
        case .alt(.character(let digit)) where digit.isASCII && digit.isNumber:
            let number = Int(String(digit)) ?? 0
            self.activityOrigin = nil
            self.select(number == 0 ? 9 : number - 1)
        case .alt(.character("b")), .alt(.character("B")), .controlLeft: self.editor.moveWordLeft()
        case .alt(.character("f")), .alt(.character("F")), .controlRight: self.editor.moveWordRight()
        case .alt(.backspace): self.editor.killWordBackward()
        case .alt(.character("d")), .alt(.character("D")): self.editor.killWordForward()
        case .control, .alt, .resize, .unknown:
            break
        }
        return []
    }

    /// Enter: the line, recorded in history, goes as `route` says.
    private mutating func submit() -> [ChatEffect] {
        guard let line = self.editor.submit() else { return [] }
        return self.route(line, pasted: false)
    }

    /// A paste. Without a line break it is inserted at the cursor, like typing. With one, it is as if typed with
    /// Enter at each break: the first line joins what is being typed (before and after the cursor), every line
    /// ended by a break is sent in order through the queue (paced, not recorded in history, blank ones skipped),
    /// and what follows the last break stays in the input line to be finished. Offline, the lines wait in the
    /// queue for the connection.
    private mutating func paste(_ text: String) -> [ChatEffect] {
        var lines = Self.lines(of: text)
        guard lines.count > 1 else {
            self.editor.insert(text)
            return []
        }
        let tail = lines.removeLast()
        self.editor.insert(lines[0])
        lines[0] = self.editor.takeLine()
        var effects: [ChatEffect] = []
        var sent = 0
        for line in lines.map({ DisplaySanitizer.cleanInput($0) }) where line.contains(where: { !$0.isWhitespace }) {
            effects += self.route(line, pasted: true)
            sent += 1
        }
        self.editor.insert(tail)
        if sent > 0 && self.connection != .connected {
            self.local(.notice, "not connected: the \(sent) pasted line(s) wait in the queue and go once connected")
        }
        return self.enqueue(effects)
    }

    /// `text` cut at its line breaks (CR, LF, CR LF); n breaks give n + 1 parts.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            if scalar == "\r" || (scalar == "\n" && !afterCarriageReturn) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else if scalar != "\n" {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// One line to act on: local commands here, room and conversation commands in `command(_:word:sendable:)`,
    /// everything else to the server for the buffer shown. A typed line with no connection is not sent (it stays in
    /// the input history); a pasted one waits in the queue for the connection.
    private mutating func route(_ line: String, pasted: Bool) -> [ChatEffect] {
        self.buffers[self.currentIndex].scrollOffset = 0
        let sendable = self.connection == .connected || pasted
        let word = line.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch word {
        case "/clear":
            self.buffers[self.currentIndex].clear()
            return []
        case "/help":
            self.local(.notice, Self.localHelp)
            return sendable ? [.send(line)] : []
        case "/quit", "/exit", "/bye":
            return sendable ? [.send(line), .quit] : [.quit]
        default:
            return self.command(line, word: word, sendable: sendable)
        }
    }

    /// Moves the view up (positive) or down by `rows`, never past the oldest line or below the bottom.
    private mutating func scroll(by rows: Int) {
        self.buffers[self.currentIndex].scroll(by: rows, logSize: self.logSize)
    }

    static let localHelp = """
        Keys: Enter send · Tab complete names, /commands and rooms · Up/Down input history · PgUp/PgDn (or the \
        wheel) scroll, past the top into the room's older history · End or Esc back to the bottom · Esc Esc drops lines still queued · Ctrl-A/E start/end · \
        Alt-B/F or Ctrl-Left/Right a word back/on · Ctrl-U/K/W delete to start/end/word · \
        Alt-Backspace/Alt-D delete a word back/on · Ctrl-C, or Ctrl-D on an empty line, quit.
        Rooms: Alt-1..Alt-9 go to room N · Alt-Left/Right or Ctrl-P/N the previous/next · Alt-A the next with \
        activity (mentions and private messages first).
        Local commands: /clear empties the log · /query NAME opens a private conversation (typing there sends \
        private messages) · /close closes it, or leaves the room shown · /join ROOM shows a room you are in · \
        /help shows this and the server's commands.
        """
}
