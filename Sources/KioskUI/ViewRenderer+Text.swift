import KioskGraphics

extension ViewRenderer {
    /// Every text `render` draws for `root`, in drawing order: labels and button titles/details.
    public func placedTexts(_ root: LayoutNode) -> [PlacedText] {
        root.flattened().flatMap { placedTexts($0.kind, frame: $0.frame) }
    }

    /// The texts of one node: a label fills its frame (centred vertically); a button's title and
    /// detail sit centred inside its padding.
    func placedTexts(_ kind: View.Kind, frame f: Rect) -> [PlacedText] {
        switch kind {
        case let .text(text, style):
            return [PlacedText(text, font: font, size: theme.fontSize(style.size), color: color(style.role),
                               alignment: style.alignment, verticalAlignment: .center, maxLines: style.maxLines,
                               box: f, control: f)]
        case let .button(title, detail, style, _, enabled, icon):
            let (_, ink) = buttonColors(style: style, enabled: enabled)
            var inner = f.insetBy(style == .key ? theme.keyPadding : theme.buttonPadding)
            if icon != nil, theme.drawsIcons {   // the icon's column on the left; the label centred in the rest
                let iconWidth = theme.iconSide + theme.buttonPadding
                inner = Rect(x: inner.x + iconWidth, y: inner.y, width: inner.width - iconWidth, height: inner.height)
            }
            guard inner.width > 0, inner.height > 0 else { return [] }
            let titleSize = theme.fontSize(.body), detailSize = theme.fontSize(.caption)
            let titleLayout = TextLayout(title, font: font, size: titleSize, maxWidth: inner.width, maxLines: Self.titleLines)
            let detailLayout = detail.map { TextLayout($0, font: font, size: detailSize, maxWidth: inner.width, maxLines: Self.detailLines) }
            let total = titleLayout.size.height + (detailLayout?.size.height ?? 0)
            var y = inner.y + max(0, (inner.height - total) / 2)
            var placed = [PlacedText(title, font: font, size: titleSize, color: ink, alignment: .center, verticalAlignment: .top,
                                     maxLines: Self.titleLines, box: Rect(x: inner.x, y: y, width: inner.width, height: titleLayout.size.height),
                                     control: f)]
            y += titleLayout.size.height
            if let detail, let detailLayout {
                placed.append(PlacedText(detail, font: font, size: detailSize, color: ink.withOpacity(0.85), alignment: .center,
                                         verticalAlignment: .top, maxLines: Self.detailLines,
                                         box: Rect(x: inner.x, y: y, width: inner.width, height: detailLayout.size.height),
                                         control: f))
            }
            return placed
        case .stack, .panel, .qr, .illustration, .spacer:
            return []
        }
    }

    /// The most lines a button's title and detail get: room for a long Russian label in large text.
    static let titleLines = 4
    static let detailLines = 3

    func color(_ role: TextStyle.Role) -> Color {
        switch role {
        case .normal: theme.text
        case .muted: theme.mutedText
        case .accent: theme.primary
        case .danger: theme.palette.dangerText
        case .success: theme.palette.successText
        }
    }

    /// Fill and ink of a button.
    func buttonColors(style: ButtonStyle, enabled: Bool) -> (fill: Color, ink: Color) {
        if !enabled { return (theme.disabled, theme.onDisabled) }
        return switch style {
        case .primary: (theme.primary, theme.onPrimary)
        case .secondary: (theme.secondary, theme.onSecondary)
        case .danger: (theme.danger, theme.onDanger)
        case .key: (theme.surface, theme.text)
        case .selected: (theme.text, theme.background)
        }
    }
}
