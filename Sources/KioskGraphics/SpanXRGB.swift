/// The XRGB8888 glyph span with four pixels per step in SIMD registers: the same arithmetic as
/// `lerpPixel` (exact x·a/255 rounding) two channels per 32-bit lane. Text is most of a kiosk frame's
/// partly covered pixels, so this is the loop that decides text throughput.
enum SpanXRGB {
    @inline(__always)
    static func coverage(_ p: UnsafeMutablePointer<UInt32>, _ count: Int, _ color: UInt32, _ mask: UnsafePointer<UInt8>) {
        guard color >> 24 == 255 else { return Span<XRGB8888Access>.mask(p, count, color, mask, 1) }
        let opaque = color | 0xFF00_0000
        let srb = unsafeBitCast(SIMD4<UInt32>(repeating: opaque & 0x00FF_00FF), to: SIMD8<UInt16>.self)
        let sag = unsafeBitCast(SIMD4<UInt32>(repeating: (opaque >> 8) & 0x00FF_00FF), to: SIMD8<UInt16>.self)
        var i = 0
        while i &+ 4 <= count {
            let w = UnsafeRawPointer(mask + i).loadUnaligned(as: UInt32.self)
            if w == UInt32.max {
                (p + i).update(repeating: opaque, count: 4)
            } else if w != 0 {
                blend4(p + i, srb, sag, w)
            }
            i &+= 4
        }
        while i < count {
            let a = UInt32(mask[i])
            if a == 255 { p[i] = opaque } else if a != 0 { p[i] = lerpPixel(p[i], opaque, a) | 0xFF00_0000 }
            i &+= 1
        }
    }

    /// Four pixels at `p` ← src·a + dst·(255 − a), `a` one byte per pixel in `a4`. Channels are
    /// split into the B,R and G,A halves (`& 0x00FF00FF`), each read as eight 16-bit lanes, so the
    /// multiplies are SSE2's 16-bit ones on every x86-64 (no widening conversions needed).
    @inline(__always)
    static func blend4(_ p: UnsafeMutablePointer<UInt32>, _ srb: SIMD8<UInt16>, _ sag: SIMD8<UInt16>, _ a4: UInt32) {
        let raw = UnsafeMutableRawPointer(p)
        let d = raw.loadUnaligned(as: SIMD4<UInt32>.self)
        let lo = SIMD4<UInt32>(repeating: 0x00FF_00FF)
        let drb = unsafeBitCast(d & lo, to: SIMD8<UInt16>.self)
        let dag = unsafeBitCast((d &>> 8) & lo, to: SIMD8<UInt16>.self)
        let a32 = SIMD4<UInt32>(a4 & 0xFF, (a4 >> 8) & 0xFF, (a4 >> 16) & 0xFF, a4 >> 24)
        let a = unsafeBitCast(a32 | (a32 &<< 16), to: SIMD8<UInt16>.self)
        let ia = SIMD8<UInt16>(repeating: 255) &- a
        var rb = srb &* a &+ drb &* ia &+ 128
        rb = (rb &+ (rb &>> 8)) &>> 8
        var ag = sag &* a &+ dag &* ia &+ 128
        ag = (ag &+ (ag &>> 8)) &>> 8
        let out = unsafeBitCast(rb, to: SIMD4<UInt32>.self) | (unsafeBitCast(ag, to: SIMD4<UInt32>.self) &<< 8)
        raw.storeBytes(of: out, as: SIMD4<UInt32>.self)
    }

    /// Premultiplied `src` over `count` pixels: d = s + d·(255 − sa)/255, four pixels per step,
    /// fully transparent groups skipped. The icon blit of every frame.
    @inline(__always)
    static func over(_ p: UnsafeMutablePointer<UInt32>, _ src: UnsafePointer<UInt32>, _ count: Int) {
        let lo = SIMD4<UInt32>(repeating: 0x00FF_00FF)
        var i = 0
        while i &+ 4 <= count {
            let s = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD4<UInt32>.self)
            let alpha = s &>> 24
            if alpha == SIMD4(repeating: 255) {
                UnsafeMutableRawPointer(p + i).storeBytes(of: s, as: SIMD4<UInt32>.self)
            } else if s != SIMD4(repeating: 0) {
                let raw = UnsafeMutableRawPointer(p + i)
                let d = raw.loadUnaligned(as: SIMD4<UInt32>.self)
                let ia32 = SIMD4<UInt32>(repeating: 255) &- alpha
                let ia = unsafeBitCast(ia32 | (ia32 &<< 16), to: SIMD8<UInt16>.self)
                var rb = unsafeBitCast(d & lo, to: SIMD8<UInt16>.self) &* ia &+ 128
                rb = (rb &+ (rb &>> 8)) &>> 8
                var ag = unsafeBitCast((d &>> 8) & lo, to: SIMD8<UInt16>.self) &* ia &+ 128
                ag = (ag &+ (ag &>> 8)) &>> 8
                let out = s &+ (unsafeBitCast(rb, to: SIMD4<UInt32>.self) | (unsafeBitCast(ag, to: SIMD4<UInt32>.self) &<< 8))
                raw.storeBytes(of: out | SIMD4(repeating: 0xFF00_0000), as: SIMD4<UInt32>.self)
            }
            i &+= 4
        }
        while i < count {
            let sp = src[i]
            let a = sp >> 24
            if a == 255 { p[i] = sp } else if a != 0 { p[i] = blendOver(p[i] | 0xFF00_0000, sp) }
            i &+= 1
        }
    }
}
