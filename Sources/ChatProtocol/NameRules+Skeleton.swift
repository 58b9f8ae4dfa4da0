/// Confusable skeletons: what a name looks like, as one string, so that names drawn alike compare equal.
extension NameRules {
    /// The skeleton of a name, in the spirit of Unicode's confusable skeletons (UTS #39): two names with the same
    /// skeleton can be taken for each other on a screen ("аlice" with a Cyrillic а and "alice", "a1ice", "ALICE",
    /// fullwidth "ａｌｉｃｅ"), so a name whose skeleton is held by someone else is refused.
    ///
    /// The steps: compatibility decomposition (NFKD: fullwidth and mathematical letters, ligatures and roman
    /// numerals become their letters), invisible code points and combining marks dropped (accents do not tell names
    /// apart on a small terminal font), each character replaced by the prototype it passes for (`ConfusableTable`),
    /// case folded, and the same again on the folded string (a small letter that only its capital did not show),
    /// then NFD. Stricter than UTS #39, which keeps marks and case: here the question is whether a person can be
    /// mistaken for another in a chat, not whether two identifiers are the same.
    public static func skeleton(_ name: String) -> String {
        let mapped = self.prototypes(of: name)
        return self.prototypes(of: mapped.lowercased()).decomposedStringWithCanonicalMapping
    }

    /// One pass: NFKD, without invisibles and marks, each character by its prototype.
    private static func prototypes(of text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isDefaultIgnorableCodePoint || TextSanitizer.isCombiningMark(scalar)
                || scalar.properties.generalCategory == .format
            {
                continue
            }
            // Cherokee small letters fold to their capitals, which the table lists.
            let value =
                (0xAB70...0xABBF).contains(scalar.value) || (0x13F8...0x13FD).contains(scalar.value)
                ? scalar.properties.uppercaseMapping.unicodeScalars.first?.value ?? scalar.value : scalar.value
            if let prototype = ConfusableTable.prototypes[value] {
                scalars.append(contentsOf: prototype.unicodeScalars)
            } else if let same = Unicode.Scalar(value) {
                scalars.append(same)
            }
        }
        return String(scalars)
    }
}
