/// How grey becomes black and white for a thermal printer.
public enum Dithering: Sendable {
    /// Darker than the threshold prints: crisp text, QR codes and lines.
    case threshold(UInt8)
    /// Floyd–Steinberg error diffusion: photos and gradients keep their tone.
    case floydSteinberg
}

/// A 1-bit picture as receipt printers take it (ESC/POS `GS v 0`, CUPS raster 1-bpp): rows of
/// `bytesPerRow` bytes, most significant bit first, 1 = black (burn a dot), padding bits 0.
public struct MonochromeRaster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let bytesPerRow: Int
    public let bytes: [UInt8]

    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == (width + 7) / 8 * height, "a \(width)x\(height) raster needs \((width + 7) / 8 * height) bytes")
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.bytes = bytes
    }

    /// Is the dot at (x, y) black?
    public func isBlack(x: Int, y: Int) -> Bool {
        bytes[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
    }

    /// Converts luminance (0 black ... 255 white, row-major) to dots.
    public init(width: Int, height: Int, luminance: [UInt8], dithering: Dithering) {
        let bpr = (width + 7) / 8
        var out = [UInt8](repeating: 0, count: bpr * height)
        switch dithering {
        case .threshold(let t):
            for y in 0..<height {
                for x in 0..<width where luminance[y * width + x] < t {
                    out[y * bpr + x / 8] |= 0x80 >> UInt8(x % 8)
                }
            }
        case .floydSteinberg:
            // Errors in 1/16 units carried to the right and to the next row.
            var current = [Int](repeating: 0, count: width + 2), next = [Int](repeating: 0, count: width + 2)
            for y in 0..<height {
                for x in 0..<width {
                    let v = Int(luminance[y * width + x]) * 16 + current[x + 1]
                    let black = v < 128 * 16
                    if black { out[y * bpr + x / 8] |= 0x80 >> UInt8(x % 8) }
                    let err = v - (black ? 0 : 255 * 16)
                    current[x + 2] += err * 7 / 16
                    next[x] += err * 3 / 16
                    next[x + 1] += err * 5 / 16
                    next[x + 2] += err / 16
                }
                swap(&current, &next)
                for i in next.indices { next[i] = 0 }
            }
        }
        self.init(width: width, height: height, bytes: out)
    }
}

extension PixelBuffer {
    /// The buffer as printer dots (see `MonochromeRaster`); luminance is Rec. 601 luma.
    public func monochrome(_ dithering: Dithering = .threshold(128)) -> MonochromeRaster {
        var luma = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let r = row(y)
            for x in 0..<width {
                let p: UInt32 = switch format {
                case .xrgb8888: r.load(fromByteOffset: x * 4, as: UInt32.self)
                case .rgb565: RGB565Access.decode(r.load(fromByteOffset: x * 2, as: UInt16.self))
                }
                luma[y * width + x] = lumaOf(p)
            }
        }
        return MonochromeRaster(width: width, height: height, luminance: luma, dithering: dithering)
    }
}

extension Image {
    /// The image as printer dots, composited on white paper first.
    public func monochrome(_ dithering: Dithering = .threshold(128)) -> MonochromeRaster {
        var luma = [UInt8](repeating: 0, count: width * height)
        for i in 0..<(width * height) { luma[i] = lumaOf(blendOver(0xFFFF_FFFF, pixels[i])) }
        return MonochromeRaster(width: width, height: height, luminance: luma, dithering: dithering)
    }
}

@inline(__always)
func lumaOf(_ p: UInt32) -> UInt8 {
    let r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
    return UInt8((77 * r + 150 * g + 29 * b + 128) >> 8)
}
