import Foundation
import KioskCore
import KioskDomain
import Testing
@testable import KioskPrinting

/// A rasterizer without fonts: each character a 10×20 block, QR a filled square per module count,
/// so layout can be checked dot by dot.
struct BlockRasterizer: MonoRasterizer {
    func text(_ text: String, style: ReceiptTextStyle, maxWidth: Int, alignment: ESCPOSAlignment) -> MonoBitmap {
        let scale = style.size.rawValue
        let width = max(1, min(maxWidth, text.count * 12 * scale))
        var bitmap = MonoBitmap(width: width, height: 20 * scale)
        for index in 0..<text.count where index * 12 * scale < width { bitmap.fill(x: index * 12 * scale, y: 0, width: 10 * scale, height: 20 * scale) }
        return bitmap
    }
    func qr(_ payload: String, moduleDots: Int) -> MonoBitmap? {
        var bitmap = MonoBitmap(width: 33 * moduleDots, height: 33 * moduleDots)
        bitmap.fill(x: 4 * moduleDots, y: 4 * moduleDots, width: 25 * moduleDots, height: 25 * moduleDots)
        return bitmap
    }
}

func sampleReceipt(language: MoneyFormatter.Language = .en) throws -> Receipt {
    let code = try AccessCode.parse("1A10-N32Q-7ZH3-6")
    return Receipt(header: ["Net Cafe", "1 Main Street"],
                   items: [Receipt.Item(name: "Internet 1 hour", detail: "60 min", amount: .major(100, .rub))],
                   paid: .major(150, .rub), surplus: Receipt.Surplus(kind: .credit, amount: .major(50, .rub)),
                   code: code, qrPayload: code.canonical, reference: "P1",
                   issuedAt: Date(timeIntervalSince1970: 1_790_000_000), language: language, timeZone: TimeZone(identifier: "UTC")!)
}

@Suite("Receipt layout and encoding")
struct ReceiptEncoderTests {
    @Test("raster mode sends one image as wide as the paper, in bands, and cuts", arguments: [384, 576])
    func rasterWidth(width: Int) throws {
        let encoder = ReceiptEncoder(paperWidth: width, mode: .raster(BlockRasterizer()))
        let writer = encoder.encode(try sampleReceipt())
        let printout = try ESCPOSPrintout(bytes: writer.bytes, paperWidth: width)
        #expect(printout.image.width == width)
        #expect(printout.rasterBlocks == (printout.image.height + 255) / 256)
        #expect(printout.cuts == 1)
        #expect(printout.textLines.isEmpty)
        let image = encoder.image(ReceiptLayout.blocks(for: try sampleReceipt()), BlockRasterizer())
        #expect(printout.image.rows(0..<image.height) == image)
    }

    @Test("the QR shrinks its modules until it fits 58 mm paper")
    func qrFits() {
        let encoder = ReceiptEncoder(paperWidth: 384, mode: .raster(BlockRasterizer()), qrModuleDots: 16)
        let image = encoder.image([.qr("X")], BlockRasterizer())
        #expect(image.height <= 384 - 2 * encoder.margin)
        #expect(image.height == 33 * 11)
    }

    @Test("text mode carries the code, the amounts and the printer's own QR; ₽ becomes RUB in PC866")
    func textMode() throws {
        let encoder = ReceiptEncoder(paperWidth: 576, mode: .text(.pc866))
        let printout = try ESCPOSPrintout(bytes: encoder.encode(try sampleReceipt(language: .ru)).bytes, paperWidth: 576)
        #expect(printout.qrPayloads == ["1A10N32Q7ZH36"])
        #expect(printout.textLines.contains { $0.contains("1A10-N32Q-7ZH3-6") })
        #expect(printout.textLines.contains { $0.hasPrefix("Оплачено") && $0.hasSuffix("150,00\u{00A0}RUB") })
        #expect(printout.textLines.allSatisfy { !$0.contains("?") })
        #expect(printout.cuts == 1)
    }

    @Test("text columns fill the line exactly: 48 characters on 80 mm, 32 on 58 mm", arguments: [(576, 48), (384, 32)])
    func columns(width: Int, characters: Int) throws {
        let encoder = ReceiptEncoder(paperWidth: width, mode: .text(.pc437))
        let printout = try ESCPOSPrintout(bytes: encoder.encode([.columns("Paid", "$150.00", .body), .rule]).bytes, paperWidth: width)
        #expect(printout.textLines == ["Paid" + String(repeating: " ", count: characters - 11) + "$150.00",
                                       String(repeating: "-", count: characters)])
    }

    @Test("word wrap breaks at spaces and splits only words longer than a line")
    func wrap() {
        #expect(ReceiptEncoder.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(ReceiptEncoder.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(ReceiptEncoder.wrap("", width: 4) == [""])
    }

    @Test("the layout has header, item, paid, credit, code and QR in that order")
    func blockOrder() throws {
        let blocks = ReceiptLayout.blocks(for: try sampleReceipt())
        func index(_ match: (ReceiptBlock) -> Bool) -> Int { blocks.firstIndex(where: match) ?? -1 }
        let header = index { if case .text("Net Cafe", _, .center) = $0 { true } else { false } }
        let item = index { if case .columns("Internet 1 hour", _, _) = $0 { true } else { false } }
        let paid = index { if case .columns("Paid", "₽150.00", _) = $0 { true } else { false } }
        let credit = index { if case .columns("Credit", "₽50.00", _) = $0 { true } else { false } }
        let code = index { if case .text("1A10-N32Q-7ZH3-6", let style, _) = $0 { style.size == .huge } else { false } }
        let qr = index { $0 == .qr("1A10N32Q7ZH36") }
        #expect([header, item, paid, credit, code, qr].allSatisfy { $0 >= 0 })
        #expect([header, item, paid, credit, code, qr] == [header, item, paid, credit, code, qr].sorted())
    }
}

@Suite("KioskGraphics rasterizer")
struct GraphicsRasterizerTests {
    static let fontsInstalled = FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

    @Test("a Russian receipt draws glyphs for every line and the code on one line",
          .enabled(if: fontsInstalled, "needs fonts-dejavu-core"))
    func russian() throws {
        let rasterizer = try GraphicsRasterizer.dejaVu()
        let code = rasterizer.text("1A10-N32Q-7ZH3-6", style: ReceiptTextStyle(size: .huge, bold: true), maxWidth: 368, alignment: .center)
        let body = rasterizer.text("Оплачено", style: .body, maxWidth: 368, alignment: .left)
        #expect(code.width <= 368 && code.height < 2 * 40)
        #expect(body.blackPixelCount > 200)
        let image = ReceiptEncoder(paperWidth: 384, mode: .raster(rasterizer)).image(
            ReceiptLayout.blocks(for: try sampleReceipt(language: .ru)), rasterizer)
        #expect(image.width == 384 && image.height > 500)
    }

    @Test("QR symbols keep a 4-module quiet zone and scale by whole dots")
    func qr() throws {
        let one = try #require(GraphicsRasterizer.qrSymbol("1A10N32Q7ZH36", moduleDots: 1))
        let six = try #require(GraphicsRasterizer.qrSymbol("1A10N32Q7ZH36", moduleDots: 6))
        #expect(one.width == 21 + 8)          // version 1 at level M holds 13 bytes
        #expect(six == one.scaled(by: 6))
        for i in 0..<4 { #expect(!one[i, i] && !one[one.width - 1 - i, 4]) }
        #expect(one[4, 4] && one[10, 10])      // the finder pattern's corner and centre
        #expect(GraphicsRasterizer.qrSymbol(String(repeating: "x", count: 3000), moduleDots: 1) == nil)
    }
}
