import KioskGraphics

/// Draws laid-out views onto a canvas and redraws only what changed since the last frame.
///
/// It remembers the last frame's drawn items (kind + frame). A new frame is compared item by item:
/// the frames of items that appeared, disappeared or changed are the damage; only those areas are
/// cleared and redrawn (everything intersecting them, clipped), so a payment screen that updates
/// "inserted" redraws two labels, not 2 million pixels. Those rectangles, returned by `render`, are
/// what the display sink presents: the renderer's tracker is the kiosk's one record of damage (its
/// canvas records none).
public final class ViewRenderer {
    /// The theme frames are drawn in; a customer's display mode changes it (`setTheme`).
    public private(set) var theme: Theme
    public let font: Font
    private var previous: [DrawItem] = []
    /// Icon masks at the sizes drawn so far (a display mode changes the size).
    var iconMasks: [String: Image] = [:]
    private var previousSize: Size?

    public init(theme: Theme, font: Font) {
        self.theme = theme
        self.font = font
    }

    struct DrawItem: Equatable {
        let kind: View.Kind
        let frame: Rect
    }

    /// Forgets the last frame: the next render draws everything (after the sink was reset).
    public func invalidate() { previous = []; previousSize = nil }

    /// Draws from now on in `theme` (large text, high contrast): every pixel changes, so the next
    /// frame is drawn whole.
    public func setTheme(_ theme: Theme) {
        guard theme != self.theme else { return }
        self.theme = theme
        invalidate()
    }

    /// Draws `root` and returns the rectangles that changed (empty when nothing did).
    @discardableResult
    public func render(_ root: LayoutNode, on canvas: Canvas) -> [Rect] {
        let items = root.flattened().compactMap { node -> DrawItem? in
            if case .stack = node.kind { return nil }
            if case .spacer = node.kind { return nil }
            return DrawItem(kind: node.kind, frame: node.frame)
        }
        var damage = DamageTracker(bounds: canvas.bounds, maxRects: 12)
        if previousSize != Size(width: canvas.bounds.width, height: canvas.bounds.height) {
            damage.addAll()
        } else {
            let old = previous
            for item in old where !items.contains(item) { damage.add(item.frame) }
            for item in items where !old.contains(item) { damage.add(item.frame) }
        }
        previous = items
        previousSize = Size(width: canvas.bounds.width, height: canvas.bounds.height)
        let rects = damage.take()
        for rect in rects {
            canvas.withClip(rect) {
                canvas.clear(theme.background)
                for item in items where item.frame.intersects(rect) { draw(item, on: canvas) }
            }
        }
        return rects
    }

    private func draw(_ item: DrawItem, on canvas: Canvas) {
        let f = item.frame
        switch item.kind {
        case let .panel(fill, _):
            let color: Color = switch fill {
            case .surface: theme.surface
            case .warning: theme.palette.warningPanel
            case .danger: theme.palette.dangerPanel
            case .success: theme.palette.successPanel
            }
            canvas.fillRoundedRect(f, radius: theme.cornerRadius, color)
            if fill != .surface {
                let edge: Color = fill == .warning ? theme.warning : fill == .danger ? theme.danger : theme.success
                canvas.strokeRoundedRect(f, radius: theme.cornerRadius, width: theme.borderWidth, edge)
            }
        case .text:
            drawTexts(of: item, on: canvas)
        case let .button(_, _, style, _, enabled, icon):
            let (fill, ink) = buttonColors(style: style, enabled: enabled)
            canvas.fillRoundedRect(f, radius: theme.cornerRadius, fill)
            if enabled, style == .secondary || style == .key {
                canvas.strokeRoundedRect(f, radius: theme.cornerRadius, width: theme.borderWidth, theme.outline)
            }
            drawTexts(of: item, on: canvas)
            if let icon, theme.drawsIcons { drawIcon(icon, beside: placedTexts(item.kind, frame: f), in: f, ink: ink, on: canvas) }
        case let .qr(matrix):
            drawQR(matrix, in: f, on: canvas)
        case .illustration(let picture):
            draw(picture, in: f, on: canvas)
        case .stack, .spacer:
            break
        }
    }

    private func drawTexts(of item: DrawItem, on canvas: Canvas) {
        for t in placedTexts(item.kind, frame: item.frame) {
            canvas.drawText(t.text, font: font, size: t.size, in: t.box, alignment: t.alignment,
                            verticalAlignment: t.verticalAlignment, maxLines: t.lineLimit, color: t.color)
        }
    }

    /// Whole-pixel modules with the 4-module quiet zone on white: phone cameras read it at once.
    private func drawQR(_ m: QRMatrix, in f: Rect, on canvas: Canvas) {
        let modules = m.size + 8
        let px = max(1, f.width / modules)
        let side = px * modules
        let origin = Point(x: f.x + (f.width - side) / 2, y: f.y + (f.height - side) / 2)
        canvas.fillRect(Rect(x: origin.x, y: origin.y, width: side, height: side), theme.qrBackground)
        for y in 0..<m.size {
            var x = 0
            while x < m.size {
                guard m[x, y] else { x += 1; continue }
                var run = 1
                while x + run < m.size, m[x + run, y] { run += 1 }
                canvas.fillRect(Rect(x: origin.x + (x + 4) * px, y: origin.y + (y + 4) * px, width: run * px, height: px), .black)
                x += run
            }
        }
    }
}
