import KioskGraphics

/// The few fills the test card needs, written straight into a PixelBuffer. The test card must not
/// depend on the renderer it helps to check, so it draws with nothing but these loops.
struct TestCardPainter {
    let buffer: PixelBuffer

    /// Fills a rectangle (clipped to the buffer) with 0xRRGGBB.
    mutating func fill(x: Int, y: Int, width: Int, height: Int, color: UInt32) {
        let r = Rect(x: x, y: y, width: width, height: height)
            .intersection(Rect(x: 0, y: 0, width: buffer.width, height: buffer.height))
        if r.isEmpty { return }
        for yy in r.y..<r.maxY {
            let row = buffer.row(yy)
            for xx in r.x..<r.maxX { set(row, xx, color) }
        }
    }

    /// Per-pixel colour from a function of (x, y) inside the rectangle.
    mutating func shade(x: Int, y: Int, width: Int, height: Int, _ color: (Int, Int) -> UInt32) {
        let r = Rect(x: x, y: y, width: width, height: height)
            .intersection(Rect(x: 0, y: 0, width: buffer.width, height: buffer.height))
        if r.isEmpty { return }
        for yy in r.y..<r.maxY {
            let row = buffer.row(yy)
            for xx in r.x..<r.maxX { set(row, xx, color(xx - x, yy - y)) }
        }
    }

    /// A rectangle outline `thickness` pixels wide.
    mutating func frame(x: Int, y: Int, width: Int, height: Int, thickness: Int, color: UInt32) {
        fill(x: x, y: y, width: width, height: thickness, color: color)
        fill(x: x, y: y + height - thickness, width: width, height: thickness, color: color)
        fill(x: x, y: y, width: thickness, height: height, color: color)
        fill(x: x + width - thickness, y: y, width: thickness, height: height, color: color)
    }

    @inline(__always)
    private func set(_ row: UnsafeMutableRawPointer, _ x: Int, _ c: UInt32) {
        switch buffer.format {
        case .xrgb8888:
            row.storeBytes(of: c & 0xFFFFFF, toByteOffset: x * 4, as: UInt32.self)
        case .rgb565:
            let v = ((c >> 19) & 0x1F) << 11 | ((c >> 10) & 0x3F) << 5 | ((c >> 3) & 0x1F)
            row.storeBytes(of: UInt16(v), toByteOffset: x * 2, as: UInt16.self)
        }
    }
}
