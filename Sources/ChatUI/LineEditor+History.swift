/// History: submitting lines and walking them with Up/Down.
extension LineEditor {
    /// Enter: returns the line and clears the editor, recording the line in history.
    ///
    /// Returns nil (and clears the editor) when the line is empty or only whitespace; such lines
    /// are not recorded. A line equal to the newest history entry is not recorded twice. The
    /// oldest entries are dropped beyond `historyLimit`.
    public mutating func submit() -> String? {
        let line = text
        characters = []
        cursor = 0
        cursorColumn = 0
        totalColumns = 0
        historyIndex = nil
        draft = []
        guard line.contains(where: { !$0.isWhitespace }) else { return nil }
        // A line with a password is sent, never kept.
        if historyLimit > 0, history.last != line, !SecretInput.isSecret(line) {
            history.append(line)
            if history.count > historyLimit {
                history.removeFirst(history.count - historyLimit)
            }
        }
        return line
    }

    /// Removes and returns the whole line without recording it in history (a pasted line that is sent).
    public mutating func takeLine() -> String {
        let line = text
        characters = []
        cursor = 0
        historyIndex = nil
        draft = []
        return line
    }

    /// Up: shows the previous (older) history entry, saving the typed line as the draft first.
    ///
    /// Stays on the oldest entry; does nothing when the history is empty. Edits made to a
    /// recalled entry are discarded when moving to another entry.
    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        let index: Int
        if let current = historyIndex {
            index = max(0, current - 1)
        } else {
            draft = characters
            index = history.count - 1
        }
        historyIndex = index
        setLine(before: history[index], after: "")
    }

    /// Down: shows the next (newer) history entry, or the saved draft after the newest one.
    public mutating func historyNext() {
        guard let current = historyIndex else { return }
        if current + 1 < history.count {
            historyIndex = current + 1
            setLine(before: history[current + 1], after: "")
        } else {
            historyIndex = nil
            setLine(before: String(draft), after: "")
            draft = []
        }
    }
}
