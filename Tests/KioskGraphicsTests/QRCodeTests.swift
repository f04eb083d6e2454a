import Foundation
import Testing
@testable import KioskGraphics

/// zbarimg (Debian's zbar-tools) decodes what we render: the real check that a phone can scan it.
enum ZBar {
    static let path: String? = {
        func find() -> String? {
            ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let p = find() { return p }
        if getuid() == 0 {
            for args in [["update", "-qq"], ["install", "-y", "-qq", "zbar-tools"]] {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/apt-get")
                p.arguments = args
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try? p.run()
                p.waitUntilExit()
            }
        }
        if let p = find() { return p }
        FileHandle.standardError.write(Data("""
            ************************************************************************
            *  SKIPPING the zbarimg QR round-trip test: zbarimg is not installed   *
            *  and `apt-get install zbar-tools` failed. Install zbar-tools.        *
            ************************************************************************

            """.utf8))
        return nil
    }()

    static func decode(_ pngPath: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = ["--raw", "-q", pngPath]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}

@Suite struct QRCodeTests {
    static let payloads = ["https://kiosk.example/t/7KQ2-9XMD-4RWA", "Билет 0042: 2 ч, 150,00 ₽", "A-17"]

    @Test(.enabled(if: ZBar.path != nil, "zbarimg missing and not installable"), arguments: payloads)
    func zbarimgReadsBackTheText(text: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Drawn on a canvas (as the UI does) in a darker frame, not just the bare image.
        let code = try QRCode(text)
        let side = code.pixelSize(moduleSize: 4)
        let buffer = PixelBuffer(width: side + 40, height: side + 40, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(Color(rgb: 0x1E242C))
        code.draw(on: canvas, at: Point(x: 20, y: 20), moduleSize: 4)
        let path = dir.appendingPathComponent("qr.png").path
        try buffer.writePNG(to: path)
        #expect(try ZBar.decode(path) == text)
    }

    @Test(.enabled(if: ZBar.path != nil, "zbarimg missing and not installable"))
    func renderedImageDecodesToo() throws {
        let image = try QRCode.render("PAY 120,50", moduleSize: 3, errorCorrection: .high)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-qr-img-\(getpid()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PNGCodec.write(PNGCodec.encode(image), to: path)
        #expect(try ZBar.decode(path) == "PAY 120,50")
    }

    @Test func modulesAreCrispWithAQuietZone() throws {
        let code = try QRCode("A-17")
        #expect(code.size == 21)  // version 1
        let image = try QRCode.render("A-17", moduleSize: 5)
        #expect(image.width == (21 + 8) * 5)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = image.premultiplied(x: x, y: y)
                #expect(p == 0xFF00_0000 || p == 0xFFFF_FFFF)  // no grey: every edge on a pixel edge
                if x < 20 || y < 20 || x >= image.width - 20 || y >= image.height - 20 { #expect(p == 0xFFFF_FFFF) }
            }
        }
        // Finder pattern: the top-left module of the symbol is dark.
        #expect(image.premultiplied(x: 20, y: 20) == 0xFF00_0000)
        #expect(code.isDark(x: 0, y: 0) && code.isDark(x: 6, y: 6) && !code.isDark(x: 7, y: 7))
    }

    @Test func tooMuchDataSaysSo() {
        #expect(throws: GraphicsError.self) { try QRCode(String(repeating: "x", count: 5000)) }
    }
}

@Suite struct MonochromeTests {
    @Test func packsMSBFirstWithOneForBlack() {
        let buffer = PixelBuffer(width: 10, height: 2, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(.white)
        canvas.fillRect(Rect(x: 0, y: 0, width: 1, height: 1), .black)
        canvas.fillRect(Rect(x: 9, y: 0, width: 1, height: 1), .black)
        canvas.fillRect(Rect(x: 1, y: 1, width: 8, height: 1), Color(rgb: 0x404040))
        let r = buffer.monochrome()
        #expect(r.bytesPerRow == 2)
        #expect(r.bytes == [0b1000_0000, 0b0100_0000, 0b0111_1111, 0b1000_0000])
        #expect(r.isBlack(x: 9, y: 0) && !r.isBlack(x: 8, y: 0))
    }

    @Test func floydSteinbergKeepsMidGreyAtHalfTheDots() {
        let buffer = PixelBuffer(width: 64, height: 64, format: .rgb565)
        Canvas(buffer: buffer).clear(Color(rgb: 0x808080))
        let r = buffer.monochrome(.floydSteinberg)
        let black = (0..<64).flatMap { y in (0..<64).map { x in r.isBlack(x: x, y: y) } }.filter { $0 }.count
        #expect(abs(black - 64 * 64 / 2) < 64 * 64 / 20)
        let thresholded = buffer.monochrome(.threshold(128))
        #expect(thresholded.bytes.allSatisfy { $0 == 0 })  // 0x80 grey is not darker than 128
    }

    @Test func transparentImagePixelsArePaper() {
        let image = Image(width: 8, height: 1) { x, _ in x < 4 ? .clear : .black }
        #expect(image.monochrome().bytes == [0b0000_1111])
    }
}
