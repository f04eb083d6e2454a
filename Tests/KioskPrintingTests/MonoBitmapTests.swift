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

@Suite("1-bit bitmaps: byte-wise fill and blit agree with pixel by pixel")
struct MonoBitmapFastPathTests {
    @Test("fill and draw at every bit offset match a per-pixel reference", arguments: 0..<9)
    func offsets(shift: Int) {
        var stamp = MonoBitmap(width: 13, height: 3)
        for (x, y) in [(0, 0), (12, 0), (5, 1), (7, 2), (8, 2), (12, 2)] { stamp[x, y] = true }
        var fast = MonoBitmap(width: 40, height: 6)
        fast.draw(stamp, x: shift + 3, y: 1)
        fast.fill(x: shift, y: 5, width: 17, height: 1)
        var reference = MonoBitmap(width: 40, height: 6)
        for y in 0..<3 { for x in 0..<13 where stamp[x, y] { reference[shift + 3 + x, 1 + y] = true } }
        for x in shift..<(shift + 17) { reference[x, 5] = true }
        #expect(fast == reference)
        fast.fill(x: shift, y: 5, width: 17, height: 1, black: false)
        #expect(fast.blackPixelCount == 6)
    }

    @Test("padding bits of the stamp never leak into the target")
    func padding() {
        let stamp = MonoBitmap(width: 3, height: 1, bits: [0xFF])   // 5 padding bits set
        var target = MonoBitmap(width: 16, height: 1)
        target.draw(stamp, x: 6, y: 0)
        #expect(target.blackPixelCount == 3 && target[6, 0] && target[8, 0] && !target[9, 0])
    }
}
