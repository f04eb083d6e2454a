import Foundation
import KioskCore
import KioskDomain

/// Lays voucher cards out on pages for the counter's printer: A4 with a grid of ID-1 cards
/// (85.6 × 54 mm) and cut marks, or one card per page of card stock.
///
/// Pages are drawn as 1-bit images at 8 dots/mm (203 dpi), the same resolution as receipts, so
/// one rasterizer serves both and a sheet of 10 cards stays under 100 KB as a RunLength PDF.
public struct VoucherSheetRenderer: Sendable {
    public enum Output: String, Sendable, Hashable { case pdf, png }

    public var rasterizer: any MonoRasterizer
    public var output: Output

    public init(rasterizer: any MonoRasterizer, output: Output = .pdf) {
        self.rasterizer = rasterizer
        self.output = output
    }

    static let dotsPerMillimetre = 8.0
    static let cardWidth = 685    // 85.6 mm
    static let cardHeight = 432   // 54 mm
    static let a4Width = 1680     // 210 mm
    static let a4Height = 2376    // 297 mm

    public func render(_ sheet: VoucherSheet) -> RenderedDocument {
        let pages = self.pages(sheet)
        let (widthMM, heightMM): (Double, Double) = switch sheet.stock {
        case .a4: (210, 297)
        case .card: (85.6, 54)
        }
        switch output {
        case .pdf:
            let bytes = PageFiles.pdf(pages: pages, widthPoints: widthMM / 25.4 * 72, heightPoints: heightMM / 25.4 * 72)
            return RenderedDocument(format: "application/pdf", bytes: bytes, fileExtension: "pdf", preview: pages.first)
        case .png:
            // One PNG per job: a multi-page sheet goes as PDF (the caller picks PDF for those).
            precondition(pages.count == 1, "PNG output holds one page; use PDF for \(pages.count) pages")
            return RenderedDocument(format: "image/png", bytes: PageFiles.png(pages[0]), fileExtension: "png", preview: pages[0])
        }
    }

    /// Every page of the sheet as a bitmap.
    public func pages(_ sheet: VoucherSheet) -> [MonoBitmap] {
        let cards = sheet.cards.map { card(for: $0, language: sheet.language, timeZone: sheet.timeZone) }
        switch sheet.stock {
        case .card:
            return cards
        case .a4(let columns, let rows):
            precondition(columns >= 1 && rows >= 1 && columns * Self.cardWidth <= Self.a4Width - 80
                         && rows * Self.cardHeight <= Self.a4Height - 80, "\(columns)×\(rows) ID-1 cards do not fit on A4")
            let perPage = columns * rows
            let left = (Self.a4Width - columns * Self.cardWidth) / 2
            let top = (Self.a4Height - rows * Self.cardHeight) / 2
            var pages: [MonoBitmap] = []
            for first in stride(from: 0, to: cards.count, by: perPage) {
                var page = MonoBitmap(width: Self.a4Width, height: Self.a4Height)
                for (slot, card) in cards[first..<min(cards.count, first + perPage)].enumerated() {
                    page.draw(card, x: left + (slot % columns) * Self.cardWidth, y: top + (slot / columns) * Self.cardHeight)
                }
                drawCutMarks(&page, left: left, top: top, columns: columns, rows: rows)
                pages.append(page)
            }
            return pages.isEmpty ? [MonoBitmap(width: Self.a4Width, height: Self.a4Height)] : pages
        }
    }

    /// Short marks in the margins where the guillotine goes, outside the cards themselves.
    private func drawCutMarks(_ page: inout MonoBitmap, left: Int, top: Int, columns: Int, rows: Int) {
        let length = 24
        let right = left + columns * Self.cardWidth, bottom = top + rows * Self.cardHeight
        for column in 0...columns {
            let x = left + column * Self.cardWidth
            page.fill(x: x, y: top - length - 8, width: 1, height: length)
            page.fill(x: x, y: bottom + 8, width: 1, height: length)
        }
        for row in 0...rows {
            let y = top + row * Self.cardHeight
            page.fill(x: left - length - 8, y: y, width: length, height: 1)
            page.fill(x: right + 8, y: y, width: length, height: 1)
        }
    }

    /// One card: plan at the top, the credential large, QR at the right, validity and price below.
    public func card(for card: VoucherCard, language: MoneyFormatter.Language, timeZone: TimeZone) -> MonoBitmap {
        var bitmap = MonoBitmap(width: Self.cardWidth, height: Self.cardHeight)
        let margin = 28
        var qrWidth = 0
        if let payload = card.qrPayload {
            var dots = 5
            while dots > 1, let symbol = rasterizer.qr(payload, moduleDots: dots), symbol.width > Self.cardHeight - 2 * margin { dots -= 1 }
            if let symbol = rasterizer.qr(payload, moduleDots: dots) {
                bitmap.draw(symbol, x: Self.cardWidth - margin - symbol.width + 8, y: (Self.cardHeight - symbol.height) / 2)
                qrWidth = symbol.width
            }
        }
        let textWidth = Self.cardWidth - 2 * margin - qrWidth
        var y = margin
        func put(_ text: String, _ style: ReceiptTextStyle, gap: Int = 8) {
            let image = rasterizer.text(text, style: style, maxWidth: textWidth, alignment: .left)
            bitmap.draw(image, x: margin, y: y)
            y += image.height + gap
        }
        let words = CardWords(language)
        put(card.planName, ReceiptTextStyle(size: .large, bold: true), gap: 20)
        switch card.credential {
        case .code(let code):
            put(words.code, .body, gap: 2)
            put(code.grouped, ReceiptTextStyle(size: .large, bold: true), gap: 16)
        case .account(let username, let password):
            put("\(words.username): \(username)", .strong, gap: 6)
            put("\(words.password): \(password)", .strong, gap: 16)
        }
        if let until = card.validUntil { put("\(words.validUntil) \(ReceiptLayout.dateText(until, timeZone))", .body, gap: 4) }
        if let price = card.price { put(ReceiptLayout.money(price, language), .body, gap: 4) }
        return bitmap
    }
}

struct CardWords {
    let code, username, password, validUntil: String
    init(_ language: MoneyFormatter.Language) {
        switch language {
        case .en: (code, username, password, validUntil) = ("Access code", "User", "Password", "Valid until")
        case .ru: (code, username, password, validUntil) = ("Код доступа", "Логин", "Пароль", "Действует до")
        }
    }
}
