/// The RGB565 glyph span, eight pixels per step in 16-bit SIMD lanes: unpack 5/6/5 to 8 bits,
/// mix with the text colour by coverage, repack with rounding, the same arithmetic as the scalar
/// `RGB565Access` path (bit-identical output).
enum SpanRGB565 {
    @inline(__always)
    static func coverage(_ p: UnsafeMutablePointer<UInt16>, _ count: Int, _ color: UInt32, _ mask: UnsafePointer<UInt8>) {
        guard color >> 24 == 255 else { return Span<RGB565Access>.mask(p, count, color, mask, 1) }
        let opaque = RGB565Access.encode(color)
        let sr = SIMD8<UInt16>(repeating: UInt16((color >> 16) & 0xFF))
        let sg = SIMD8<UInt16>(repeating: UInt16((color >> 8) & 0xFF))
        let sb = SIMD8<UInt16>(repeating: UInt16(color & 0xFF))
        var i = 0
        while i &+ 8 <= count {
            let w = UnsafeRawPointer(mask + i).loadUnaligned(as: UInt64.self)
            if w == UInt64.max {
                (p + i).update(repeating: opaque, count: 8)
            } else if w != 0 {
                blend8(p + i, sr, sg, sb, w)
            }
            i &+= 8
        }
        while i < count {
            let a = UInt32(mask[i])
            if a == 255 { p[i] = opaque } else if a != 0 { p[i] = RGB565Access.encode(lerpPixel(RGB565Access.decode(p[i]), color, a)) }
            i &+= 1
        }
    }

    @inline(__always)
    static func blend8(_ p: UnsafeMutablePointer<UInt16>, _ sr: SIMD8<UInt16>, _ sg: SIMD8<UInt16>, _ sb: SIMD8<UInt16>, _ w: UInt64) {
        let raw = UnsafeMutableRawPointer(p)
        let d = raw.loadUnaligned(as: SIMD8<UInt16>.self)
        let a = SIMD8<UInt16>(UInt16(truncatingIfNeeded: w & 0xFF), UInt16(truncatingIfNeeded: (w >> 8) & 0xFF),
                              UInt16(truncatingIfNeeded: (w >> 16) & 0xFF), UInt16(truncatingIfNeeded: (w >> 24) & 0xFF),
                              UInt16(truncatingIfNeeded: (w >> 32) & 0xFF), UInt16(truncatingIfNeeded: (w >> 40) & 0xFF),
                              UInt16(truncatingIfNeeded: (w >> 48) & 0xFF), UInt16(truncatingIfNeeded: w >> 56))
        let ia = SIMD8<UInt16>(repeating: 255) &- a
        let r5 = d &>> 11, g6 = (d &>> 5) & 63, b5 = d & 31
        let r8 = (r5 &<< 3) | (r5 &>> 2), g8 = (g6 &<< 2) | (g6 &>> 4), b8 = (b5 &<< 3) | (b5 &>> 2)
        @inline(__always) func mix(_ s: SIMD8<UInt16>, _ d: SIMD8<UInt16>) -> SIMD8<UInt16> {
            let t = s &* a &+ d &* ia &+ 128
            return (t &+ (t &>> 8)) &>> 8
        }
        // x / 255 as (x + 1 + (x >> 8)) >> 8: exact for every x below 65535.
        @inline(__always) func div255(_ x: SIMD8<UInt16>) -> SIMD8<UInt16> { (x &+ 1 &+ (x &>> 8)) &>> 8 }
        let r = div255(mix(sr, r8) &* 31 &+ 127), g = div255(mix(sg, g8) &* 63 &+ 127), b = div255(mix(sb, b8) &* 31 &+ 127)
        raw.storeBytes(of: (r &<< 11) | (g &<< 5) | b, as: SIMD8<UInt16>.self)
    }
}
