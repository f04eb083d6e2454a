import Foundation
import Testing
@testable import KioskGraphics

/// The shipped assets load and draw: every icon decodes with real alpha, the font has Cyrillic.
@Suite struct AssetTests {
    static let iconNames = ["cash", "ticket", "wifi", "printer", "check", "cross", "language", "back", "clock", "info"]

    @Test func iconsDecodeAndCompositeOnButtons() throws {
        let buffer = PixelBuffer(width: 10 * 112, height: 128, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(Color(rgb: 0x1E242C))
        for (i, name) in Self.iconNames.enumerated() {
            let icon = try PNGCodec.decode(path: TestFonts.repoRoot.appendingPathComponent("Assets/icons/\(name).png").path)
            #expect(icon.width == 96 && icon.height == 96)
            let alphas = Set((0..<96).flatMap { y in (0..<96).map { x in icon.premultiplied(x: x, y: y) >> 24 } })
            #expect(alphas.contains(0) && alphas.contains(255) && alphas.count > 4, "\(name) should have soft edges")
            let button = Rect(x: 8 + i * 112, y: 8, width: 104, height: 112)
            canvas.fillRoundedRect(button, radius: 16, Color(rgb: 0x2D6CDF))
            canvas.drawImage(icon, at: Point(x: button.x + 4, y: button.y + 8))
        }
        try GoldenImage.check(buffer, named: "icons")
    }

    @Test(arguments: PixelFormat.allCases)
    func tintPaintsThroughTheIconAlpha(format: PixelFormat) throws {
        let icon = try PNGCodec.decode(path: TestFonts.repoRoot.appendingPathComponent("Assets/icons/check.png").path)
        let buffer = PixelBuffer(width: 96, height: 96, format: format)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(.white)
        let green = Color(rgb: 0x1F9D6B)
        canvas.drawImage(icon, at: .zero, tint: green)
        let out = Image(copying: buffer)
        var solid = 0
        for y in 0..<96 {
            for x in 0..<96 {
                let a = icon.premultiplied(x: x, y: y) >> 24
                if a == 255 {
                    solid += 1
                    let c = out.color(x: x, y: y)
                    #expect(abs(Int(c.g) - 0x9D) <= 2 && abs(Int(c.r) - 0x1F) <= 4 && abs(Int(c.b) - 0x6B) <= 4)
                }
                if a == 0 { #expect(out.color(x: x, y: y) == .white) }
            }
        }
        #expect(solid > 500)
    }

    @Test func shippedFontHasCyrillicAndALicence() {
        for scalar in "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя₽№".unicodeScalars {
            #expect(TestFonts.dejaVu.hasGlyph(for: scalar), "DejaVu Sans lacks \(scalar)")
        }
        #expect(FileManager.default.fileExists(atPath: TestFonts.repoRoot.appendingPathComponent("Assets/fonts/DejaVuSans.LICENSE.txt").path))
    }
}
