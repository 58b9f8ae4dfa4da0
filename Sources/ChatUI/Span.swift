/// A run of text in one style: the unit the renderer puts on the canvas.
public struct Span: Equatable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// Columns the text takes.
    public var width: Int { TextWidth.columns(of: self.text) }
}
