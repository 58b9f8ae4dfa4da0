/// The mixed-script rule of names: the letters of a name come from one script, or from a mix that one language
/// writes with (Unicode's "highly restrictive" level, UTS #39 §5.2).
extension NameRules {
    /// The mixes a name may have: Japanese (Latin, Han, Hiragana, Katakana), Chinese with Bopomofo, Korean.
    static let allowedMixes: [Set<WritingScript>] = [
        [.latin, .han, .hiragana, .katakana], [.latin, .han, .bopomofo], [.latin, .han, .hangul],
    ]

    /// The scripts of a name's letters, in the order they first appear; digits, punctuation and symbols have none.
    /// Judged on NFKC, so that fullwidth and mathematical letters count as the letters they are.
    public static func scripts(in name: String) -> [WritingScript] {
        var scripts: [WritingScript] = []
        for scalar in name.precomposedStringWithCompatibilityMapping.unicodeScalars {
            guard let script = WritingScript.of(scalar), !scripts.contains(script) else { continue }
            scripts.append(script)
        }
        return scripts
    }

    /// The scripts of a name that mixes them beyond the allowed mixes, or nil when it does not.
    static func mixedScripts(in name: String) -> [WritingScript]? {
        let scripts = self.scripts(in: name)
        guard scripts.count > 1 else { return nil }
        let set = Set(scripts)
        return self.allowedMixes.contains { set.isSubset(of: $0) } ? nil : scripts
    }
}
