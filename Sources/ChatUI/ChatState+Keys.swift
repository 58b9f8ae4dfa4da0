extension ChatState {
    /// Handles one key. - Returns: what the app must do.
    mutating func press(_ key: Key) -> [ChatEffect] {
        if key != .tab { self.completer.reset() }
        switch key {
        case .character(let character):
            self.editor.insert(String(character))
        case .enter:
            return self.submit()
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
            let names = TabCompleter.orderedNames(recentSpeakers: self.recentSpeakers, members: self.users.filter { $0 != self.myName })
            self.completer.complete(in: &self.editor, names: names, commands: Self.commands)
        case .pageUp: self.scroll(by: max(1, self.logSize.height - 1))
        case .pageDown: self.scroll(by: -max(1, self.logSize.height - 1))
        case .mouseWheelUp: self.scroll(by: 3)
        case .mouseWheelDown: self.scroll(by: -3)
        case .escape: self.scrollOffset = 0
        case .control("c"):
            return [.quit]
        case .control("d"):
            if self.editor.isEmpty { return [.quit] }
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

    /// Enter: local commands here, everything else to the server (or kept, if there is no connection).
    private mutating func submit() -> [ChatEffect] {
        guard let line = self.editor.submit() else { return [] }
        self.scrollOffset = 0
        let word = line.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch word {
        case "/clear":
            self.entries.removeAll()
            return []
        case "/help":
            self.local(.notice, Self.localHelp)
            return self.connection == .connected ? [.send(line)] : []
        case "/quit", "/exit":
            return self.connection == .connected ? [.send(line), .quit] : [.quit]
        default:
            guard self.connection == .connected else {
                self.local(.error, "not connected: \"\(line)\" was not sent (it is in your input history: press Up)")
                return []
            }
            return [.send(line)]
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
        scroll · End or Esc back to the bottom · Ctrl-A/E start/end · Alt-B/F or Ctrl-Left/Right a word back/on · Ctrl-U/K/W \
        delete to start/end/word · Alt-Backspace/Alt-D delete a word back/on · \
        Ctrl-C, or Ctrl-D on an empty line, quit.
        Local commands: /clear empties the log · /help shows this and the server's commands.
        """
}
