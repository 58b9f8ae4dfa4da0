import CNCursesW
import ChatUI

/// Maps `Style`s to curses attributes and colour pairs, and creates those pairs.
struct StylePalette {
    /// Foreground colours of the nickname pairs, in palette order (`.name(i)` uses pair `1 + i % 6`).
    static let nameColors: [Int16] = [
        Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW),
        Int16(COLOR_BLUE), Int16(COLOR_MAGENTA), Int16(COLOR_CYAN),
    ]
    /// Colour pair numbers for the roles that have one.
    static let errorPair: Int16 = 7
    static let privateMessagePair: Int16 = 8
    static let mentionPair: Int16 = 9

    /// Whether colour pairs were created; without them roles fall back to attributes only.
    let hasColors: Bool

    /// Starts colours on the current screen and creates the pairs; call once after `newterm`.
    static func start() -> StylePalette {
        guard has_colors(), start_color() == OK else { return StylePalette(hasColors: false) }
        // -1 is the terminal's own background; if that is unsupported fall back to black.
        let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
        var ok = true
        for (index, color) in nameColors.enumerated() {
            ok = init_pair(Int16(1 + index), color, background) == OK && ok
        }
        ok = init_pair(errorPair, Int16(COLOR_RED), background) == OK && ok
        ok = init_pair(privateMessagePair, Int16(COLOR_MAGENTA), background) == OK && ok
        ok = init_pair(mentionPair, Int16(COLOR_YELLOW), background) == OK && ok
        return StylePalette(hasColors: ok)
    }

    /// The attributes and colour pair to draw `style` with.
    func attributes(for style: Style) -> (attributes: attr_t, pair: Int16) {
        var attributes = NC_A_NORMAL
        var pair: Int16 = 0
        switch style.role {
        case .normal:
            break
        case .name(let index):
            let count = Self.nameColors.count
            pair = Int16(1 + ((index % count) + count) % count)
        case .muted, .notice, .chrome:
            attributes |= NC_A_DIM
        case .error:
            pair = Self.errorPair
            if !hasColors { attributes |= NC_A_BOLD }
        case .privateMessage:
            pair = Self.privateMessagePair
        case .mention:
            pair = Self.mentionPair
            attributes |= NC_A_BOLD
        case .status:
            attributes |= NC_A_REVERSE
        }
        if style.bold { attributes |= NC_A_BOLD }
        if style.dim { attributes |= NC_A_DIM }
        if style.reverse { attributes |= NC_A_REVERSE }
        return (attributes, hasColors ? pair : 0)
    }
}
