import Testing
@testable import KioskGraphics

@Suite struct TextTests {
    static let sizes: [Double] = [14, 18, 24, 32, 48, 64, 96]

    /// Latin, Cyrillic and digits at every size from 14 to 96 px, in both pixel formats.
    @Test(arguments: PixelFormat.allCases)
    func textSizesGolden(format: PixelFormat) throws {
        let buffer = PixelBuffer(width: 900, height: 450, format: format)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(Color(rgb: 0x1E242C))
        var y = 4
        for size in Self.sizes {
            let m = TestFonts.font.metrics(size: size)
            y += Int(m.ascent.rounded())
            canvas.drawText(size < 64 ? "AVa Wo Съешь ёЖ 0123456789" : "AVa Съё Ж 0129", font: TestFonts.font, size: size, at: Point(x: 6, y: y),
                            color: Color(rgb: 0xF2F4F7))
            y += Int(m.descent.rounded()) + 2
        }
        try GoldenImage.check(buffer, named: "text-sizes-\(format.rawValue)")
    }

    /// Wrapping, alignment and ellipsis in boxes, as buttons and receipts use them.
    @Test func textLayoutGolden() throws {
        let buffer = PixelBuffer(width: 640, height: 300, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(.white)
        let ink = Color(rgb: 0x202020)
        let boxes: [(Rect, TextAlignment, VerticalAlignment, Int?)] = [
            (Rect(x: 10, y: 10, width: 200, height: 130), .leading, .top, nil),
            (Rect(x: 220, y: 10, width: 200, height: 130), .center, .center, nil),
            (Rect(x: 430, y: 10, width: 200, height: 130), .trailing, .bottom, nil),
            (Rect(x: 10, y: 160, width: 300, height: 60), .leading, .top, 2),
            (Rect(x: 330, y: 160, width: 300, height: 30), .center, .top, 1),
        ]
        for (rect, h, v, lines) in boxes {
            canvas.strokeRect(rect, width: 1, Color(rgb: 0xC0C0C0))
            canvas.drawText("Выберите тариф и внесите купюры. Choose a plan, then insert banknotes.",
                            font: TestFonts.font, size: 20, in: rect, alignment: h, verticalAlignment: v,
                            maxLines: lines, color: ink)
        }
        canvas.drawText("Итого: 1 250,00 ₽", font: TestFonts.font, size: 32, in: Rect(x: 10, y: 240, width: 620, height: 50),
                        alignment: .trailing, color: Color(rgb: 0x1F9D6B))
        try GoldenImage.check(buffer, named: "text-layout")
    }

    @Test func kerningTightensAV() {
        let font = TestFonts.font
        let pair = TextLayout.measure("AV", font: font, size: 48)
        let apart = TextLayout.measure("A", font: font, size: 48) + TextLayout.measure("V", font: font, size: 48)
        #expect(pair < apart - 1, "HarfBuzz should apply the font's A-V kerning")
    }

    @Test func cyrillicHasRealGlyphs() {
        let run = TestFonts.font.withCaches { TestFonts.font.shape("Съешь ёЖЩЮ", size64: 24 * 64, in: $0) }
        #expect(run.glyphs.count == 10)
        #expect(run.glyphs.allSatisfy { $0.glyph != 0 }, "a Cyrillic letter fell back to .notdef")
    }

    @Test func fallbackChainPicksTheFirstFaceThatHasTheCharacter() {
        let font = Font(faces: [TestFonts.dejaVu, TestFonts.mayan])
        let text = "Ab \u{1D2E3}\u{1D2E7} Ж"
        let run = font.withCaches { font.shape(text, size64: 32 * 64, in: $0) }
        let faces = run.glyphs.map(\.face)
        #expect(faces == [0, 0, 0, 1, 1, 1, 0])  // the space after the numerals stays in their run
        #expect(run.glyphs.allSatisfy { $0.glyph != 0 })
        // Without the fallback the numerals are .notdef.
        let plain = TestFonts.font.withCaches { TestFonts.font.shape(text, size64: 32 * 64, in: $0) }
        #expect(plain.glyphs[3].glyph == 0)
    }

    @Test func wrapsOnWordBoundaries() {
        let layout = TextLayout("Оплата картой или наличными", font: TestFonts.font, size: 20, maxWidth: 150)
        #expect(layout.lines.count >= 2)
        for line in layout.lines {
            #expect(line.width <= 150)
            #expect(!line.text.hasPrefix(" ") && !line.text.hasSuffix(" "))
        }
        let rejoined = layout.lines.map(\.text).joined(separator: " ")
        #expect(rejoined == "Оплата картой или наличными")
        #expect(!layout.truncated)
    }

    /// "Купюры до 1 000 ₽" with no-break spaces in the amount (as `MoneyFormatter` writes it)
    /// breaks before the amount, never inside it; with plain spaces it would break after "1".
    @Test func neverBreaksAtANoBreakSpace() {
        let amount = "1\u{00A0}000\u{00A0}₽"
        let wide = TextLayout.measure("Купюры до 1 000", font: TestFonts.font, size: 20)
        let layout = TextLayout("Купюры до " + amount, font: TestFonts.font, size: 20, maxWidth: Int(wide) + 4)
        #expect(layout.lines.map(\.text) == ["Купюры до", amount])
        let plain = TextLayout("Купюры до 1 000 ₽", font: TestFonts.font, size: 20, maxWidth: Int(wide) + 4)
        #expect(plain.lines.map(\.text) == ["Купюры до 1 000", "₽"], "the same words with ordinary spaces break inside the amount")
    }

    @Test func splitsAWordWiderThanTheBox() {
        let layout = TextLayout("0123456789012345678901234567890123456789", font: TestFonts.font, size: 20, maxWidth: 100)
        #expect(layout.lines.count > 1)
        #expect(layout.lines.allSatisfy { $0.width <= 100 })
        #expect(layout.lines.map(\.text).joined() == "0123456789012345678901234567890123456789")
    }

    @Test func ellipsisWhenLinesRunOut() {
        let layout = TextLayout("Добро пожаловать в интернет-кафе, выберите услугу", font: TestFonts.font, size: 20,
                                maxWidth: 180, maxLines: 2)
        #expect(layout.lines.count == 2)
        #expect(layout.truncated)
        #expect(layout.lines[1].text.hasSuffix("…"))
        #expect(layout.lines[1].width <= 180)
        let one = TextLayout("Short", font: TestFonts.font, size: 20, maxWidth: 180, maxLines: 1)
        #expect(one.lines.map(\.text) == ["Short"] && !one.truncated)
    }

    @Test func explicitNewlinesStartNewLines() {
        let layout = TextLayout("Строка 1\nLine 2\n\nEnd", font: TestFonts.font, size: 18)
        #expect(layout.lines.map(\.text) == ["Строка 1", "Line 2", "", "End"])
        #expect(layout.size.height > 3 * layout.lineStep)
    }

    @Test func glyphCacheStaysWithinItsBudgetAndEvictsOldest() {
        let font = Font(faces: [TestFonts.dejaVu], glyphCacheBytes: 20_000)
        let canvas = Canvas(buffer: PixelBuffer(width: 400, height: 100, format: .xrgb8888))
        canvas.drawText("Hello", font: font, size: 24, at: Point(x: 0, y: 40), color: .white)
        let first = font.glyphCacheStats
        #expect(first.misses == 4)  // H e l o
        canvas.drawText("Hello", font: font, size: 24, at: Point(x: 0, y: 40), color: .white)
        #expect(font.glyphCacheStats.misses == 4)
        #expect(font.glyphCacheStats.hits == first.hits + 5)
        for size in stride(from: 20.0, through: 90, by: 5) {
            canvas.drawText("ABCDEFGHIJ abcdefghij АБВГДЕЖЗ", font: font, size: size, at: Point(x: 0, y: 90), color: .white)
            #expect(font.glyphCacheStats.bytes <= 20_000)
        }
        #expect(font.glyphCacheStats.evictions > 0)
        // "Hello" at 24 px was used longest ago, so it was evicted and misses again.
        let before = font.glyphCacheStats.misses
        canvas.drawText("Hello", font: font, size: 24, at: Point(x: 0, y: 40), color: .white)
        #expect(font.glyphCacheStats.misses > before)
    }

    @Test func textDamageCoversTheInk() {
        let canvas = Canvas(buffer: PixelBuffer(width: 300, height: 80, format: .xrgb8888))
        canvas.drawText("Жёлудь", font: TestFonts.font, size: 32, at: Point(x: 10, y: 50), color: .white)
        let box = canvas.damage!.boundingBox
        #expect(box.minX >= 10 && box.maxY <= 60 && box.minY >= 10 && box.width > 80)
    }
}

@Suite struct GlyphBudgetTests {
    /// Redrawn lines must not keep evicted bitmaps alive past the budget.
    @Test func evictionReleasesBitmapsHeldByShapedLines() {
        let font = Font(faces: [TestFonts.dejaVu], glyphCacheBytes: 30_000)
        let canvas = Canvas(buffer: PixelBuffer(width: 800, height: 120, format: .xrgb8888))
        weak var early: GlyphBitmap?
        canvas.drawText("Wi-Fi 10", font: font, size: 40, at: Point(x: 0, y: 60), color: .white)
        font.withCaches { c in early = font.shapeEntry("Wi-Fi 10", size64: 40 * 64, in: c).bitmaps.first }
        #expect(early != nil)
        for size in stride(from: 30.0, through: 96, by: 6) {
            canvas.drawText("Съешь же ещё этих мягких булок", font: font, size: size, at: Point(x: 0, y: 100), color: .white)
        }
        #expect(font.glyphCacheStats.bytes <= 30_000)
        #expect(early == nil, "an evicted glyph bitmap is still alive")
    }
}
