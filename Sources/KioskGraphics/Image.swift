/// An immutable picture with alpha, kept as premultiplied ARGB (one `UInt32` per pixel, tight
/// rows) because that is what the canvas composites fastest. Decoded icons, QR codes and
/// screenshots are images.
///
/// `Sendable`: the pixels are written only while the image is being made, never after.
public final class Image: @unchecked Sendable {
    public let width: Int
    public let height: Int
    let pixels: UnsafeMutablePointer<UInt32>

    /// Makes an image by asking `premultipliedAt(x, y)` for every pixel.
    public convenience init(width: Int, height: Int, premultipliedAt: (Int, Int) -> UInt32) {
        self.init(uninitializedWidth: width, height: height)
        for y in 0..<height {
            for x in 0..<width { pixels[y * width + x] = premultipliedAt(x, y) }
        }
    }

    /// Makes an image from straight colours.
    public convenience init(width: Int, height: Int, colorAt: (Int, Int) -> Color) {
        self.init(width: width, height: height) { colorAt($0, $1).premultiplied }
    }

    /// A copy of what a buffer shows (opaque), e.g. to compare a rendered frame.
    public convenience init(copying buffer: PixelBuffer) {
        self.init(uninitializedWidth: buffer.width, height: buffer.height)
        for y in 0..<height {
            let row = buffer.row(y)
            for x in 0..<width {
                switch buffer.format {
                case .xrgb8888: pixels[y * width + x] = XRGB8888Access.decode(row.load(fromByteOffset: x * 4, as: UInt32.self))
                case .rgb565: pixels[y * width + x] = RGB565Access.decode(row.load(fromByteOffset: x * 2, as: UInt16.self))
                }
            }
        }
    }

    init(uninitializedWidth width: Int, height: Int) {
        precondition(width > 0 && height > 0, "an image needs a positive size, got \(width)x\(height)")
        self.width = width
        self.height = height
        pixels = .allocate(capacity: width * height)
        pixels.initialize(repeating: 0, count: width * height)
    }

    deinit { pixels.deallocate() }

    /// Premultiplied ARGB of one pixel.
    /// Every pixel, premultiplied XRGB/ARGB, row after row: for comparisons that must be fast.
    public func withPremultipliedPixels<T>(_ body: (UnsafeBufferPointer<UInt32>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: pixels, count: width * height))
    }

    public func premultiplied(x: Int, y: Int) -> UInt32 {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x),\(y)) outside \(width)x\(height)")
        return pixels[y * width + x]
    }

    /// The straight colour of one pixel (alpha undone).
    public func color(x: Int, y: Int) -> Color {
        unpremultiply(premultiplied(x: x, y: y))
    }
}

/// Straight colour from premultiplied ARGB.
func unpremultiply(_ p: UInt32) -> Color {
    let a = p >> 24
    if a == 0 { return .clear }
    if a == 255 { return Color(r: UInt8((p >> 16) & 0xFF), g: UInt8((p >> 8) & 0xFF), b: UInt8(p & 0xFF)) }
    func un(_ c: UInt32) -> UInt8 { UInt8(min(255, (c * 255 + a / 2) / a)) }
    return Color(r: un((p >> 16) & 0xFF), g: un((p >> 8) & 0xFF), b: un(p & 0xFF), a: UInt8(a))
}
