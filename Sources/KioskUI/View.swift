import KioskGraphics

/// How a child claims room along its parent's axis.
public enum Length: Sendable, Equatable {
    /// Exactly this many px.
    case fixed(Int)
    /// What its content needs (text height for the width it gets, a button's height, ...).
    case fit
    /// A share of what is left after fixed and fitted siblings, by weight.
    case flex(Int)
}

public enum Axis: Sendable, Equatable { case horizontal, vertical }

/// Text appearance: a size step of the theme, colour role and alignment.
public struct TextStyle: Sendable, Equatable {
    public enum Size: Sendable, Equatable { case caption, body, title, headline, code }
    public enum Role: Sendable, Equatable { case normal, muted, accent, danger, success }
    public var size: Size
    public var role: Role
    public var alignment: TextAlignment
    public var maxLines: Int?

    public init(_ size: Size, _ role: Role = .normal, alignment: TextAlignment = .leading, maxLines: Int? = nil) {
        self.size = size
        self.role = role
        self.alignment = alignment
        self.maxLines = maxLines
    }
}

/// Button appearance.
public enum ButtonStyle: Sendable, Equatable {
    /// The one thing to do next: yellow, black text.
    case primary
    /// Other choices.
    case secondary
    /// Cancel, out of service.
    case danger
    /// A key on the on-screen keyboard.
    case key
    /// A selected tab or toggle.
    case selected
}

/// One node of the view tree that a `ScreenBuilder` makes from the screen model. Views are values
/// with no behaviour: layout places them, `ViewRenderer` draws them, hit testing finds buttons.
public struct View: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case stack(Axis, spacing: Int, padding: Int)
        /// A filled, rounded background behind its single child stack.
        case panel(fill: PanelFill, padding: Int)
        case text(String, TextStyle)
        /// A button; its icon, if any, sits just before its label.
        case button(title: String, detail: String?, style: ButtonStyle, action: UIAction?, enabled: Bool, icon: Icon?)
        case qr(QRMatrix)
        case illustration(Illustration)
        case spacer
    }

    public enum PanelFill: Sendable, Equatable { case surface, warning, danger, success }

    public var kind: Kind
    public var length: Length
    public var children: [View]

    public init(_ kind: Kind, length: Length = .fit, children: [View] = []) {
        self.kind = kind
        self.length = length
        self.children = children
    }

    // MARK: Building

    public static func column(_ children: [View], spacing: Int = 0, padding: Int = 0, length: Length = .flex(1)) -> View {
        View(.stack(.vertical, spacing: spacing, padding: padding), length: length, children: children)
    }

    public static func row(_ children: [View], spacing: Int = 0, padding: Int = 0, length: Length = .fit) -> View {
        View(.stack(.horizontal, spacing: spacing, padding: padding), length: length, children: children)
    }

    public static func panel(_ fill: PanelFill = .surface, padding: Int, length: Length = .fit, _ content: View) -> View {
        View(.panel(fill: fill, padding: padding), length: length, children: [content])
    }

    public static func text(_ text: String, _ style: TextStyle, length: Length = .fit) -> View {
        View(.text(text, style), length: length)
    }

    public static func button(_ title: String, detail: String? = nil, icon: Icon? = nil, style: ButtonStyle = .secondary,
                              action: UIAction?, enabled: Bool = true, length: Length = .fit) -> View {
        View(.button(title: title, detail: detail, style: style, action: action, enabled: enabled, icon: icon), length: length)
    }

    public static func illustration(_ picture: Illustration, length: Length) -> View { View(.illustration(picture), length: length) }

    public static func qr(_ matrix: QRMatrix, length: Length) -> View { View(.qr(matrix), length: length) }

    public static func spacer(_ length: Length = .flex(1)) -> View { View(.spacer, length: length) }

    /// Every button's action in this tree, enabled or not, depth first: for tests that follow a
    /// screen's links (its further pages) without laying it out.
    public var actions: [UIAction] {
        var own: [UIAction] = []
        if case let .button(_, _, _, action?, _, _) = kind { own = [action] }
        return own + children.flatMap(\.actions)
    }
}
