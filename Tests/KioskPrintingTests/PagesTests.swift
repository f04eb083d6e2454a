import Foundation
import KioskCore
import KioskDomain
import Testing
@testable import KioskPrinting

@Suite("Voucher sheets, PDF and PNG")
struct PagesTests {
    func cards(_ count: Int) throws -> [VoucherCard] {
        let code = try AccessCode.parse("1A10-N32Q-7ZH3-6")
        return (0..<count).map { _ in VoucherCard(planName: "3 hours", credential: .code(code), qrPayload: code.canonical) }
    }

    @Test("A4 holds columns × rows cards per page; card stock one per page")
    func pagination() throws {
        let renderer = VoucherSheetRenderer(rasterizer: BlockRasterizer())
        let a4 = renderer.pages(VoucherSheet(cards: try cards(12), stock: .a4(columns: 2, rows: 5)))
        #expect(a4.count == 2)
        #expect(a4.allSatisfy { $0.width == 1680 && $0.height == 2376 })
        #expect(a4[0].blackPixelCount > a4[1].blackPixelCount)
        let stock = renderer.pages(VoucherSheet(cards: try cards(3), stock: .card))
        #expect(stock.count == 3 && stock[0].width == 685 && stock[0].height == 432)
    }

    @Test("the PDF names every page object in its xref at the right offset")
    func pdfStructure() throws {
        var page = MonoBitmap(width: 64, height: 32)
        page.fill(x: 0, y: 0, width: 10, height: 10)
        let pdf = PageFiles.pdf(pages: [page, page], widthPoints: 595.28, heightPoints: 841.89)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4"))
        #expect(text.contains("/Count 2"))
        #expect(text.contains("/MediaBox [0 0 595.28 841.89]"))
        let startxref = try #require(text.range(of: "startxref\n"))
        let xrefOffset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(Array(pdf[xrefOffset..<xrefOffset + 4]) == Array("xref".utf8))
        let entries = text[text.range(of: "xref\n0 9\n")!.upperBound...].split(separator: "\n").dropFirst().prefix(8)
        for (index, entry) in entries.enumerated() {
            let offset = Int(entry.prefix(10))!
            #expect(Array(pdf[offset..<offset + "\(index + 1) 0 obj".utf8.count]) == Array("\(index + 1) 0 obj".utf8))
        }
    }

    @Test("RunLength data decodes back to the page bits")
    func runLength() {
        var data = [UInt8](repeating: 0, count: 1000)
        for i in stride(from: 0, to: 1000, by: 7) { data[i] = UInt8(i & 0xFF) }
        data += [1, 2, 3] + [UInt8](repeating: 9, count: 300)
        let packed = PageFiles.runLength(data)
        var out: [UInt8] = []
        var i = 0
        while packed[i] != 128 {
            let n = Int(packed[i])
            if n < 128 { out += packed[i + 1...i + n + 1]; i += n + 2 } else { out += [UInt8](repeating: packed[i + 1], count: 257 - n); i += 2 }
        }
        #expect(out == data)
        #expect(PageFiles.runLength([UInt8](repeating: 0, count: 12800)).count < 250)
    }

    @Test("PNG chunks carry valid CRCs and the IHDR says 1-bit greyscale")
    func png() {
        #expect(PageFiles.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        var bitmap = MonoBitmap(width: 10, height: 3)
        bitmap[0, 0] = true
        let png = PageFiles.png(bitmap)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        while offset < png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let typed = Array(png[offset + 4..<offset + 8 + length])
            let crc = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(PageFiles.crc32(typed) == crc)
            types.append(String(decoding: typed.prefix(4), as: UTF8.self))
            if types.last == "IHDR" { #expect(Array(typed[12...13]) == [1, 0]) }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
    }

    @Test("the file printer writes the job's bytes and a PNG preview")
    func filePrinter() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-file-printer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let printer = FilePrinter(name: "desk", folder: folder,
                                  kind: .receiptRoll(ReceiptEncoder(paperWidth: 384, mode: .raster(BlockRasterizer())), statusProbe: nil))
        let outcome = try await printer.print(.receipt(try sampleReceipt()), timeout: .seconds(5))
        #expect(outcome.jobID == "desk-1")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["0001-receipt-P1.escpos", "0001-receipt-P1.preview.png"])
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(files[0])))
        #expect(try ESCPOSPrintout(bytes: bytes, paperWidth: 384).cuts == 1)
        await #expect(throws: PrintError.self) {
            try await printer.print(.voucherSheet(VoucherSheet(cards: [])), timeout: .seconds(1))
        }
    }

    @Test("a paper-out file makes the file printer report and fail like a roll out of paper")
    func filePrinterPaperOut() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-file-printer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let printer = FilePrinter(name: "desk", folder: folder,
                                  kind: .receiptRoll(ReceiptEncoder(paperWidth: 384, mode: .raster(BlockRasterizer())), statusProbe: nil))
        let paperOut = folder.appendingPathComponent(FilePrinter.paperOutSwitch)
        #expect(FileManager.default.createFile(atPath: paperOut.path, contents: nil))
        let health = await printer.health()
        #expect(!health.canPrint && health.conditions.map(\.keyword) == ["media-empty-error"])
        let receipt = try sampleReceipt()
        do {
            _ = try await printer.print(.receipt(receipt), timeout: .seconds(5))
            Issue.record("printed without paper")
        } catch {
            guard case .cannotPrint(let said) = error else { Issue.record("wrong error \(error)"); return }
            #expect(said.problem?.contains("out of paper") == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [FilePrinter.paperOutSwitch])
        try FileManager.default.removeItem(at: paperOut)   // a new roll
        #expect(await printer.health().canPrint)
        #expect(try await printer.print(.receipt(try sampleReceipt()), timeout: .seconds(5)).jobID == "desk-1")
    }
}
