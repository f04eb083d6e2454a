/// A 1-bit image as thermal printers take it: rows of bytes, most significant bit leftmost,
/// 1 = black (a dot burned). This is exactly the payload of ESC/POS `GS v 0`, so a receipt is
/// drawn once and sent without conversion, and the parser hands back the same type.
public struct MonoBitmap: Sendable, Hashable {
    public let width: Int
    public private(set) var height: Int
    /// Bytes per row: width rounded up to whole bytes.
    public let bytesPerRow: Int
    public private(set) var bits: [UInt8]

    /// A white (unprinted) bitmap.
    public init(width: Int, height: Int) {
        precondition(width > 0 && height >= 0, "a bitmap needs a positive width")
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.bits = [UInt8](repeating: 0, count: bytesPerRow * height)
    }

    /// Wraps packed rows; `bits.count` must be `((width + 7) / 8) * height`.
    public init(width: Int, height: Int, bits: [UInt8]) {
        precondition(bits.count == ((width + 7) / 8) * height, "packed bits do not match \(width)×\(height)")
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.bits = bits
    }

    @inline(__always)
    public subscript(x: Int, y: Int) -> Bool {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x),\(y)) outside \(width)×\(height)")
            return bits[y * bytesPerRow + x >> 3] & (0x80 >> UInt8(x & 7)) != 0
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x),\(y)) outside \(width)×\(height)")
            let index = y * bytesPerRow + x >> 3
            let mask: UInt8 = 0x80 >> UInt8(x & 7)
            if newValue { bits[index] |= mask } else { bits[index] &= ~mask }
        }
    }

    /// Blackens (or whitens) a rectangle, clipped to the bitmap. Works a byte at a time: sheets of
    /// 100 cards are mostly rectangles and blits.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, black: Bool = true) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let firstByte = x0 >> 3, lastByte = (x1 - 1) >> 3
        let firstMask: UInt8 = 0xFF >> UInt8(x0 & 7)
        let lastMask: UInt8 = 0xFF << UInt8(7 - ((x1 - 1) & 7))
        let stride = bytesPerRow
        bits.withUnsafeMutableBufferPointer { buffer in
            for row in y0..<y1 {
                let base = row * stride
                for index in firstByte...lastByte {
                    var mask: UInt8 = 0xFF
                    if index == firstByte { mask &= firstMask }
                    if index == lastByte { mask &= lastMask }
                    if black { buffer[base + index] |= mask } else { buffer[base + index] &= ~mask }
                }
            }
        }
    }

    /// Copies `other` with its top-left corner at (x, y), clipped; black pixels of `other` are OR-ed in.
    public mutating func draw(_ other: MonoBitmap, x: Int, y: Int) {
        guard x >= 0, x + other.width <= width else { return drawClipped(other, x: x, y: y) }
        let shift = UInt8(x & 7), firstByte = x >> 3
        let padding = other.bytesPerRow * 8 - other.width
        let lastMask: UInt8 = 0xFF << UInt8(padding)
        let sourceStride = other.bytesPerRow, stride = bytesPerRow
        bits.withUnsafeMutableBufferPointer { target in
            other.bits.withUnsafeBufferPointer { source in
                for row in 0..<other.height where y + row >= 0 && y + row < height {
                    let from = row * sourceStride, to = (y + row) * stride + firstByte
                    for index in 0..<sourceStride {
                        var byte = source[from + index]
                        if index == sourceStride - 1 { byte &= lastMask }
                        if byte == 0 { continue }
                        target[to + index] |= byte >> shift
                        if shift > 0 {
                            let spill = byte << (8 - shift)
                            if spill != 0 { target[to + index + 1] |= spill }
                        }
                    }
                }
            }
        }
    }

    private mutating func drawClipped(_ other: MonoBitmap, x: Int, y: Int) {
        for row in 0..<other.height where y + row >= 0 && y + row < height {
            for column in 0..<other.width where x + column >= 0 && x + column < width && other[column, row] {
                self[x + column, y + row] = true
            }
        }
    }

    /// Appends `other` below this bitmap (same width), as a printer feeds raster blocks one after another.
    public mutating func append(_ other: MonoBitmap) {
        precondition(other.width == width, "cannot stack a \(other.width)-dot block under a \(width)-dot one")
        bits += other.bits
        height += other.height
    }

    /// Adds `rows` white rows at the bottom (paper fed without printing).
    public mutating func appendBlank(rows: Int) {
        guard rows > 0 else { return }
        bits += [UInt8](repeating: 0, count: rows * bytesPerRow)
        height += rows
    }

    /// Rows `range` as a bitmap of their own (for printing in bands).
    public func rows(_ range: Range<Int>) -> MonoBitmap {
        precondition(range.lowerBound >= 0 && range.upperBound <= height, "rows \(range) outside 0..<\(height)")
        return MonoBitmap(width: width, height: range.count,
                          bits: Array(bits[range.lowerBound * bytesPerRow..<range.upperBound * bytesPerRow]))
    }

    /// Each pixel becomes a `factor` × `factor` block: makes the code readable from a step away.
    public func scaled(by factor: Int) -> MonoBitmap {
        precondition(factor >= 1, "scale factor must be at least 1")
        if factor == 1 { return self }
        var out = MonoBitmap(width: width * factor, height: height * factor)
        for y in 0..<height {
            for x in 0..<width where self[x, y] {
                out.fill(x: x * factor, y: y * factor, width: factor, height: factor)
            }
        }
        return out
    }

    /// The count of black pixels (tests and the bench use it as a cheap fingerprint).
    public var blackPixelCount: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Netpbm P4 (raw PBM): the same bit layout, readable by zbarimg, ImageMagick and pnmtopng.
    public func pbm() -> [UInt8] {
        Array("P4\n\(width) \(height)\n".utf8) + bits
    }
}
