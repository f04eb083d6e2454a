import KioskGraphics

/// The display test card: colour bars, ramps, a colour field, a one-pixel checkerboard, text in
/// Latin and Cyrillic, and one button. Technicians use it to check a panel, touch calibration and
/// rotation (`kiosk-display-probe`); the QEMU system test compares the real kernel's scanout with
/// its committed PNG, pixel for pixel.
///
/// Screen 1 shows a "Next" button; tapping it leads to screen 2, where the button turns green and
/// reads "Back" (tapping it again returns). Everything is a pure function of size, screen and font
/// file, so the same frame can be rendered on the host and compared with what a guest displayed.
/// Text uses KioskGraphics (FreeType + HarfBuzz) when a font is given, else a built-in 5×7 bitmap
/// font so the card still shows on a machine whose fonts are missing.
public struct TestCard: Sendable {
    public enum Screen: Int, Sendable { case first = 1, second = 2 }

    public let width: Int
    public let height: Int
    public let font: Font?
    public private(set) var screen: Screen

    public init(width: Int, height: Int, screen: Screen = .first, font: Font? = nil) {
        self.width = width
        self.height = height
        self.screen = screen
        self.font = font
    }

    /// The button, in logical pixels: lower right, large enough for a finger.
    public var button: Rect {
        let bw = max(60, width / 4), bh = max(40, height / 8)
        return Rect(x: width - bw - width / 16, y: height - bh - height / 12, width: bw, height: bh)
    }

    /// The status line that changes with the screen.
    public var statusLine: Rect {
        Rect(x: width / 32, y: button.y, width: button.x - width / 32 - 8, height: max(12, button.height / 2))
    }

    private var unit: Int { max(1, min(width, height) / 200) }

    /// A tap at logical (x, y): what it hit, and the damage to redraw (empty when it hit nothing).
    public mutating func tap(x: Int, y: Int) -> (target: String, damage: [Rect]) {
        guard button.contains(Point(x: x, y: y)) else { return ("none", []) }
        let target = screen == .first ? "next" : "back"
        screen = screen == .first ? .second : .first
        return (target, [button, statusLine])
    }

    /// Draws the whole card for the current screen. XRGB8888 is what the golden files hold; a
    /// 16-bit panel gets it converted by its sink, as every other frame.
    public func draw(into buffer: PixelBuffer) {
        precondition(buffer.width == width && buffer.height == height, "test card size differs from buffer")
        let canvas = Canvas(buffer: buffer, trackDamage: false)
        var p = TestCardPainter(buffer: buffer)
        let w = width, h = height, u = unit
        let background = Color(rgb: 0x1E2A38)
        canvas.clear(background)

        // Colour bars (the SMPTE order) below the title.
        let bars: [UInt32] = [0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0, 0x000000]
        let barTop = h / 8, barHeight = h / 5
        for (i, c) in bars.enumerated() {
            let x0 = i * w / bars.count, x1 = (i + 1) * w / bars.count
            canvas.fillRect(Rect(x: x0, y: barTop, width: x1 - x0, height: barHeight), Color(rgb: c))
        }

        // Ramps: red, green, blue, grey, black to full across the width.
        let rampTop = barTop + barHeight + h / 40, rampHeight = max(4, h / 32)
        for (i, c) in [UInt32(0xFF0000), 0x00FF00, 0x0000FF, 0xFFFFFF].enumerated() {
            canvas.fillLinearGradient(Rect(x: 0, y: rampTop + i * rampHeight, width: w, height: rampHeight),
                                      from: .black, to: Color(rgb: c), direction: .horizontal)
        }

        // A colour field (red across, green down) and a one-pixel checkerboard: any shift, scaling
        // or filtering between the frame and the glass shows at once.
        let fieldTop = rampTop + 4 * rampHeight + h / 40
        let fieldHeight = max(8, button.y - fieldTop - h / 20)
        let fieldWidth = w / 3
        p.shade(x: w / 32, y: fieldTop, width: fieldWidth, height: fieldHeight) { x, y in
            UInt32(x * 255 / max(1, fieldWidth - 1)) << 16 | UInt32(y * 255 / max(1, fieldHeight - 1)) << 8 | 0x60
        }
        let checkX = w / 32 + fieldWidth + w / 32
        p.shade(x: checkX, y: fieldTop, width: w / 8, height: fieldHeight) { x, y in
            (x ^ y) & 1 == 0 ? 0xFFFFFF : 0x000000
        }
        let legendX = checkX + w / 8 + w / 32

        text("Kiosk display test", x: w / 32, top: h / 40, size: h / 16, color: 0xFFFFFF, canvas, &p)
        text("\(w) × \(h)", x: w - w / 32 - w / 6, top: h / 40, size: h / 28, color: 0xFFD040, canvas, &p)
        text("R G B W · 0–255", x: legendX, top: fieldTop, size: h / 32, color: 0x80C0FF, canvas, &p)
        text("Касса · Kiosk · ёжик", x: legendX, top: fieldTop + h / 18, size: h / 32, color: 0xFFA0C0, canvas, &p)

        // Status line and button: the parts a tap changes.
        let sl = statusLine
        canvas.fillRect(sl, background)
        text(screen == .first ? "Screen 1: tap Next" : "Screen 2: thank you!", x: sl.x, top: sl.y,
             size: sl.height * 3 / 4, color: screen == .first ? 0xFFFFFF : 0x60FF60, canvas, &p)

        let b = button
        canvas.fillRect(b, background)
        canvas.fillRoundedRect(b, radius: Double(b.height) / 4, Color(rgb: screen == .first ? 0x2060D0 : 0x20A040))
        canvas.strokeRoundedRect(b, radius: Double(b.height) / 4, width: max(2, u), .white)
        let label = screen == .first ? "Next ›" : "‹ Back"
        if let font {
            canvas.drawText(label, font: font, size: Double(b.height) / 2.2, in: b, alignment: .center,
                            verticalAlignment: .center, maxLines: 1, color: .white)
        } else {
            let ls = max(1, min(2 * u, (b.height - 8) / 7))
            let plain = String(label.map { $0 == "›" ? ">" : $0 == "‹" ? "<" : $0 })
            BitmapFont.draw(plain, x: b.x + (b.width - BitmapFont.width(plain, scale: ls)) / 2,
                            y: b.y + (b.height - 7 * ls) / 2, scale: ls, color: 0xFFFFFF, into: &p)
        }
    }

    /// One line of text whose top is at `top`, `size` px tall.
    private func text(_ s: String, x: Int, top: Int, size: Int, color: UInt32, _ canvas: Canvas, _ p: inout TestCardPainter) {
        if let font {
            let baseline = top + Int(font.metrics(size: Double(size)).ascent.rounded())
            canvas.drawText(s, font: font, size: Double(size), at: Point(x: x, y: baseline), color: Color(rgb: color))
        } else {
            BitmapFont.draw(s, x: x, y: top, scale: max(1, size / 8), color: color, into: &p)
        }
    }
}
