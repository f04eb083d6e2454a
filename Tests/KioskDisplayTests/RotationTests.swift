import Testing
import KioskGraphics
@testable import KioskDisplay

@Suite struct RotationTests {
    @Test(arguments: Rotation.allCases)
    func logicalAndPhysicalPointsAreInverse(_ rotation: Rotation) {
        let (w, h) = rotation.logicalSize(physicalWidth: 5, physicalHeight: 3)
        var seen = Set<Int>()
        for y in 0..<h {
            for x in 0..<w {
                let p = rotation.physicalPoint(x: x, y: y, logicalWidth: w, logicalHeight: h)
                #expect(p.x >= 0 && p.x < 5 && p.y >= 0 && p.y < 3)
                seen.insert(p.y * 5 + p.x)
                let back = rotation.logicalPoint(physicalX: p.x, physicalY: p.y, logicalWidth: w, logicalHeight: h)
                #expect(back == (x, y))
            }
        }
        #expect(seen.count == 15, "every panel pixel is covered once")
    }

    @Test func blitterRotatesAndConverts() {
        // Logical 3×2 XRGB: row 0 = A B C, row 1 = D E F. Rotated 90° clockwise onto a 2×3 panel:
        //   D A / E B / F C
        let src = PixelBuffer(width: 3, height: 2, format: .xrgb8888)
        let colors: [UInt32] = [0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x808080, 0x102030]
        for i in 0..<6 { src.row(i / 3).storeBytes(of: colors[i], toByteOffset: (i % 3) * 4, as: UInt32.self) }
        let dest = PixelBuffer(width: 2, height: 3, format: .xrgb8888)
        Blitter.copy(Rect(x: 0, y: 0, width: 3, height: 2), from: src, rotation: .clockwise90,
                     to: dest.baseAddress, destStride: dest.stride, layout: .xrgb8888)
        func px(_ x: Int, _ y: Int) -> UInt32 { dest.row(y).load(fromByteOffset: x * 4, as: UInt32.self) }
        #expect([px(0, 0), px(1, 0), px(0, 1), px(1, 1), px(0, 2), px(1, 2)]
                == [0xFFFFFF, 0xFF0000, 0x808080, 0x00FF00, 0x102030, 0x0000FF])

        let d565 = PixelBuffer(width: 3, height: 2, format: .rgb565)
        Blitter.copy(Rect(x: 1, y: 0, width: 2, height: 1), from: src, rotation: .none,
                     to: d565.baseAddress, destStride: d565.stride, layout: .rgb565)
        let row = d565.row(0)
        #expect(row.load(fromByteOffset: 0, as: UInt16.self) == 0, "outside the damage stays untouched")
        #expect(row.load(fromByteOffset: 2, as: UInt16.self) == 0x07E0)
        #expect(row.load(fromByteOffset: 4, as: UInt16.self) == 0x001F)
    }

    @Test func physicalRectCoversTheRotatedDamage() {
        let r = Rotation.clockwise90.physicalRect(Rect(x: 0, y: 0, width: 2, height: 1), logicalWidth: 3, logicalHeight: 2)
        #expect(r == Rect(x: 1, y: 0, width: 1, height: 2))
    }
}
