/// Tab completion of nicknames and slash-commands, cycling through the matches on repeated Tab.
///
/// The word completed is the run of non-whitespace before the cursor (the rest of that word after
/// the cursor is replaced too). Matching is a case-insensitive prefix match; candidates keep the
/// order they are given in (use `orderedNames(recentSpeakers:members:)` for "most recent speakers
/// first, then alphabetical"), duplicates differing only in case are dropped.
///
/// - A word at the start of the line (after optional spaces) beginning with "/" completes
///   commands, followed by a space. Commands may be given with or without the leading "/".
/// - A name completed at the start of the line gets ": " appended ("al" → "alice: "), elsewhere
///   a space. If a space already follows the word, it is reused instead of adding another.
///
/// A call whose line and cursor equal the previous result is a repeated Tab: it replaces the
/// inserted candidate with the next one, wrapping around, using the candidates computed on the
/// first Tab. Any other line starts a new completion, so `reset()` is optional; call it on any
/// other key to be explicit.
public struct TabCompleter: Equatable, Sendable {
    /// An active completion cycle.
    private struct Cycle: Equatable, Sendable {
        /// The text before the completed word.
        var head: [Character]
        /// The text after the completed word.
        var tail: [Character]
        /// The matches, in completion order (never empty).
        var candidates: [String]
        /// What follows the candidate: ": ", " ", or that without its space when one already follows.
        var suffix: String
        /// The candidate currently inserted.
        var index: Int
        /// The line produced last, to recognise a repeated Tab.
        var resultLine: [Character] = []
        /// The cursor produced last, to recognise a repeated Tab.
        var resultCursor = 0

        /// Builds the line for the current candidate and remembers it as the last result.
        mutating func apply() -> (line: [Character], cursor: Int) {
            let inserted = Array(candidates[index] + suffix)
            var cursor = head.count + inserted.count
            if suffix.last != " ", tail.first?.isWhitespace == true {
                cursor += 1
            }
            resultLine = head + inserted + tail
            resultCursor = cursor
            return (resultLine, resultCursor)
        }
    }

    /// The cycle started by the last successful completion, if any.
    private var cycle: Cycle?

    /// Creates a completer with no active cycle.
    public init() {}

    /// True while a repeated Tab would cycle to the next candidate.
    public var isCycling: Bool { cycle != nil }

    /// Forgets the active cycle, so the next Tab starts a new completion.
    public mutating func reset() {
        cycle = nil
    }

    /// Completes the word before `cursor` in `line`; returns the new line and cursor, or nil (and
    /// resets) when there is nothing to complete or no candidate matches.
    public mutating func complete(
        line: [Character],
        cursor: Int,
        names: [String],
        commands: [String]
    ) -> (line: [Character], cursor: Int)? {
        if var active = cycle, active.resultLine == line, active.resultCursor == cursor {
            active.index = (active.index + 1) % active.candidates.count
            let result = active.apply()
            cycle = active
            return result
        }
        cycle = Self.startCycle(line: line, cursor: cursor, names: names, commands: commands)
        guard var fresh = cycle else { return nil }
        let result = fresh.apply()
        cycle = fresh
        return result
    }

    /// Completes inside `editor` (see `complete(line:cursor:names:commands:)`); returns whether it changed anything.
    @discardableResult
    public mutating func complete(in editor: inout LineEditor, names: [String], commands: [String]) -> Bool {
        guard let result = complete(line: editor.characters, cursor: editor.cursor, names: names, commands: commands)
        else {
            return false
        }
        editor.replaceLine(result.line, cursor: result.cursor)
        cycle?.resultLine = editor.characters
        cycle?.resultCursor = editor.cursor
        return true
    }

    /// Orders names for completion: `recentSpeakers` in the given order (most recent first), then
    /// the remaining `members` sorted case-insensitively; duplicates (ignoring case) removed.
    public static func orderedNames(recentSpeakers: [String], members: [String]) -> [String] {
        let rest = members.sorted { lhs, rhs in
            let left = lhs.lowercased()
            let right = rhs.lowercased()
            return left == right ? lhs < rhs : left < right
        }
        return unique(recentSpeakers + rest)
    }

    /// Finds the word at the cursor and its candidates; nil when nothing matches.
    private static func startCycle(line: [Character], cursor: Int, names: [String], commands: [String]) -> Cycle? {
        let cursor = min(max(0, cursor), line.count)
        var start = cursor
        while start > 0, !line[start - 1].isWhitespace {
            start -= 1
        }
        var end = cursor
        while end < line.count, !line[end].isWhitespace {
            end += 1
        }
        let prefix = String(line[start..<cursor]).lowercased()
        guard !prefix.isEmpty else { return nil }
        let atLineStart = line[..<start].allSatisfy { $0.isWhitespace }

        let pool: [String]
        var suffix: String
        if atLineStart, prefix.hasPrefix("/") {
            pool = commands.map { $0.hasPrefix("/") ? $0 : "/" + $0 }
            suffix = " "
        } else {
            pool = names
            suffix = atLineStart ? ": " : " "
        }
        let candidates = unique(pool.filter { !$0.isEmpty && $0.lowercased().hasPrefix(prefix) })
        guard !candidates.isEmpty else { return nil }

        let tail = Array(line[end...])
        if tail.first?.isWhitespace == true, suffix.last == " " {
            suffix.removeLast()
        }
        return Cycle(head: Array(line[..<start]), tail: tail, candidates: candidates, suffix: suffix, index: 0)
    }

    /// Removes later duplicates that differ only in case, keeping the first occurrence.
    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
