/// The characters a name skeleton replaces by the letters they pass for (see `NameRules.skeleton`).
///
/// Curated from Unicode's confusables.txt (UTS #39; the entries checked against the 10.0.0 data as Luau's
/// Confusables.cpp carries it): the Cyrillic, Greek, Armenian, Cherokee, Hebrew and other letters and signs drawn like
/// Latin letters or digits, and the Latin letters drawn like others. Not the whole file: compatibility forms
/// (fullwidth and mathematical letters, ligatures, roman numerals) are not listed because the skeleton's NFKD already
/// makes them their letters, and scripts nobody would mistake for Latin in a terminal are left out.
///
/// Prototypes are given folded to their final form, so that the table is a fixed point (a prototype contains no key):
/// lowercase, with confusables.txt's own choices for the ASCII that is confusable among itself: `0` is `o`, `1`, `I`
/// and `|` are `l`, `m` is `rn`. Beyond the file, `i` is `l` too (the file has `I` → `l`, and names are compared
/// without case, so `i` must go where `I` goes), and `w` is `vv` (the file has no `vv`).
enum ConfusableTable {
    /// Prototype by code point.
    static let prototypes: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for (characters, prototype) in Self.groups {
            for scalar in characters.unicodeScalars { table[scalar.value] = prototype }
        }
        return table
    }()

    /// Characters, each passing for the prototype after it.
    private static let groups: [(String, String)] = [
        // ASCII among itself.
        ("0", "o"), ("1Ii|", "l"), ("m", "rn"), ("w", "vv"),
        // Latin letters and signs drawn like others (dotless ı, long s, small capitals, IPA letters, ...).
        ("ıɩɪǀ", "l"), ("ſ", "f"), ("ƽ", "s"), ("ɑ", "a"), ("ɡ", "g"), ("ɣʏ", "y"), ("ɯᴡ", "vv"), ("ʋᴜ", "u"),
        ("ᴄ", "c"), ("ᴏᴑ", "o"), ("ᴠ", "v"), ("ᴢ", "z"), ("ßẞ", "ss"), ("æÆ", "ae"), ("œŒ", "oe"), ("×", "x"),
        // Greek capitals and small letters.
        ("Αα", "a"), ("Β", "b"), ("Ε", "e"), ("Ζ", "z"), ("Η", "h"), ("Ιι", "l"), ("Κ", "k"), ("ΜϺ", "rn"),
        ("Ν", "n"), ("Οοσ", "o"), ("Ρρϱ", "p"), ("Τ", "t"), ("Υϒ", "y"), ("Χ", "x"), ("Ϝ", "f"), ("Ϲϲ", "c"),
        ("Ϳϳ", "j"), ("γ", "y"), ("ν", "v"), ("υ", "u"),
        // Cyrillic capitals and small letters.
        ("Аа", "a"), ("ВЬ", "b"), ("Ееҽ", "e"), ("З", "3"), ("К", "k"), ("М", "rn"), ("Нһ", "h"), ("Оо", "o"),
        ("Рр", "p"), ("Сс", "c"), ("Т", "t"), ("УуҮү", "y"), ("Хх", "x"), ("Ѕѕ", "s"), ("ІіӀӏ", "l"), ("Јј", "j"),
        ("Ы", "bl"), ("Ѵѵ", "v"), ("ѡԜԝ", "vv"), ("б", "6"), ("г", "r"), ("ԁ", "d"), ("Ԍ", "g"), ("ԛ", "q"),
        ("Ӕӕ", "ae"),
        // Armenian.
        ("Սս", "u"), ("Տ", "s"), ("Օօ", "o"), ("ա", "vv"), ("գզ", "q"), ("հ", "h"), ("ոռ", "n"), ("ց", "g"),
        ("ք", "f"),
        // Cherokee (capitals; the skeleton looks small letters up by their capital).
        ("Ꭰ\u{13E7}", "d"), ("ᎡᏒ", "r"), ("Ꭲ", "t"), ("Ꭵ", "l"), ("Ꭹ\u{13BD}", "y"), ("Ꭺ", "a"), ("Ꭻ", "j"), ("Ꭼ", "e"),
        ("ᏔᎳ", "vv"), ("Ꮇ", "rn"), ("ᎻᏂ", "h"), ("ᏀᏳ", "g"), ("Ꮓ", "z"), ("ᏏᏴ", "b"), ("Ꮩ", "v"), ("ᏕᏚ", "s"),
        ("Ꮮ", "l"), ("Ꮯ", "c"), ("Ꮲ", "p"), ("Ꮶ", "k"), ("Ꮾ", "6"), ("Ꮞ", "4"),
        // Hebrew, Arabic and the other scripts' letters and digits drawn like l and o.
        ("וןا١۱ᛁ", "l"), ("סه٥۵०০੦૦୦௦౦೦൦๐໐ဝ၀ჿ", "o"), ("ყ", "y"),
        // Canadian syllabics.
        ("ᐯ", "v"), ("ᑌ", "u"), ("ᑭ", "p"), ("ᑯᗞᗪ", "d"), ("ᒍ", "j"), ("ᒪ", "l"), ("ᕼ", "h"), ("ᖇ", "r"),
        ("ᖯᗷ", "b"), ("ᖴ", "f"), ("ᗅ", "a"), ("ᗰ", "rn"),
        // Dashes and apostrophes, which names may hold.
        ("\u{2010}\u{2011}\u{2012}\u{2013}\u{2212}\u{02D7}\u{06D4}", "-"),
        ("\u{2018}\u{2019}\u{201B}\u{2032}\u{02B9}\u{02BB}\u{02BC}\u{02BD}\u{02C8}\u{0060}\u{00B4}", "'"),
    ]
}
