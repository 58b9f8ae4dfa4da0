/// SQLite `file:` URIs (sqlite-nio opens with SQLITE_OPEN_URI), for opening a store read-only.
enum SQLiteURI {
    /// `file:PATH?mode=ro`, with the characters a URI gives meaning to (`%`, `?`, `#`) percent-encoded.
    static func readOnly(path: String) -> String {
        var encoded = ""
        for character in path.unicodeScalars {
            switch character {
            case "%": encoded += "%25"
            case "?": encoded += "%3F"
            case "#": encoded += "%23"
            default: encoded.unicodeScalars.append(character)
            }
        }
        // A path that starts with "//" would be read as an authority.
        if encoded.hasPrefix("//") { encoded = "/" + encoded.drop { $0 == "/" } }
        return "file:" + encoded + "?mode=ro"
    }
}
