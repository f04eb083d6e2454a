import KioskGraphics

/// A view placed on the screen: its frame and its placed children. The renderer draws these and
/// hit testing walks them, so what is drawn and what is tappable can never disagree.
public struct LayoutNode: Sendable, Equatable {
    public let kind: View.Kind
    public let frame: Rect
    public let children: [LayoutNode]

    /// The deepest enabled button under `point`, if any: what a tap there does.
    public func action(at point: Point) -> UIAction? {
        guard frame.contains(point) else { return nil }
        for child in children.reversed() {
            if let action = child.action(at: point) { return action }
        }
        if case let .button(_, _, _, action, enabled, _) = kind, enabled { return action }
        return nil
    }

    /// Every node, depth first (drawing order).
    public func flattened() -> [LayoutNode] {
        [self] + children.flatMap { $0.flattened() }
    }

    /// Enabled buttons with their frames, in drawing order: for tests and for scripted input.
    public var buttons: [(action: UIAction, frame: Rect, title: String)] {
        flattened().compactMap { node in
            if case let .button(title, _, _, action?, true, _) = node.kind { return (action, node.frame, title) }
            return nil
        }
    }

    /// All text shown (labels and button titles), for tests that read a screen.
    public var texts: [String] {
        flattened().flatMap { node -> [String] in
            switch node.kind {
            case let .text(s, _): [s]
            case let .button(title, detail, _, _, _, _): [title] + (detail.map { [$0] } ?? [])
            default: []
            }
        }
    }
}
