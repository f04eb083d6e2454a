import KioskGraphics

/// One piece of text as `ViewRenderer` draws it: its lines at their font size and colour, the box
/// they are laid out in, and the frame of the control they belong to (a label's own frame, a
/// button's frame). The renderer draws from these, so a test that measures them measures what
/// is on the screen, not a second guess at it.
public struct PlacedText: Sendable {
    /// What the screen asked to show (before wrapping or "…").
    public let text: String
    /// The lines as drawn; `layout.truncated` when some were cut with "…".
    public let layout: TextLayout
    /// Font size in px (em).
    public let size: Double
    public let color: Color
    public let alignment: TextAlignment
    public let verticalAlignment: VerticalAlignment
    /// The rectangle handed to `Canvas.drawText`.
    public let box: Rect
    /// The most lines `box` gets (the style's limit or what its height holds, the smaller).
    public let lineLimit: Int
    /// The frame the text must stay inside to be readable as part of its control.
    public let control: Rect

    /// Where the drawn lines are: advance widths from HarfBuzz, ascent to descent. Placed the way
    /// `Canvas.drawText` places them.
    public var extent: Rect {
        let block = layout.size
        var top = box.y
        switch verticalAlignment {
        case .top: break
        case .center: top += (box.height - block.height) / 2
        case .bottom: top += box.height - block.height
        }
        let widest = Int(layout.lines.map(\.width).max()?.rounded(.up) ?? 0)
        let left: Int = switch alignment {
        case .leading: box.x
        case .center: box.x + (box.width - widest) / 2
        case .trailing: box.maxX - widest
        }
        return Rect(x: left, y: top, width: widest, height: block.height)
    }

    /// Lines the way `Canvas.drawText` lays them out in `box`: never more than its height holds.
    init(_ text: String, font: Font, size: Double, color: Color, alignment: TextAlignment,
         verticalAlignment: VerticalAlignment, maxLines: Int?, box: Rect, control: Rect) {
        let metrics = font.metrics(size: size)
        let step = max(1, Int(metrics.lineHeight.rounded()))
        let fitLines = max(1, (box.height - Int((metrics.ascent + metrics.descent).rounded(.up))) / step + 1)
        self.text = text
        self.lineLimit = min(maxLines ?? fitLines, fitLines)
        self.layout = TextLayout(text, font: font, size: size, maxWidth: box.width, maxLines: lineLimit)
        self.size = size
        self.color = color
        self.alignment = alignment
        self.verticalAlignment = verticalAlignment
        self.box = box
        self.control = control
    }
}
