/// The writing system a letter belongs to, for the mixed-script rule of names (see `NameRules.scripts(in:)`).
///
/// Approximated by the letter's block (Unicode's Scripts.txt is finer, but for letters the blocks agree with it, and
/// the standard library has no script property): letters of blocks not listed are `other`. Only letters have a
/// script here: digits, punctuation, symbols, emoji, modifier letters and marks belong to every script.
public enum WritingScript: String, Sendable, Equatable, Hashable, CustomStringConvertible {
    case latin = "Latin"
    case greek = "Greek"
    case cyrillic = "Cyrillic"
    case armenian = "Armenian"
    case hebrew = "Hebrew"
    case arabic = "Arabic"
    case syriac = "Syriac"
    case thaana = "Thaana"
    case nko = "NKo"
    case devanagari = "Devanagari"
    case bengali = "Bengali"
    case gurmukhi = "Gurmukhi"
    case gujarati = "Gujarati"
    case oriya = "Oriya"
    case tamil = "Tamil"
    case telugu = "Telugu"
    case kannada = "Kannada"
    case malayalam = "Malayalam"
    case sinhala = "Sinhala"
    case thai = "Thai"
    case lao = "Lao"
    case tibetan = "Tibetan"
    case myanmar = "Myanmar"
    case georgian = "Georgian"
    case hangul = "Hangul"
    case ethiopic = "Ethiopic"
    case cherokee = "Cherokee"
    case canadianSyllabics = "Canadian syllabics"
    case ogham = "Ogham"
    case runic = "Runic"
    case khmer = "Khmer"
    case mongolian = "Mongolian"
    case hiragana = "Hiragana"
    case katakana = "Katakana"
    case bopomofo = "Bopomofo"
    case han = "Han"
    case yi = "Yi"
    case other = "other"

    public var description: String { self.rawValue }

    /// The script of a letter (of any case, or other letters such as Han ideographs); nil for everything else.
    public static func of(_ scalar: Unicode.Scalar) -> WritingScript? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter: break
        default: return nil
        }
        let value = scalar.value
        for (range, script) in self.blocks where range.contains(value) { return script }
        return .other
    }

    /// Blocks (code point ranges) and their scripts, the common ones first.
    private static let blocks: [(ClosedRange<UInt32>, WritingScript)] = [
        (0x0000...0x024F, .latin), (0x0250...0x02AF, .latin), (0x1D00...0x1DBF, .latin), (0x1E00...0x1EFF, .latin),
        (0x2C60...0x2C7F, .latin), (0xA720...0xA7FF, .latin), (0xAB30...0xAB6F, .latin), (0xFB00...0xFB06, .latin),
        (0xFF21...0xFF5A, .latin), (0x2100...0x214F, .latin),
        (0x0370...0x03FF, .greek), (0x1F00...0x1FFF, .greek),
        (0x0400...0x052F, .cyrillic), (0x1C80...0x1C8F, .cyrillic), (0x2DE0...0x2DFF, .cyrillic),
        (0xA640...0xA69F, .cyrillic),
        (0x0530...0x058F, .armenian), (0xFB13...0xFB17, .armenian),
        (0x0590...0x05FF, .hebrew), (0xFB1D...0xFB4F, .hebrew),
        (0x0600...0x06FF, .arabic), (0x0750...0x077F, .arabic), (0x0870...0x08FF, .arabic),
        (0xFB50...0xFDFF, .arabic), (0xFE70...0xFEFF, .arabic),
        (0x0700...0x074F, .syriac), (0x0780...0x07BF, .thaana), (0x07C0...0x07FF, .nko),
        (0x0900...0x097F, .devanagari), (0x0980...0x09FF, .bengali), (0x0A00...0x0A7F, .gurmukhi),
        (0x0A80...0x0AFF, .gujarati), (0x0B00...0x0B7F, .oriya), (0x0B80...0x0BFF, .tamil),
        (0x0C00...0x0C7F, .telugu), (0x0C80...0x0CFF, .kannada), (0x0D00...0x0D7F, .malayalam),
        (0x0D80...0x0DFF, .sinhala), (0x0E00...0x0E7F, .thai), (0x0E80...0x0EFF, .lao), (0x0F00...0x0FFF, .tibetan),
        (0x1000...0x109F, .myanmar), (0x10A0...0x10FF, .georgian), (0x1C90...0x1CBF, .georgian),
        (0x2D00...0x2D2F, .georgian),
        (0x1100...0x11FF, .hangul), (0x3130...0x318F, .hangul), (0xA960...0xA97F, .hangul),
        (0xAC00...0xD7FF, .hangul), (0xFFA0...0xFFDC, .hangul),
        (0x1200...0x139F, .ethiopic), (0x2D80...0x2DDF, .ethiopic),
        (0x13A0...0x13FF, .cherokee), (0xAB70...0xABBF, .cherokee),
        (0x1400...0x167F, .canadianSyllabics), (0x18B0...0x18FF, .canadianSyllabics),
        (0x1680...0x169F, .ogham), (0x16A0...0x16FF, .runic), (0x1780...0x17FF, .khmer), (0x1800...0x18AF, .mongolian),
        (0x3040...0x309F, .hiragana), (0x30A0...0x30FF, .katakana), (0x31F0...0x31FF, .katakana),
        (0xFF66...0xFF9F, .katakana), (0x3100...0x312F, .bopomofo), (0x31A0...0x31BF, .bopomofo),
        (0x2E80...0x2FDF, .han), (0x3005...0x3007, .han), (0x3021...0x3029, .han), (0x3038...0x303B, .han),
        (0x3400...0x4DBF, .han), (0x4E00...0x9FFF, .han), (0xF900...0xFAFF, .han), (0x20000...0x3FFFF, .han),
        (0xA000...0xA4CF, .yi),
    ]
}
