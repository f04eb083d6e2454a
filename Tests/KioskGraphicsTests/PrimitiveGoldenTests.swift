import Testing
@testable import KioskGraphics

/// Golden images of every canvas primitive, in both framebuffer formats.
@Suite struct PrimitiveGoldenTests {
    static let background = Color(rgb: 0x1E242C)

    /// One picture with every primitive, so a regression anywhere shows in one diff.
    static func drawPrimitives(_ canvas: Canvas) {
        canvas.clear(background)
        canvas.fillRect(Rect(x: 8, y: 8, width: 40, height: 24), Color(rgb: 0x2D6CDF))
        canvas.fillRect(Rect(x: 30, y: 20, width: 40, height: 24), Color(rgb: 0xC24E2A, alpha: 128))
        canvas.strokeRect(Rect(x: 80, y: 8, width: 40, height: 36), width: 3, Color(rgb: 0xE6EAF0))
        canvas.fillRoundedRect(Rect(x: 8, y: 56, width: 112, height: 48), radius: 16, Color(rgb: 0x1F9D6B))
        canvas.strokeRoundedRect(Rect(x: 8, y: 56, width: 112, height: 48), radius: 16, width: 2, Color(rgb: 0xE6EAF0))
        canvas.fillRoundedRect(Rect(x: 130, y: 8, width: 40, height: 96), radius: 100, Color(rgb: 0x7A4DC9))  // pill
        canvas.fillRoundedRect(Rect(x: 180, y: 8, width: 60, height: 40), radius: 6.5, Color(rgb: 0xFFFFFF, alpha: 96))
        canvas.strokeRoundedRect(Rect(x: 180, y: 56, width: 60, height: 48), radius: 12, width: 5, Color(rgb: 0xB03A6E))
        canvas.drawLine(from: (8, 120), to: (120, 150), width: 1, Color.white)
        canvas.drawLine(from: (8, 130), to: (120, 180), width: 3, Color(rgb: 0x2A8AA8))
        canvas.drawLine(from: (130, 120.5), to: (240, 120.5), width: 1, Color(rgb: 0xE6EAF0))  // crisp
        canvas.fillLinearGradient(Rect(x: 130, y: 130, width: 50, height: 50), from: Color(rgb: 0xFF0000), to: Color(rgb: 0x0000FF))
        canvas.fillLinearGradient(Rect(x: 190, y: 130, width: 50, height: 50), from: Color(rgb: 0xFFFFFF, alpha: 0),
                                  to: Color(rgb: 0xFFFFFF), direction: .horizontal)
        canvas.withClip(Rect(x: 8, y: 190, width: 100, height: 30)) {
            canvas.fillRoundedRect(Rect(x: 0, y: 180, width: 90, height: 60), radius: 20, Color(rgb: 0x2D6CDF))
        }
        canvas.drawImage(TestImages.disc(size: 40), at: Point(x: 120, y: 188))
        canvas.drawImage(TestImages.disc(size: 40), in: Rect(x: 170, y: 188, width: 70, height: 30))
        canvas.drawImage(TestImages.checker(size: 8), in: Rect(x: 248, y: 8, width: 64, height: 64), filter: .nearest)
        canvas.drawImage(TestImages.disc(size: 40), at: Point(x: 260, y: 80), opacity: 0.5)
    }

    @Test(arguments: PixelFormat.allCases)
    func primitives(format: PixelFormat) throws {
        let buffer = PixelBuffer(width: 320, height: 230, format: format)
        Self.drawPrimitives(Canvas(buffer: buffer))
        try GoldenImage.check(buffer, named: "primitives-\(format.rawValue)")
    }

    /// Stride wider than a row (as DRM pitches are): drawing must not spill into the padding.
    @Test(arguments: PixelFormat.allCases)
    func strideIsRespected(format: PixelFormat) throws {
        let width = 320, height = 230, stride = width * format.bytesPerPixel + 64
        let memory = UnsafeMutableRawPointer.allocate(byteCount: stride * height, alignment: 64)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: 0xAB, count: stride * height)
        let wrapped = PixelBuffer(wrapping: memory, width: width, height: height, stride: stride, format: format)
        Self.drawPrimitives(Canvas(buffer: wrapped))
        for y in 0..<height {
            for b in (width * format.bytesPerPixel)..<stride {
                #expect(memory.load(fromByteOffset: y * stride + b, as: UInt8.self) == 0xAB, "padding byte \(b) of row \(y) was written")
            }
        }
        let tight = PixelBuffer(width: width, height: height, format: format)
        Self.drawPrimitives(Canvas(buffer: tight))
        let c = GoldenImage.compare(Image(copying: wrapped), Image(copying: tight), channelTolerance: 0)
        #expect(c.differing == 0)
    }
}

enum TestImages {
    /// A soft-edged disc with a colour ramp: exercises partial alpha.
    static func disc(size n: Int) -> Image {
        Image(width: n, height: n) { x, y in
            let c = Double(n - 1) / 2
            let r = (((Double(x) - c) * (Double(x) - c) + (Double(y) - c) * (Double(y) - c)).squareRoot()) / (Double(n) / 2)
            let a = max(0, min(1, 1 - r))
            return Color(r: UInt8(255 * x / n), g: 180, b: UInt8(255 - 255 * y / n), a: UInt8((a * 255).rounded()))
        }
    }

    /// Opaque black/white squares one pixel each.
    static func checker(size n: Int) -> Image {
        Image(width: n, height: n) { x, y in (x + y) % 2 == 0 ? .black : .white }
    }
}
