import KioskGraphics

/// Places a view tree in a rectangle: stacks split their main axis between fixed, fitted and
/// flexible children and give every child the full cross size. Text is measured with the real
/// font (HarfBuzz advances), so a Russian label that is longer than its English one gets the
/// lines it needs instead of overflowing.
public struct LayoutEngine {
    public let theme: Theme
    public let font: Font

    public init(theme: Theme, font: Font) {
        self.theme = theme
        self.font = font
    }

    public func layout(_ view: View, in rect: Rect) -> LayoutNode {
        switch view.kind {
        case let .stack(axis, spacing, padding):
            let inner = rect.insetBy(padding)
            let main = axis == .vertical ? inner.height : inner.width
            let cross = axis == .vertical ? inner.width : inner.height
            let sizes = distribute(view.children, axis: axis, total: main, cross: cross, spacing: spacing)
            var offset = 0
            var placed: [LayoutNode] = []
            for (child, size) in zip(view.children, sizes) {
                let r = axis == .vertical
                    ? Rect(x: inner.x, y: inner.y + offset, width: inner.width, height: size)
                    : Rect(x: inner.x + offset, y: inner.y, width: size, height: inner.height)
                placed.append(layout(child, in: r))
                offset += size + spacing
            }
            return LayoutNode(kind: view.kind, frame: rect, children: placed)
        case let .panel(_, padding):
            let inner = rect.insetBy(padding)
            return LayoutNode(kind: view.kind, frame: rect, children: view.children.map { layout($0, in: inner) })
        case .qr:
            // Square, centred in what it was given.
            let side = min(rect.width, rect.height)
            let square = Rect(x: rect.x + (rect.width - side) / 2, y: rect.y + (rect.height - side) / 2, width: side, height: side)
            return LayoutNode(kind: view.kind, frame: square, children: [])
        default:
            return LayoutNode(kind: view.kind, frame: rect, children: [])
        }
    }

    /// Sizes along the main axis for `children` sharing `total` px.
    func distribute(_ children: [View], axis: Axis, total: Int, cross: Int, spacing: Int) -> [Int] {
        let available = total - spacing * max(0, children.count - 1)
        var sizes = children.map { child -> Int in
            switch child.length {
            case let .fixed(px): px
            case .fit: measure(child, along: axis, cross: cross)
            case .flex: 0
            }
        }
        let weights = children.map { if case let .flex(w) = $0.length { max(0, w) } else { 0 } }
        let totalWeight = weights.reduce(0, +)
        let left = max(0, available - sizes.reduce(0, +))
        if totalWeight > 0 {
            var given = 0
            var lastFlex = 0
            for i in children.indices where weights[i] > 0 {
                sizes[i] = left * weights[i] / totalWeight
                given += sizes[i]
                lastFlex = i
            }
            sizes[lastFlex] += left - given   // rounding remainder to the last flexible child
        }
        return sizes
    }

    /// What `view` needs along `axis` when it gets `cross` px the other way.
    func measure(_ view: View, along axis: Axis, cross: Int) -> Int {
        if case let .fixed(px) = view.length { return px }
        switch view.kind {
        case let .text(text, style):
            let size = theme.fontSize(style.size)
            if axis == .vertical {
                return TextLayout(text, font: font, size: size, maxWidth: max(1, cross), maxLines: style.maxLines).size.height
            }
            return Int(TextLayout.measure(text, font: font, size: size).rounded(.up)) + 2
        case let .button(title, detail, style, _, _, icon):
            let pad = style == .key ? theme.keyPadding : theme.buttonPadding
            let icon = theme.drawsIcons ? icon : nil
            let iconWidth = icon == nil ? 0 : theme.iconSide + pad
            if axis == .vertical {
                let inner = max(1, cross - 2 * pad - iconWidth)
                var h = TextLayout(title, font: font, size: theme.fontSize(.body), maxWidth: inner).size.height
                if let detail { h += TextLayout(detail, font: font, size: theme.fontSize(.caption), maxWidth: inner).size.height }
                return max(theme.buttonHeight, max(h, icon == nil ? 0 : theme.iconSide) + 2 * pad)
            }
            let w = Int(TextLayout.measure(title, font: font, size: theme.fontSize(.body)).rounded(.up))
            return max(theme.minTarget, w + 2 * pad + iconWidth)
        case let .stack(stackAxis, spacing, padding):
            let innerCross = cross - 2 * padding
            if stackAxis == axis {
                let parts = view.children.map { child -> Int in
                    if case .flex = child.length { return 0 }
                    return measure(child, along: axis, cross: innerCross)
                }
                return parts.reduce(0, +) + spacing * max(0, view.children.count - 1) + 2 * padding
            }
            let shares = distribute(view.children, axis: stackAxis, total: innerCross, cross: 0, spacing: spacing)
            // A child's length is along this stack's axis: across it, its content decides (a
            // fixed-width spacer in a row is no height at all).
            let tallest = zip(view.children, shares).map { child, share in
                var across = child
                if case .fixed = child.length { across.length = .fit }
                return measure(across, along: axis, cross: share)
            }.max() ?? 0
            return tallest + 2 * padding
        case let .panel(_, padding):
            let inner = view.children.map { measure($0, along: axis, cross: cross - 2 * padding) }.max() ?? 0
            return inner + 2 * padding
        case .qr:
            return cross
        case .illustration:
            return theme.buttonHeight * 2
        case .spacer:
            return 0
        }
    }
}
