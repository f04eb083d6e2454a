import KioskGraphics

/// The display test card: colour bars, ramps, a colour field, text and one button. Technicians use
/// it to check a panel, touch calibration and rotation (`kiosk-display-probe`), and the QEMU system
/// test compares the real kernel's scanout with its committed PNG, pixel for pixel.
///
/// Screen 1 shows a "NEXT >" button; tapping it leads to screen 2, where the button turns green and
/// reads "< BACK" (tapping it again returns). Everything is a pure function of size and screen, so
/// the same frame can be rendered on the host and compared with what a guest displayed.
public struct TestCard: Sendable {
    public enum Screen: Int, Sendable { case first = 1, second = 2 }

    public let width: Int
    public let height: Int
    public private(set) var screen: Screen = .first

    public init(width: Int, height: Int, screen: Screen = .first) {
        self.width = width
        self.height = height
        self.screen = screen
    }

    /// The button, in logical pixels: lower right quarter, large enough for a finger.
    public var button: DisplayRect {
        let bw = max(60, width / 4), bh = max(40, height / 8)
        return DisplayRect(x: width - bw - width / 16, y: height - bh - height / 12, width: bw, height: bh)
    }

    /// The status line that changes with the screen.
    public var statusLine: DisplayRect {
        let s = textScale
        return DisplayRect(x: width / 32, y: button.y, width: button.x - width / 32 - 8, height: 7 * s + 2 * s)
    }

    private var textScale: Int { max(1, min(width, height) / 200) }

    /// A tap at logical (x, y): what it hit, and the damage to redraw (empty when it hit nothing).
    public mutating func tap(x: Int, y: Int) -> (target: String, damage: [DisplayRect]) {
        guard button.contains(x: x, y: y) else { return ("none", []) }
        let target = screen == .first ? "next" : "back"
        screen = screen == .first ? .second : .first
        return (target, [button, statusLine])
    }

    /// Draws the whole card for the current screen.
    public func draw(into buffer: PixelBuffer) {
        precondition(buffer.width == width && buffer.height == height, "test card size differs from buffer")
        var p = TestCardPainter(buffer: buffer)
        let w = width, h = height, s = textScale
        p.fill(x: 0, y: 0, width: w, height: h, color: 0x1E2A38)

        // Colour bars (the SMPTE order), top quarter.
        let bars: [UInt32] = [0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0, 0x000000]
        let barTop = h / 8, barHeight = h / 5
        for (i, c) in bars.enumerated() {
            let x0 = i * w / bars.count, x1 = (i + 1) * w / bars.count
            p.fill(x: x0, y: barTop, width: x1 - x0, height: barHeight, color: c)
        }

        // Ramps: red, green, blue, grey, every level across the width.
        let rampTop = barTop + barHeight + h / 40, rampHeight = max(4, h / 32)
        let den = max(1, w - 1)
        for (i, mask) in [UInt32(0xFF0000), 0x00FF00, 0x0000FF, 0xFFFFFF].enumerated() {
            p.shade(x: 0, y: rampTop + i * rampHeight, width: w, height: rampHeight) { x, _ in
                let v = UInt32(x * 255 / den)
                return (v << 16 | v << 8 | v) & mask
            }
        }

        // A colour field: red across, green down, blue from the screen number.
        let fieldTop = rampTop + 4 * rampHeight + h / 40
        let fieldHeight = max(8, button.y - fieldTop - h / 20)
        let fieldWidth = w / 3
        p.shade(x: w / 32, y: fieldTop, width: fieldWidth, height: fieldHeight) { x, y in
            UInt32(x * 255 / max(1, fieldWidth - 1)) << 16 | UInt32(y * 255 / max(1, fieldHeight - 1)) << 8 | 0x60
        }
        // A one-pixel checkerboard: any shift, scaling or filtering shows at once.
        let checkX = w / 32 + fieldWidth + w / 32
        p.shade(x: checkX, y: fieldTop, width: w / 8, height: fieldHeight) { x, y in
            (x ^ y) & 1 == 0 ? 0xFFFFFF : 0x000000
        }

        // Title and size.
        BitmapFont.draw("KIOSK DISPLAY TEST", x: w / 32, y: h / 40, scale: 2 * s, color: 0xFFFFFF, into: &p)
        let info = "\(w) X \(h)"
        BitmapFont.draw(info, x: w - w / 32 - BitmapFont.width(info, scale: s), y: h / 40, scale: s,
                        color: 0xFFD040, into: &p)
        let legend = "R G B W 0-255"
        BitmapFont.draw(legend, x: checkX + w / 8 + w / 32, y: fieldTop, scale: s, color: 0x80C0FF, into: &p)

        // Status line and button: the parts a tap changes.
        let status = screen == .first ? "SCREEN 1: TAP NEXT" : "SCREEN 2: TAP OK!"
        let sl = statusLine
        p.fill(x: sl.x, y: sl.y, width: sl.width, height: sl.height, color: 0x1E2A38)
        BitmapFont.draw(status, x: sl.x, y: sl.y + s, scale: s, color: screen == .first ? 0xFFFFFF : 0x60FF60, into: &p)

        let b = button
        let face: UInt32 = screen == .first ? 0x2060D0 : 0x20A040
        p.fill(x: b.x, y: b.y, width: b.width, height: b.height, color: face)
        p.frame(x: b.x, y: b.y, width: b.width, height: b.height, thickness: max(2, s), color: 0xFFFFFF)
        let label = screen == .first ? "NEXT >" : "< BACK"
        let ls = max(1, min(2 * s, (b.height - 8) / 7))
        BitmapFont.draw(label, x: b.x + (b.width - BitmapFont.width(label, scale: ls)) / 2,
                        y: b.y + (b.height - 7 * ls) / 2, scale: ls, color: 0xFFFFFF, into: &p)
    }
}
