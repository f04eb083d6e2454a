import Testing
@testable import KioskPrinting

@Suite("ESC/POS encoder and parser")
struct ESCPOSTests {
    @Test("commands encode to the bytes the Epson reference gives")
    func knownBytes() {
        #expect(ESCPOSCommand.initialize.bytes == [0x1B, 0x40])
        #expect(ESCPOSCommand.selectCodePage(17).bytes == [0x1B, 0x74, 17])
        #expect(ESCPOSCommand.cut(.feedAndPartial(48)).bytes == [0x1D, 0x56, 66, 48])
        #expect(ESCPOSCommand.cut(.full).bytes == [0x1D, 0x56, 48])
        #expect(ESCPOSCommand.realTimeStatus(4).bytes == [0x10, 0x04, 0x04])
        #expect(ESCPOSCommand.qrPrint.bytes == [0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48])
        #expect(ESCPOSCommand.qrStore(Array("AB".utf8)).bytes == [0x1D, 0x28, 0x6B, 5, 0, 49, 80, 48, 0x41, 0x42])
        #expect(ESCPOSCommand.characterSize(width: 2, height: 3).bytes == [0x1D, 0x21, 0x12])
    }

    @Test("GS v 0 carries width in bytes and height in rows, little-endian, then the packed rows")
    func rasterHeader() {
        var bitmap = MonoBitmap(width: 576, height: 300)
        bitmap[0, 0] = true
        bitmap[575, 299] = true
        let bytes = ESCPOSCommand.raster(bitmap, mode: 0).bytes
        #expect(Array(bytes.prefix(8)) == [0x1D, 0x76, 0x30, 0, 72, 0, 0x2C, 0x01])
        #expect(bytes.count == 8 + 72 * 300)
        #expect(bytes[8] == 0x80)
        #expect(bytes.last == 0x01)
    }

    @Test("a tall image is sent in bands that stack back to the same image")
    func rasterBands() throws {
        var bitmap = MonoBitmap(width: 384, height: 700)
        for y in 0..<700 { bitmap[(y * 7) % 384, y] = true }
        var writer = ESCPOSWriter(rasterBandRows: 256)
        writer.raster(bitmap)
        #expect(writer.commands.count == 3)
        let printout = try ESCPOSPrintout(bytes: writer.bytes, paperWidth: 384)
        #expect(printout.rasterBlocks == 3)
        #expect(printout.image == bitmap)
    }

    @Test("everything the writer writes parses back to the same commands")
    func roundTrip() throws {
        var bitmap = MonoBitmap(width: 16, height: 3)
        bitmap.fill(x: 2, y: 1, width: 9, height: 2)
        var writer = ESCPOSWriter()
        writer.initialize()
        writer.codePage(.pc866)
        writer.align(.center)
        writer.emphasis(true)
        writer.characterSize(width: 2, height: 2)
        writer.line("Привет, kiosk №1", in: .pc866)
        writer.emphasis(false)
        writer.feed(lines: 2)
        writer.raster(bitmap)
        writer.nativeQR("K7AB-CDEF-GHJK-M", moduleSize: 8, errorCorrection: .quartile)
        writer.cut(.feedAndPartial(40))
        writer.append(.cut(.full))
        writer.append(.cut(.partial))
        writer.append(.cut(.feedAndFull(3)))
        writer.append(.realTimeStatus(4))
        let parsed = try ESCPOSParser.parse(writer.bytes)
        #expect(parsed == writer.commands)
    }

    @Test("Cyrillic text goes through PC866 and back")
    func cyrillic() throws {
        let text = "Код доступа: ЁЖИК ёжик №5"
        let bytes = ESCPOSCodePage.pc866.encode(text)
        #expect(bytes.count == text.count)
        #expect(ESCPOSCodePage.pc866.decode(bytes) == text)
        #expect(ESCPOSCodePage.pc866.encode("А") == [0x80])
        #expect(ESCPOSCodePage.pc866.encode("я") == [0xEF])
        #expect(ESCPOSCodePage.pc437.encode("Я−1") == Array("?-1".utf8))
        #expect(!ESCPOSCodePage.pc437.canEncode("Оплачено"))
        #expect(ESCPOSCodePage.pc866.canEncode("Оплачено 100\u{00A0}₽") == false)   // ₽ is not in PC866
    }

    @Test("a plain-text receipt reads back as its lines and QR payload")
    func printoutText() throws {
        var writer = ESCPOSWriter()
        writer.initialize()
        writer.codePage(.pc866)
        writer.line("Оплачено 100,00", in: .pc866)
        writer.line("", in: .pc866)
        writer.nativeQR("HELLO")
        writer.cut()
        let printout = try ESCPOSPrintout(bytes: writer.bytes, paperWidth: 576)
        #expect(printout.textLines == ["Оплачено 100,00", ""])
        #expect(printout.qrPayloads == ["HELLO"])
        #expect(printout.cuts == 1)
        #expect(printout.image.height > 2 * ESCPOSPrintout.lineHeight)
        #expect(printout.image.blackPixelCount > 0)
    }

    @Test("bytes the kiosk never writes are refused with their offset")
    func refusesUnknown() {
        #expect(throws: ESCPOSParseError.self) { try ESCPOSParser.parse([0x1B, 0x40, 0x1B, 0x99]) }
        do {
            _ = try ESCPOSParser.parse([0x41, 0x42, 0x1D, 0x76, 0x30, 0, 2, 0, 5, 0, 0xFF])
            Issue.record("a truncated raster parsed")
        } catch {
            #expect(error.offset == 2)
            #expect(error.reason.contains("10 data bytes"))
        }
        #expect(throws: ESCPOSParseError.self) { try ESCPOSParser.parse([0x07]) }
    }

    @Test("DLE EOT 4 answers: 0x12 paper present, 0x1E near end, 0x72 ended")
    func paperStatus() {
        #expect(ESCPOSPaperStatus(byte: 0x12).isWellFormed)
        #expect(!ESCPOSPaperStatus(byte: 0x12).paperEnded)
        #expect(!ESCPOSPaperStatus(byte: 0x12).paperNearEnd)
        #expect(ESCPOSPaperStatus(byte: 0x1E).paperNearEnd)
        #expect(ESCPOSPaperStatus(byte: 0x72).paperEnded)
        #expect(ESCPOSPaperStatus(byte: 0x7E).paperEnded)
        #expect(!ESCPOSPaperStatus(byte: 0x00).isWellFormed)
    }
}
