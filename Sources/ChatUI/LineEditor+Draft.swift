/// Drafts: the input line each buffer keeps while another is shown.
extension LineEditor {
    /// Puts back a line kept as a draft, with its cursor; a walk through the history in progress ends (the history
    /// itself is one for all buffers).
    public mutating func restore(_ line: [Character], cursor: Int) {
        self.historyIndex = nil
        self.draft = []
        self.replaceLine(line, cursor: cursor)
    }
}
