/// Moving between buffers (rooms and private conversations), opening and closing them, and what the world outside
/// the screen needs to know of them: the rooms to rejoin, the terminal title.
extension ChatState {
    /// Shows buffer `index`: the input line, scroll position and unread marker of the one left are kept for when it
    /// is shown again, and the new one's messages count as read. Local and instant.
    mutating func select(_ index: Int) {
        guard self.buffers.indices.contains(index), index != self.currentIndex else { return }
        self.completer.reset()
        let width = self.logSize.width
        self.buffers[self.currentIndex].draft = self.editor.characters
        self.buffers[self.currentIndex].draftCursor = self.editor.cursor
        self.buffers[self.currentIndex].leave(logWidth: width)
        self.currentIndex = index
        self.buffers[index].markRead()
        self.editor.restore(self.buffers[index].draft, cursor: self.buffers[index].draftCursor)
        self.buffers[index].draft = []
        self.buffers[index].clampScroll(logSize: self.logSize)
    }

    /// A message arrived in buffer `index`: unread if that buffer is not shown, marked if it mentions us or is
    /// private. - Returns: whether it rings the bell (`bell`).
    mutating func noteArrival(of entry: LogEntry, in index: Int) -> Bool {
        guard ChatBuffer.counts(entry) else { return false }
        let highlight: Bool
        if case .privateMessage = entry.kind {
            highlight = true
        } else {
            highlight = entry.mentionsMe
        }
        let shown = index == self.currentIndex
        if !shown {
            self.buffers[index].unread += 1
            if highlight { self.buffers[index].highlighted = true }
        }
        return self.bell.rings(highlight: highlight, shown: shown)
    }

    /// Shows the buffer `offset` places on (negative: back), wrapping around.
    mutating func selectRelative(_ offset: Int) {
        let count = self.buffers.count
        guard count > 1 else { return }
        self.activityOrigin = nil
        self.select(((self.currentIndex + offset) % count + count) % count)
    }

    /// Alt-A: the next buffer with unread messages, those that mention us or are private first, each kind in bar
    /// order from the current one on. Once nothing is left unread, back to where the first Alt-A started.
    mutating func selectNextActivity() {
        let count = self.buffers.count
        let order = (1..<max(1, count)).map { (self.currentIndex + $0) % count }
        let next =
            order.first { self.buffers[$0].highlighted } ?? order.first { self.buffers[$0].unread > 0 }
        if let next {
            if self.activityOrigin == nil { self.activityOrigin = self.current.id }
            self.select(next)
        } else if let origin = self.activityOrigin {
            self.activityOrigin = nil
            if let index = self.index(of: origin) { self.select(index) }
        }
    }

    /// The conversation with `name`, opened at the end of the bar if there is none. - Returns: its index.
    @discardableResult
    mutating func openConversation(_ name: String) -> Int {
        let id = BufferID.conversation(name)
        if let index = self.index(of: id) { return index }
        var buffer = ChatBuffer(id: id, name: name)
        buffer.users = Self.sorted(name == self.myName ? [name] : [name, self.myName])
        buffer.rosterIsStale = self.connection != .connected
        self.buffers.append(buffer)
        return self.buffers.count - 1
    }

    /// Removes buffer `index` (never the last one), showing its left neighbour if it was shown.
    mutating func removeBuffer(_ index: Int) {
        guard self.buffers.count > 1, self.buffers.indices.contains(index) else { return }
        if index == self.currentIndex {
            self.select(index == 0 ? 1 : index - 1)
        }
        self.buffers.remove(at: index)
        if self.currentIndex > index { self.currentIndex -= 1 }
    }

    /// Keeps every buffer's scroll offset within its log (after a resize, or the room bar coming or going).
    mutating func clampScrollEverywhere() {
        let size = self.logSize
        for index in self.buffers.indices { self.buffers[index].clampScroll(logSize: size) }
    }

    /// The rooms we are in, in bar order, for the session's next hello (rooms left or being left are not rejoined);
    /// nil until a welcome speaks of rooms (a server from before rooms: the hello names none).
    public var joinedRooms: [String]? {
        guard self.serverHasRooms else { return nil }
        return self.buffers.compactMap { buffer in
            guard buffer.id.kind == .room, buffer.joined, !self.pendingParts.contains(buffer.id) else { return nil }
            return buffer.name
        }
    }

    /// Unread messages in all the buffers not shown.
    public var unreadTotal: Int {
        self.buffers.reduce(0) { $0 + $1.unread }
    }

    /// How a buffer is named on screen: `#dev`, `@bob`, and the server's address for the one room of a server
    /// without rooms.
    func label(of buffer: ChatBuffer) -> String {
        buffer.label ?? self.serverAddress
    }

    /// The terminal's title: the program, the buffer shown and the unread total (`swchat #dev (3)`).
    public var terminalTitle: String {
        let unread = self.unreadTotal
        return "swchat \(self.label(of: self.current))" + (unread > 0 ? " (\(unread))" : "")
    }
}
