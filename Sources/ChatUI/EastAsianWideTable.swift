/// Code point ranges drawn two columns wide by terminals (East Asian Wide/Fullwidth and emoji blocks).
///
/// Emoji in the BMP with default emoji presentation are not listed: `TextWidth` asks
/// `Unicode.Scalar.Properties.isEmojiPresentation` for those. Where the table is unsure it errs
/// towards 2, since reserving one column too many misaligns less than overwriting a neighbour.
enum EastAsianWideTable {
    /// Sorted, non-overlapping inclusive ranges.
    static let ranges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo leading consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x2E99,  // CJK Radicals Supplement
        0x2E9B...0x2EF3,
        0x2F00...0x2FD5,  // Kangxi Radicals
        0x2FF0...0x303E,  // ideographic description, CJK Symbols and Punctuation
        0x3041...0x3096,  // Hiragana
        0x3099...0x30FF,  // Hiragana/Katakana marks, Katakana
        0x3105...0x312F,  // Bopomofo
        0x3131...0x318E,  // Hangul Compatibility Jamo
        0x3190...0x31E5,  // Kanbun, Bopomofo Extended, CJK Strokes
        0x31EF...0x321E,  // Katakana Phonetic Extensions, enclosed CJK
        // Enclosed (3248-324F: glibc counts them 2), compatibility, Ext A, hexagrams, CJK Unified, Yi syllables.
        0x3220...0xA48C,
        0xA490...0xA4C6,  // Yi radicals
        0xA960...0xA97C,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK Compatibility Ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE52,  // CJK compatibility forms, small forms
        0xFE54...0xFE66,
        0xFE68...0xFE6B,
        0xFF01...0xFF60,  // fullwidth forms
        0xFFE0...0xFFE6,  // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x16FF0...0x16FF1,
        0x17000...0x187F7,  // Tangut
        0x18800...0x18CD5,  // Tangut components, Khitan
        0x18D00...0x18D08,
        0x1AFF0...0x1AFFE,  // Kana Extended-B
        0x1B000...0x1B2FB,  // Kana Supplement/Extended-A, small kana, Nushu
        0x1F004...0x1F004,  // mahjong red dragon
        0x1F0CF...0x1F0CF,  // joker
        0x1F18E...0x1F18E,
        0x1F191...0x1F19A,  // squared letters
        0x1F200...0x1F202,  // enclosed ideographic supplement
        0x1F210...0x1F23B,
        0x1F240...0x1F248,
        0x1F250...0x1F251,
        0x1F260...0x1F265,
        0x1F300...0x1F64F,  // Miscellaneous Symbols and Pictographs, Emoticons
        0x1F680...0x1F6FF,  // Transport and Map Symbols
        0x1F7E0...0x1F7EB,  // coloured circles and squares
        0x1F7F0...0x1F7F0,
        0x1F900...0x1F9FF,  // Supplemental Symbols and Pictographs
        0x1FA70...0x1FAFF,  // Symbols and Pictographs Extended-A
        0x20000...0x2FFFD,  // CJK Extensions B-F, compatibility supplement
        0x30000...0x3FFFD,  // CJK Extensions G-H
    ]

    /// Whether `value` falls in one of the wide ranges (binary search).
    static func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = ranges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
