extension TextWidth {
    /// Word-wraps `text` into lines of at most `width` columns.
    ///
    /// - Lines break at spaces where possible; the spaces at a break are dropped, as are trailing
    ///   spaces of a paragraph and leading spaces that do not fit with the following word.
    /// - A word is split only when it alone is longer than `width`; such a word starts on a new line.
    /// - Wide characters (CJK, emoji) may break before or after them, except that closing
    ///   punctuation such as "，" or "。" stays with the preceding character and opening brackets
    ///   stay with the following one.
    /// - Grapheme clusters are never split and no line is wider than `width`.
    /// - Every newline character ("\n", "\r\n", "\r", U+2028, ...) starts a new line; an empty
    ///   paragraph gives an empty line, so `wrap("", width: 10)` is `[""]`.
    /// - A grapheme cluster wider than `width` (a CJK character at width 1) is replaced by
    ///   `overflowMarker` on its own line.
    /// - `width <= 0` returns `[]`: nothing can be drawn.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var paragraph: [Character] = []
        for character in text {
            if character.isNewline {
                lines += wrapParagraph(paragraph, width: width)
                paragraph.removeAll(keepingCapacity: true)
            } else {
                paragraph.append(character)
            }
        }
        lines += wrapParagraph(paragraph, width: width)
        return lines
    }

    /// Closing punctuation that must not start a line.
    static let noBreakBefore: Set<Character> = [
        "，", "。", "、", "．", "：", "；", "！", "？", "）", "」", "』", "】", "〉", "》", "〕", "］", "｝",
        "ー", "…", ",", ".", ":", ";", "!", "?", ")", "]", "}",
    ]

    /// Opening brackets that must not end a line.
    static let noBreakAfter: Set<Character> = ["（", "「", "『", "【", "〈", "《", "〔", "［", "｛", "(", "[", "{"]

    /// Wraps one paragraph (no newlines inside) into at least one line.
    private static func wrapParagraph(_ characters: [Character], width: Int) -> [String] {
        var builder = WrapLineBuilder(width: width)
        for segment in segments(of: characters) {
            switch segment {
            case .spaces(let count):
                builder.addSpaces(count)
            case .word(let word, let wordWidth):
                builder.addWord(word, width: wordWidth)
            }
        }
        return builder.finish()
    }

    /// Splits a paragraph into runs of spaces and unbreakable units.
    static func segments(of characters: [Character]) -> [WrapSegment] {
        var segments: [WrapSegment] = []
        var word: [Character] = []
        var wordWidth = 0
        var wordEndsWide = false
        var spaces = 0

        /// Ends the current unbreakable unit, if any.
        func flushWord() {
            if !word.isEmpty {
                segments.append(.word(word, wordWidth))
                word.removeAll()
                wordWidth = 0
                wordEndsWide = false
            }
        }

        for character in characters {
            if character == " " {
                flushWord()
                spaces += 1
                continue
            }
            if spaces > 0 {
                segments.append(.spaces(spaces))
                spaces = 0
            }
            let characterWidth = columns(of: character)
            if let last = word.last,
                characterWidth >= 2 || wordEndsWide,
                !noBreakBefore.contains(character),
                !noBreakAfter.contains(last)
            {
                flushWord()
            }
            word.append(character)
            wordWidth += characterWidth
            if characterWidth > 0 {
                wordEndsWide = characterWidth >= 2
            }
        }
        flushWord()
        if spaces > 0 {
            segments.append(.spaces(spaces))
        }
        return segments
    }

    /// A piece of a paragraph for wrapping: a run of spaces, or an unbreakable unit with its width.
    enum WrapSegment: Equatable {
        case spaces(Int)
        case word([Character], Int)
    }
}
