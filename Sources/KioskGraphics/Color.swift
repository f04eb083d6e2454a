/// A colour as people write it: straight (not premultiplied) sRGB with alpha, 0...255 each.
///
/// The canvas premultiplies once per drawing call (`premultiplied`), so callers never see
/// premultiplied values; images and glyph caches keep premultiplied pixels because blending them
/// is then one multiply per channel.
public struct Color: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8

    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// `0xRRGGBB` (opaque) — how designers hand colours over.
    public init(rgb: UInt32, alpha: UInt8 = 255) {
        self.init(r: UInt8((rgb >> 16) & 0xFF), g: UInt8((rgb >> 8) & 0xFF), b: UInt8(rgb & 0xFF), a: alpha)
    }

    public var isOpaque: Bool { a == 255 }

    /// Premultiplied ARGB packed as the XRGB8888 framebuffer stores it (A in the top byte).
    public var premultiplied: UInt32 {
        let a32 = UInt32(a)
        return (a32 << 24) | (mul255(UInt32(r), a32) << 16) | (mul255(UInt32(g), a32) << 8) | mul255(UInt32(b), a32)
    }

    /// The same colour with alpha scaled by `opacity` (0...1).
    public func withOpacity(_ opacity: Double) -> Color {
        let o = max(0, min(1, opacity))
        return Color(r: r, g: g, b: b, a: UInt8((Double(a) * o).rounded()))
    }

    public static let black = Color(r: 0, g: 0, b: 0)
    public static let white = Color(r: 255, g: 255, b: 255)
    public static let clear = Color(r: 0, g: 0, b: 0, a: 0)
}

/// `x * y / 255`, rounded, for 0...255 operands (the usual exact shortcut).
@inline(__always)
func mul255(_ x: UInt32, _ y: UInt32) -> UInt32 {
    let t = x &* y &+ 128
    return (t &+ (t >> 8)) >> 8
}
