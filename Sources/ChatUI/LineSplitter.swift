/// Cuts a line too long for one frame into lines that fit, so that a long paste or a long typed line arrives whole
/// instead of being refused by the server ("frame too large"). Pure.
///
/// Parts end at a space where one is near the end of the allowance, else at a character boundary; `/me` and
/// `/msg NAME` lines keep their command on every part, so each part is still an action or a private message. Other
/// commands are never cut (the server would read the parts as chat), and a later part of chat text that starts with
/// a slash gets the `//` escape, so no cut can turn words into a command.
public enum LineSplitter {
    /// Bytes of text per part: the server's frames are 16 KiB by default, and JSON may double quotes and backslashes.
    public static let maximumBytes = 8000

    public static func split(_ line: String, maximumBytes: Int = Self.maximumBytes) -> [String] {
        guard line.utf8.count > maximumBytes else { return [line] }
        let prefix: String
        if line.lowercased().hasPrefix("/me ") {
            prefix = String(line.prefix(4))
        } else if line.lowercased().hasPrefix("/msg "),
            let name = line.dropFirst(5).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).first
        {
            prefix = "/msg \(name) "
        } else if line.hasPrefix("/") && !line.hasPrefix("//") {
            return [line]
        } else {
            prefix = ""
        }
        let budget = max(16, maximumBytes - prefix.utf8.count)
        var rest = Substring(line.dropFirst(prefix.count))
        var parts: [String] = []
        while !rest.isEmpty {
            var end = rest.startIndex
            var bytes = 0
            var lastSpace: Substring.Index?
            while end < rest.endIndex {
                let size = rest[end].utf8.count
                if bytes + size > budget { break }
                if rest[end] == " " { lastSpace = end }
                bytes += size
                end = rest.index(after: end)
            }
            // A space in the last tenth of the part is a better place to cut than the middle of a word.
            if end < rest.endIndex, let space = lastSpace, rest.distance(from: rest.startIndex, to: space) > 0,
                rest[rest.startIndex..<space].utf8.count >= budget * 9 / 10
            {
                end = space
            }
            var part = prefix + rest[rest.startIndex..<end]
            // A later part of chat text that starts with a slash would be read as a command: escape it.
            if !parts.isEmpty, prefix.isEmpty, part.hasPrefix("/") { part = "/" + part }
            parts.append(part)
            rest = rest[end...].drop { $0 == " " }
        }
        return parts
    }
}
