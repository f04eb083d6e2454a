/// How one pixel format stores premultiplied ARGB. Every inner loop is generic over this and the
/// compiler specialises it per format, so XRGB8888 and RGB565 each get their own tight loop
/// without a per-pixel switch.
protocol PixelAccess {
    associatedtype Pixel: FixedWidthInteger & UnsignedInteger
    /// Packs an opaque premultiplied ARGB value.
    static func encode(_ argb: UInt32) -> Pixel
    /// Unpacks to ARGB with alpha 255 (a framebuffer is opaque).
    static func decode(_ p: Pixel) -> UInt32
}

enum XRGB8888Access: PixelAccess {
    typealias Pixel = UInt32
    @inline(__always) static func encode(_ argb: UInt32) -> UInt32 { argb | 0xFF00_0000 }
    @inline(__always) static func decode(_ p: UInt32) -> UInt32 { p | 0xFF00_0000 }
}

enum RGB565Access: PixelAccess {
    typealias Pixel = UInt16
    @inline(__always) static func encode(_ argb: UInt32) -> UInt16 {
        // Rounded, not truncated, so a colour survives encode(decode(p)) unchanged.
        let r = ((argb >> 16) & 0xFF) &* 31 &+ 127
        let g = ((argb >> 8) & 0xFF) &* 63 &+ 127
        let b = (argb & 0xFF) &* 31 &+ 127
        return UInt16(truncatingIfNeeded: ((r / 255) << 11) | ((g / 255) << 5) | (b / 255))
    }
    @inline(__always) static func decode(_ p: UInt16) -> UInt32 {
        let v = UInt32(p)
        let r5 = (v >> 11) & 31, g6 = (v >> 5) & 63, b5 = v & 31
        let r = (r5 << 3) | (r5 >> 2), g = (g6 << 2) | (g6 >> 4), b = (b5 << 3) | (b5 >> 2)
        return 0xFF00_0000 | (r << 16) | (g << 8) | b
    }
}

/// Premultiplied `src` over `dst` (both ARGB): d = s + d * (255 - sa) / 255, two channels per multiply.
@inline(__always)
func blendOver(_ dst: UInt32, _ src: UInt32) -> UInt32 {
    let ia = 255 &- (src >> 24)
    var rb = (dst & 0x00FF_00FF) &* ia &+ 0x0080_0080
    rb = ((rb &+ ((rb >> 8) & 0x00FF_00FF)) >> 8) & 0x00FF_00FF
    var ag = ((dst >> 8) & 0x00FF_00FF) &* ia &+ 0x0080_0080
    ag = (ag &+ ((ag >> 8) & 0x00FF_00FF)) & 0xFF00_FF00
    return src &+ (rb | ag)
}

/// Premultiplied `argb` scaled by `k` / 255 (coverage or opacity).
@inline(__always)
func scalePixel(_ argb: UInt32, _ k: UInt32) -> UInt32 {
    var rb = (argb & 0x00FF_00FF) &* k &+ 0x0080_0080
    rb = ((rb &+ ((rb >> 8) & 0x00FF_00FF)) >> 8) & 0x00FF_00FF
    var ag = ((argb >> 8) & 0x00FF_00FF) &* k &+ 0x0080_0080
    ag = (ag &+ ((ag >> 8) & 0x00FF_00FF)) & 0xFF00_FF00
    return rb | ag
}

/// Opaque `src` mixed into `dst` with coverage `a` (0...255): the glyph and edge fast path.
@inline(__always)
func lerpPixel(_ dst: UInt32, _ src: UInt32, _ a: UInt32) -> UInt32 {
    let ia = 255 &- a
    var rb = (src & 0x00FF_00FF) &* a &+ (dst & 0x00FF_00FF) &* ia &+ 0x0080_0080
    rb = ((rb &+ ((rb >> 8) & 0x00FF_00FF)) >> 8) & 0x00FF_00FF
    var ag = ((src >> 8) & 0x00FF_00FF) &* a &+ ((dst >> 8) & 0x00FF_00FF) &* ia &+ 0x0080_0080
    ag = (ag &+ ((ag >> 8) & 0x00FF_00FF)) & 0xFF00_FF00
    return rb | ag
}

/// The loops every primitive is built from: a solid span and a span shaded by a coverage mask.
enum Span<F: PixelAccess> {
    /// Writes `count` pixels of `color` (premultiplied) starting at `p`: a plain store when opaque.
    @inline(__always)
    static func fill(_ p: UnsafeMutablePointer<F.Pixel>, _ count: Int, _ color: UInt32) {
        guard count > 0 else { return }
        if color >> 24 == 255 {
            p.update(repeating: F.encode(color), count: count)
        } else if color >> 24 != 0 {
            var i = 0
            while i < count {
                p[i] = F.encode(blendOver(F.decode(p[i]), color))
                i &+= 1
            }
        }
    }

    /// Shades `count` pixels with `color` (premultiplied) times coverage read from `mask`, stepping
    /// `maskStep` (1, or -1 for a mirrored corner).
    @inline(__always)
    static func mask(_ p: UnsafeMutablePointer<F.Pixel>, _ count: Int, _ color: UInt32,
                     _ mask: UnsafePointer<UInt8>, _ maskStep: Int) {
        var m = mask
        if color >> 24 == 255 {
            let opaque = F.encode(color)
            var i = 0
            while i < count {
                let a = UInt32(m.pointee)
                if a == 255 {
                    p[i] = opaque
                } else if a != 0 {
                    p[i] = F.encode(lerpPixel(F.decode(p[i]), color, a))
                }
                m += maskStep
                i &+= 1
            }
        } else {
            var i = 0
            while i < count {
                let a = UInt32(m.pointee)
                if a != 0 { p[i] = F.encode(blendOver(F.decode(p[i]), scalePixel(color, a))) }
                m += maskStep
                i &+= 1
            }
        }
    }

    /// Shades `count` pixels with `color` times a forward coverage mask (glyphs): eight mask bytes
    /// are tested at once, so the empty and fully covered stretches of a glyph cost one compare.
    @inline(__always)
    static func coverage(_ p: UnsafeMutablePointer<F.Pixel>, _ count: Int, _ color: UInt32, _ mask: UnsafePointer<UInt8>) {
        guard color >> 24 == 255 else { return Span<F>.mask(p, count, color, mask, 1) }
        let opaque = F.encode(color)
        var i = 0
        while i &+ 8 <= count {
            let w = UnsafeRawPointer(mask + i).loadUnaligned(as: UInt64.self)
            if w == 0 {
                i &+= 8
                continue
            }
            if w == UInt64.max {
                (p + i).update(repeating: opaque, count: 8)
                i &+= 8
                continue
            }
            var k = 0
            while k < 8 {
                let a = UInt32(truncatingIfNeeded: w >> (UInt64(k) &* 8)) & 0xFF
                if a == 255 { p[i &+ k] = opaque } else if a != 0 { p[i &+ k] = F.encode(lerpPixel(F.decode(p[i &+ k]), color, a)) }
                k &+= 1
            }
            i &+= 8
        }
        while i < count {
            let a = UInt32(mask[i])
            if a == 255 { p[i] = opaque } else if a != 0 { p[i] = F.encode(lerpPixel(F.decode(p[i]), color, a)) }
            i &+= 1
        }
    }
}
