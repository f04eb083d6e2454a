import CQRencode
import KioskGraphics

/// Text through KioskGraphics (FreeType + HarfBuzz: any script the fonts cover) and QR through
/// libqrencode, thresholded to 1 bit for the thermal head.
///
/// Sizes are pixel sizes at 8 dots/mm: body 24 dots (3 mm, like the printer's Font A), large
/// 34, huge 52 (the access code, readable from a step away).
public struct GraphicsRasterizer: MonoRasterizer {
    public let regular: Font
    public let bold: Font

    public init(regular: Font, bold: Font) {
        self.regular = regular
        self.bold = bold
    }

    /// DejaVu Sans from Debian's fonts-dejavu-core (Latin, Cyrillic, Greek and the currency signs),
    /// or the files named by `regularPath` / `boldPath`.
    public static func dejaVu(regularPath: String = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                              boldPath: String = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf") throws(GraphicsError) -> GraphicsRasterizer {
        GraphicsRasterizer(regular: try Font(path: regularPath), bold: try Font(path: boldPath))
    }

    static func pixelSize(_ size: ReceiptTextStyle.Size) -> Double {
        switch size {
        case .normal: 24
        case .large: 34
        case .huge: 52
        }
    }

    public func text(_ text: String, style: ReceiptTextStyle, maxWidth: Int, alignment: ESCPOSAlignment) -> MonoBitmap {
        let font = style.bold ? bold : regular
        var size = Self.pixelSize(style.size)
        var layout = TextLayout(text, font: font, size: size, maxWidth: maxWidth)
        // The access code must stay on one line: shrink a huge line rather than wrap it.
        while style.size == .huge && layout.lines.count > 1 && size > 20 {
            size -= 2
            layout = TextLayout(text, font: font, size: size, maxWidth: maxWidth)
        }
        let width = max(1, min(maxWidth, Int((layout.lines.map(\.width).max() ?? 0).rounded(.up)) + 2))
        let height = max(1, layout.size.height)
        let buffer = PixelBuffer(width: width, height: height, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer, trackDamage: false)
        canvas.clear(.white)
        let textAlignment: TextAlignment = switch alignment {
        case .left: .leading
        case .center: .center
        case .right: .trailing
        }
        canvas.drawText(text, font: font, size: size, in: Rect(x: 0, y: 0, width: width, height: height),
                        alignment: textAlignment, color: .black)
        return Self.threshold(buffer)
    }

    /// Dark pixels (green channel below half) become dots. XRGB8888 is B, G, R, X in memory.
    static func threshold(_ buffer: PixelBuffer) -> MonoBitmap {
        precondition(buffer.format == .xrgb8888, "threshold reads XRGB8888")
        var bitmap = MonoBitmap(width: buffer.width, height: buffer.height)
        for y in 0..<buffer.height {
            let row = buffer.row(y).assumingMemoryBound(to: UInt8.self)
            for x in 0..<buffer.width where row[x * 4 + 1] < 128 { bitmap[x, y] = true }
        }
        return bitmap
    }

    /// Model 2, error correction M, byte mode, with the 4-module quiet zone the standard asks for.
    /// Calls QRcode_encodeString.
    public func qr(_ payload: String, moduleDots: Int) -> MonoBitmap? { Self.qrSymbol(payload, moduleDots: moduleDots) }

    public static func qrSymbol(_ payload: String, moduleDots: Int) -> MonoBitmap? {
        guard moduleDots >= 1, let code = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let modules = Int(code.pointee.width)
        let quiet = 4
        let side = (modules + 2 * quiet) * moduleDots
        var bitmap = MonoBitmap(width: side, height: side)
        for y in 0..<modules {
            for x in 0..<modules where code.pointee.data[y * modules + x] & 1 != 0 {
                bitmap.fill(x: (x + quiet) * moduleDots, y: (y + quiet) * moduleDots, width: moduleDots, height: moduleDots)
            }
        }
        return bitmap
    }
}
