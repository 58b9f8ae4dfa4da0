/// The terminal's title (xterm's OSC 2, which tmux takes for the pane's title): when to write it and how. Pure.
///
/// A title is written only to a terminal that has one: terminfo says so (`tsl` and `fsl`), or `TERM` names a kind
/// that has (xterm, screen, tmux and their relatives: their entries often lack `tsl`). Never to `dumb`. The title
/// the terminal had is saved first on xterm's title stack (`CSI 22;0t`) and put back at exit (`CSI 23;0t`);
/// terminals without the stack ignore both.
public enum TerminalTitle {
    /// `TERM` prefixes of terminals that take OSC 2 even when terminfo does not say so.
    static let knownPrefixes = ["xterm", "screen", "tmux", "rxvt", "alacritty", "foot", "kitty", "wezterm"]

    /// Whether to write titles to a terminal of type `term`, whose terminfo entry has (or lacks) a title line.
    public static func isSupported(term: String, hasTitleLine: Bool) -> Bool {
        guard !term.isEmpty, term != "dumb" else { return false }
        return hasTitleLine || self.knownPrefixes.contains { term.hasPrefix($0) }
    }

    /// Saves the terminal's own title (and icon name) on its title stack.
    static let save = "\u{1B}[22;0t"
    /// Puts back the title saved.
    static let restore = "\u{1B}[23;0t"

    /// The OSC 2 sequence that sets the title to `title`, its control characters dropped (a title cannot end the
    /// sequence early or start another) and cut to 200 characters.
    public static func sequence(for title: String) -> String {
        var clean = String.UnicodeScalarView()
        for scalar in title.unicodeScalars.prefix(200)
        where scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) {
            clean.append(scalar)
        }
        return "\u{1B}]2;" + String(clean) + "\u{07}"
    }
}
