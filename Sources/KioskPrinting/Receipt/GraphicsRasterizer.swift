import KioskGraphics

/// Text and QR through KioskGraphics (FreeType + HarfBuzz: any script the fonts cover; QR from
/// libqrencode with whole-dot modules), thresholded to 1 bit for the thermal head.
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

    /// Dark pixels become dots (KioskGraphics' threshold at half luminance: crisp text edges).
    static func threshold(_ buffer: PixelBuffer) -> MonoBitmap {
        MonoBitmap(buffer.monochrome(.threshold(128)))
    }

    /// Model 2, error correction M, byte mode, with the 4-module quiet zone the standard asks for.
    public func qr(_ payload: String, moduleDots: Int) -> MonoBitmap? { Self.qrSymbol(payload, moduleDots: moduleDots) }

    public static func qrSymbol(_ payload: String, moduleDots: Int) -> MonoBitmap? {
        guard moduleDots >= 1, let code = try? QRCode(payload, errorCorrection: .medium) else { return nil }
        let quiet = 4
        var bitmap = MonoBitmap(width: code.pixelSize(moduleSize: moduleDots, quietZone: quiet),
                                height: code.pixelSize(moduleSize: moduleDots, quietZone: quiet))
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) {
                bitmap.fill(x: (x + quiet) * moduleDots, y: (y + quiet) * moduleDots, width: moduleDots, height: moduleDots)
            }
        }
        return bitmap
    }
}

extension MonoBitmap {
    /// The same bits as KioskGraphics' printer raster (both MSB-first, 1 = black).
    public init(_ raster: MonochromeRaster) {
        self.init(width: raster.width, height: raster.height, bits: raster.bytes)
    }
}
