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
            if self.editor.cursor == self.editor.characters.count { self.scrollOffset = 0 }
            self.editor.moveEnd()
        case .up: self.editor.historyPrevious()
        case .down: self.editor.historyNext()
        case .tab:
            let names = TabCompleter.orderedNames(
                recentSpeakers: self.recentSpeakers, members: self.users.filter { $0 != self.myName })
            self.completer.complete(in: &self.editor, names: names, commands: Self.commands)
        case .pageUp: self.scroll(by: max(1, self.logSize.height - 1))
        case .pageDown: self.scroll(by: -max(1, self.logSize.height - 1))
        case .mouseWheelUp: self.scroll(by: 3)
        case .mouseWheelDown: self.scroll(by: -3)
        case .escape: self.scrollOffset = 0
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
        case .control("p"): self.editor.historyPrevious()
        case .control("n"): self.editor.historyNext()
        case .alt(.character("b")), .alt(.character("B")), .controlLeft, .alt(.left): self.editor.moveWordLeft()
        case .alt(.character("f")), .alt(.character("F")), .controlRight, .alt(.right): self.editor.moveWordRight()
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

    /// One line to act on: local commands here, everything else to the server. A typed line with no connection is
    /// not sent (it stays in the input history); a pasted one waits in the queue for the connection.
    private mutating func route(_ line: String, pasted: Bool) -> [ChatEffect] {
        self.scrollOffset = 0
        let sendable = self.connection == .connected || pasted
        let word = line.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch word {
        case "/clear":
            self.entries.removeAll()
            return []
        case "/help":
            self.local(.notice, Self.localHelp)
            return sendable ? [.send(line)] : []
        case "/quit", "/exit", "/bye":
            return sendable ? [.send(line), .quit] : [.quit]
        default:
            guard sendable else {
                self.local(.error, "not connected: \"\(line)\" was not sent (it is in your input history: press Up)")
                return []
            }
            // Longer than a frame: sent in parts, in order, through the same paced queue.
            return LineSplitter.split(line).map { .send($0) }
        }
    }

    /// Moves the view up (positive) or down by `rows`, never past the oldest line or below the bottom.
    private mutating func scroll(by rows: Int) {
        self.scrollOffset = max(0, self.scrollOffset + rows)
        self.clampScroll()
    }

    /// Keeps the offset within the rows the log actually has.
    mutating func clampScroll() {
        let size = self.logSize
        guard self.scrollOffset > 0, size.width > 0 else {
            self.scrollOffset = 0
            return
        }
        let needed = self.scrollOffset + size.height
        var total = 0
        for entry in self.entries.reversed() {
            total += LogFormatter.rows(for: entry, width: size.width).count
            if total >= needed { return }
        }
        self.scrollOffset = max(0, total - size.height)
    }

    static let localHelp = """
        Keys: Enter send · Tab complete names and /commands · Up/Down input history · PgUp/PgDn (or the wheel) \
        scroll · End or Esc back to the bottom · Esc Esc drops lines still queued · Ctrl-A/E start/end · \
        Alt-B/F or Ctrl-Left/Right a word back/on · Ctrl-U/K/W delete to start/end/word · \
        Alt-Backspace/Alt-D delete a word back/on · Ctrl-C, or Ctrl-D on an empty line, quit.
        Local commands: /clear empties the log · /help shows this and the server's commands.
        """
}
