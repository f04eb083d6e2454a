import KioskGraphics

/// How a scanout pixel is packed: bytes per pixel and where each channel sits, as fbdev's
/// `fb_var_screeninfo` bitfields describe it. DRM dumb buffers are always XRGB8888.
public struct ScanoutLayout: Sendable, Hashable {
    public var bytesPerPixel: Int
    var redOffset: Int, redLength: Int
    var greenOffset: Int, greenLength: Int
    var blueOffset: Int, blueLength: Int

    public init(bytesPerPixel: Int, red: (Int, Int), green: (Int, Int), blue: (Int, Int)) {
        self.bytesPerPixel = bytesPerPixel
        (redOffset, redLength) = red
        (greenOffset, greenLength) = green
        (blueOffset, blueLength) = blue
    }

    public static let xrgb8888 = ScanoutLayout(bytesPerPixel: 4, red: (16, 8), green: (8, 8), blue: (0, 8))
    public static let rgb565 = ScanoutLayout(bytesPerPixel: 2, red: (11, 5), green: (5, 6), blue: (0, 5))

    /// The PixelBuffer format this layout is, if it is one (then rows copy without conversion).
    public var pixelFormat: PixelFormat? {
        if self == .xrgb8888 { return .xrgb8888 }
        if self == .rgb565 { return .rgb565 }
        return nil
    }

    @inline(__always)
    func pack(r: UInt32, g: UInt32, b: UInt32) -> UInt32 {
        (r >> UInt32(8 - redLength)) << UInt32(redOffset)
            | (g >> UInt32(8 - greenLength)) << UInt32(greenOffset)
            | (b >> UInt32(8 - blueLength)) << UInt32(blueOffset)
    }
}

/// Copies damaged rectangles from the UI's logical frame into scanout memory, rotating and
/// converting on the way. Only damage is touched, which is what keeps an idle kiosk cheap and a
/// button press a few kilobytes of copying.
public enum Blitter {
    /// Copies `rect` (logical coordinates, already inside `source`) to `dest`, a panel of
    /// `physicalWidth`×`physicalHeight` with `destStride` bytes per row.
    public static func copy(_ rect: Rect, from source: PixelBuffer, rotation: Rotation,
                            to dest: UnsafeMutableRawPointer, destStride: Int, layout: ScanoutLayout) {
        if rect.isEmpty { return }
        let w = source.width, h = source.height
        if rotation == .none, let format = layout.pixelFormat, format == source.format {
            let bpp = format.bytesPerPixel
            for y in rect.y..<rect.maxY {
                (dest + y * destStride + rect.x * bpp)
                    .copyMemory(from: source.row(y) + rect.x * bpp, byteCount: rect.width * bpp)
            }
            return
        }
        let dbpp = layout.bytesPerPixel
        for y in rect.y..<rect.maxY {
            let row = source.row(y)
            for x in rect.x..<rect.maxX {
                let (r, g, b) = readRGB(row, x, source.format)
                let v = layout.pack(r: r, g: g, b: b)
                let p = rotation.physicalPoint(x: x, y: y, logicalWidth: w, logicalHeight: h)
                let d = dest + p.y * destStride + p.x * dbpp
                switch dbpp {
                case 4: d.storeBytes(of: v, as: UInt32.self)
                case 2: d.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
                default:
                    d.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
                    (d + 1).storeBytes(of: UInt8(truncatingIfNeeded: v >> 8), as: UInt8.self)
                    (d + 2).storeBytes(of: UInt8(truncatingIfNeeded: v >> 16), as: UInt8.self)
                }
            }
        }
    }

    /// 8-bit channels of pixel `x` in `row`; RGB565 expands by bit replication, as panels and QEMU do.
    @inline(__always)
    static func readRGB(_ row: UnsafeMutableRawPointer, _ x: Int, _ format: PixelFormat) -> (UInt32, UInt32, UInt32) {
        switch format {
        case .xrgb8888:
            let v = row.load(fromByteOffset: x * 4, as: UInt32.self)
            return ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        case .rgb565:
            let v = UInt32(row.load(fromByteOffset: x * 2, as: UInt16.self))
            let r5 = (v >> 11) & 0x1F, g6 = (v >> 5) & 0x3F, b5 = v & 0x1F
            return (r5 << 3 | r5 >> 2, g6 << 2 | g6 >> 4, b5 << 3 | b5 >> 2)
        }
    }
}
