import Testing
@testable import KioskPrinting

@Suite("1-bit bitmaps")
struct MonoBitmapTests {
    @Test("pixels pack MSB-first, rows padded to whole bytes")
    func packing() {
        var bitmap = MonoBitmap(width: 10, height: 2)
        #expect(bitmap.bytesPerRow == 2)
        bitmap[0, 0] = true
        bitmap[9, 1] = true
        #expect(bitmap.bits == [0x80, 0x00, 0x00, 0x40])
        bitmap[0, 0] = false
        #expect(bitmap.bits[0] == 0)
    }

    @Test("scaling turns each dot into a square block")
    func scaling() {
        var bitmap = MonoBitmap(width: 3, height: 2)
        bitmap[1, 1] = true
        let big = bitmap.scaled(by: 4)
        #expect(big.width == 12 && big.height == 8)
        #expect(big.blackPixelCount == 16)
        #expect(big[4, 4] && big[7, 7] && !big[3, 4] && !big[8, 7])
    }

    @Test("PBM output is the header and the packed rows")
    func pbm() {
        var bitmap = MonoBitmap(width: 8, height: 1)
        bitmap.fill(x: 0, y: 0, width: 4, height: 1)
        #expect(bitmap.pbm() == Array("P4\n8 1\n".utf8) + [0xF0])
    }

    @Test("draw ORs black pixels in and clips at the edges")
    func drawClips() {
        var canvas = MonoBitmap(width: 8, height: 8)
        var stamp = MonoBitmap(width: 4, height: 4)
        stamp.fill(x: 0, y: 0, width: 4, height: 4)
        canvas.draw(stamp, x: 6, y: -2)
        #expect(canvas.blackPixelCount == 4)
        #expect(canvas[6, 0] && canvas[7, 1])
    }
}
