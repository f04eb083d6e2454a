import Testing
@testable import KioskGraphics

@Suite struct CanvasTests {
    @Test func blendOverOpaqueReplacesAndTransparentKeeps() {
        #expect(blendOver(0xFF10_2030, 0xFFAA_BBCC) == 0xFFAA_BBCC)
        #expect(blendOver(0xFF10_2030, 0) == 0xFF10_2030)
        // 50 % white over black is mid grey.
        let half = Color(r: 255, g: 255, b: 255, a: 128).premultiplied
        let out = blendOver(0xFF00_0000, half)
        #expect((out >> 16) & 0xFF == 128 && out >> 24 == 255)
    }

    @Test func rgb565RoundTripsItsOwnColours() {
        for v in stride(from: 0, through: 0xFFFF, by: 7) {
            let p = UInt16(v)
            #expect(RGB565Access.encode(RGB565Access.decode(p)) == p)
        }
    }

    @Test func fillRectRespectsClipAndRecordsDamage() {
        let buffer = PixelBuffer(width: 20, height: 10, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.withClip(Rect(x: 5, y: 0, width: 5, height: 10)) {
            canvas.fillRect(Rect(x: 0, y: 2, width: 20, height: 3), .white)
        }
        let img = Image(copying: buffer)
        #expect(img.color(x: 4, y: 3) == .black)
        #expect(img.color(x: 5, y: 3) == .white)
        #expect(img.color(x: 9, y: 4) == .white)
        #expect(img.color(x: 10, y: 3) == .black)
        #expect(canvas.damage?.rects == [Rect(x: 5, y: 2, width: 5, height: 3)])
    }

    @Test func roundedRectCornersAreSymmetricAndInteriorSolid() {
        let buffer = PixelBuffer(width: 60, height: 40, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.fillRoundedRect(Rect(x: 0, y: 0, width: 60, height: 40), radius: 12, .white)
        let img = Image(copying: buffer)
        #expect(img.color(x: 0, y: 0) == .black)
        #expect(img.color(x: 30, y: 20) == .white)
        #expect(img.color(x: 30, y: 0) == .white)
        for (x, y) in [(1, 3), (3, 1), (2, 2), (5, 1)] {
            let v = img.color(x: x, y: y).r
            #expect(img.color(x: 59 - x, y: y).r == v)
            #expect(img.color(x: x, y: 39 - y).r == v)
            #expect(img.color(x: 59 - x, y: 39 - y).r == v)
        }
        // An edge pixel is partly covered: that is the anti-aliasing.
        let edge = img.color(x: 0, y: 8).r
        #expect(edge > 0 && edge < 255)
    }

    @Test func strokeLeavesTheInsideUntouched() {
        let buffer = PixelBuffer(width: 60, height: 40, format: .rgb565)
        let canvas = Canvas(buffer: buffer)
        canvas.strokeRoundedRect(Rect(x: 0, y: 0, width: 60, height: 40), radius: 10, width: 2, .white)
        let img = Image(copying: buffer)
        #expect(img.color(x: 30, y: 0) == .white)
        #expect(img.color(x: 30, y: 1) == .white)
        #expect(img.color(x: 30, y: 2) == .black)
        #expect(img.color(x: 30, y: 20) == .black)
        #expect(img.color(x: 0, y: 20) == .white)
        #expect(img.color(x: 59, y: 20) == .white)
    }

    @Test func damageTrackerMergesOverlapsAndCapsTheCount() {
        var d = DamageTracker(bounds: Rect(x: 0, y: 0, width: 100, height: 100), maxRects: 3)
        d.add(Rect(x: 0, y: 0, width: 10, height: 10))
        d.add(Rect(x: 5, y: 5, width: 10, height: 10))
        #expect(d.rects == [Rect(x: 0, y: 0, width: 15, height: 15)])
        d.add(Rect(x: 50, y: 50, width: 5, height: 5))
        d.add(Rect(x: 90, y: 0, width: 50, height: 5))  // clipped to the screen
        #expect(d.rects.count == 3)
        #expect(d.rects.last == Rect(x: 90, y: 0, width: 10, height: 5))
        d.add(Rect(x: 30, y: 80, width: 2, height: 2))
        #expect(d.rects == [Rect(x: 0, y: 0, width: 100, height: 82)])
        #expect(d.take().count == 1)
        #expect(d.isEmpty)
    }

    @Test func pngRoundTripKeepsPixels() throws {
        let buffer = PixelBuffer(width: 33, height: 17, format: .xrgb8888)
        PrimitiveGoldenTests.drawPrimitives(Canvas(buffer: buffer))
        let decoded = try PNGCodec.decode(bytes: PNGCodec.encode(buffer))
        #expect(GoldenImage.compare(decoded, Image(copying: buffer), channelTolerance: 0).differing == 0)

        let disc = TestImages.disc(size: 24)
        let back = try PNGCodec.decode(bytes: PNGCodec.encode(disc))
        // Premultiply → straight → premultiply loses at most one step per channel.
        #expect(GoldenImage.compare(back, disc, channelTolerance: 1).differing == 0)
    }

    @Test func decodingGarbageSaysWhatIsWrong() {
        #expect(throws: GraphicsError.self) { try PNGCodec.decode(bytes: [1, 2, 3, 4]) }
        do {
            _ = try PNGCodec.decode(path: "/nonexistent/icon.png")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent/icon.png"))
        }
    }
}
