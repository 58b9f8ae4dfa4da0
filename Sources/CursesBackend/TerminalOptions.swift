/// How `CursesTerminal` takes the terminal: colours and the mouse.
public struct TerminalOptions: Equatable, Sendable {
    /// Use colour pairs (names, errors, mentions); without them bold, dim and reverse still mark roles.
    public var colors: Bool
    /// Ask for mouse-wheel reports; off leaves the mouse to the terminal (plain drag selects text).
    public var mouse: Bool

    public init(colors: Bool = true, mouse: Bool = true) {
        self.colors = colors
        self.mouse = mouse
    }

    /// Whether the environment allows colours: no-color.org says `NO_COLOR` set to any non-empty value turns them
    /// off (an empty one does not).
    public static func colorsAllowed(environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty
    }
}
