import KioskCore
import KioskDomain

/// Draws text and QR symbols as dots (8 dots per millimetre, a 203 dpi thermal head) for raster
/// receipts and voucher cards. The kiosk's implementation uses KioskGraphics (FreeType + HarfBuzz
/// text, libqrencode QR); tests may plug in anything.
public protocol MonoRasterizer: Sendable {
    /// `text` in `style`, black on white, no wider than `maxWidth` (wrapped onto more lines if
    /// needed, each line placed by `alignment` within the widest).
    func text(_ text: String, style: ReceiptTextStyle, maxWidth: Int, alignment: ESCPOSAlignment) -> MonoBitmap
    /// A QR symbol with a quiet zone, each module `moduleDots` square; nil if the payload does not fit.
    func qr(_ payload: String, moduleDots: Int) -> MonoBitmap?
}

/// How receipts reach an ESC/POS printer.
public enum ReceiptMode: Sendable {
    /// Every line drawn into one 1-bit image (GS v 0): any language, the QR exactly as drawn.
    case raster(any MonoRasterizer)
    /// The printer's own font in `codePage` and its own QR (GS ( k): for printers without
    /// raster graphics, or when speed over a slow serial link matters more than looks.
    case text(ESCPOSCodePage)
}

/// Turns receipt blocks into the bytes for a roll of `paperWidth` dots (384 for 58 mm, 576 for 80 mm).
public struct ReceiptEncoder: Sendable {
    public var paperWidth: Int
    public var mode: ReceiptMode
    /// QR module size in dots: 6 dots at 203 dpi is 0.75 mm, which phone cameras read easily.
    public var qrModuleDots: Int
    public var rasterBandRows: Int

    public init(paperWidth: Int, mode: ReceiptMode, qrModuleDots: Int = 6, rasterBandRows: Int = 256) {
        precondition(paperWidth >= 64 && paperWidth % 8 == 0, "paper width must be a whole number of bytes (384, 576)")
        self.paperWidth = paperWidth
        self.mode = mode
        self.qrModuleDots = qrModuleDots
        self.rasterBandRows = rasterBandRows
    }

    /// Blank rows between lines of drawn text (glyph boxes alone would touch).
    var lineGap: Int { 4 }

    /// Side margins in dots: thermal heads print edge to edge, paper edges curl.
    var margin: Int { paperWidth >= 576 ? 16 : 8 }

    public func encode(_ blocks: [ReceiptBlock]) -> ESCPOSWriter {
        var writer = ESCPOSWriter(rasterBandRows: rasterBandRows)
        writer.initialize()
        switch mode {
        case .raster(let rasterizer):
            writer.raster(image(blocks, rasterizer))
        case .text(let page):
            writer.codePage(page)
            encodeText(blocks, page: page, into: &writer)
        }
        writer.cut(.feedAndPartial(64))
        return writer
    }

    public func encode(_ receipt: Receipt) -> ESCPOSWriter { encode(ReceiptLayout.blocks(for: receipt)) }

    // MARK: Raster

    /// The whole receipt as one image `paperWidth` wide.
    public func image(_ blocks: [ReceiptBlock], _ rasterizer: any MonoRasterizer) -> MonoBitmap {
        var paper = MonoBitmap(width: paperWidth, height: 0)
        let usable = paperWidth - 2 * margin
        func place(_ piece: MonoBitmap, _ alignment: ESCPOSAlignment) {
            var band = MonoBitmap(width: paperWidth, height: piece.height)
            let x = switch alignment {
            case .left: margin
            case .center: (paperWidth - piece.width) / 2
            case .right: paperWidth - margin - piece.width
            }
            band.draw(piece, x: x, y: 0)
            paper.append(band)
        }
        for block in blocks {
            switch block {
            case .text(let text, let style, let alignment):
                place(rasterizer.text(text, style: style, maxWidth: usable, alignment: alignment), alignment)
                paper.appendBlank(rows: lineGap)
            case .columns(let left, let right, let style):
                let rightImage = rasterizer.text(right, style: style, maxWidth: usable / 2, alignment: .right)
                let leftImage = rasterizer.text(left, style: style, maxWidth: max(8, usable - rightImage.width - 16), alignment: .left)
                var band = MonoBitmap(width: paperWidth, height: max(leftImage.height, rightImage.height))
                band.draw(leftImage, x: margin, y: 0)
                band.draw(rightImage, x: paperWidth - margin - rightImage.width, y: 0)
                paper.append(band)
                paper.appendBlank(rows: lineGap)
            case .rule:
                var band = MonoBitmap(width: paperWidth, height: 12)
                band.fill(x: margin, y: 5, width: usable, height: 2)
                paper.append(band)
            case .qr(let payload):
                // Shrink the modules until the symbol fits the paper.
                var dots = qrModuleDots
                while dots > 1, let symbol = rasterizer.qr(payload, moduleDots: dots), symbol.width > usable { dots -= 1 }
                if let symbol = rasterizer.qr(payload, moduleDots: dots) { place(symbol, .center) }
            case .space(let dots):
                paper.appendBlank(rows: dots)
            }
        }
        return paper
    }

    // MARK: Plain text

    /// Font A is 12 dots wide: 32 characters on 58 mm, 48 on 80 mm.
    var charactersPerLine: Int { paperWidth / 12 }

    private func encodeText(_ blocks: [ReceiptBlock], page: ESCPOSCodePage, into writer: inout ESCPOSWriter) {
        func printable(_ text: String) -> String {
            // The rouble, tenge and euro signs are in no DOS code page: print the currency code instead.
            var result = text
            for (symbol, code) in [("₽", "RUB"), ("₸", "KZT"), ("€", "EUR")] where !page.canEncode(symbol) {
                result = result.replacingOccurrences(of: symbol, with: code)
            }
            return result
        }
        for block in blocks {
            switch block {
            case .text(let text, let style, let alignment):
                writer.align(alignment)
                setStyle(style, &writer)
                for line in Self.wrap(printable(text), width: charactersPerLine / style.size.rawValue) {
                    writer.line(line, in: page)
                }
                setStyle(.body, &writer)
            case .columns(let left, let right, let style):
                writer.align(.left)
                setStyle(style, &writer)
                let width = charactersPerLine / style.size.rawValue
                let leftText = printable(left), rightText = printable(right)
                let room = width - rightText.count - 1
                var lines = Self.wrap(leftText, width: max(1, room))
                let last = lines.removeLast()
                for line in lines { writer.line(line, in: page) }
                writer.line(last + String(repeating: " ", count: max(1, width - last.count - rightText.count)) + rightText, in: page)
                setStyle(.body, &writer)
            case .rule:
                writer.align(.left)
                writer.line(String(repeating: "-", count: charactersPerLine), in: page)
            case .qr(let payload):
                writer.align(.center)
                writer.nativeQR(payload, moduleSize: UInt8(min(16, qrModuleDots)))
                writer.line("", in: page)
            case .space(let dots):
                if dots >= 15 { writer.feed(lines: UInt8(min(255, dots / 30))) }
            }
        }
        writer.align(.left)
    }

    private func setStyle(_ style: ReceiptTextStyle, _ writer: inout ESCPOSWriter) {
        writer.emphasis(style.bold)
        let size = UInt8(style.size.rawValue)
        writer.characterSize(width: size, height: size)
    }

    /// Word wrap at `width` characters; a word longer than a line is split.
    static func wrap(_ text: String, width: Int) -> [String] {
        precondition(width > 0, "wrap width must be positive")
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty { current = word }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = word }
        }
        lines.append(current)
        return lines
    }
}
