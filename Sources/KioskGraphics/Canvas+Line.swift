extension Canvas {
    /// An anti-aliased line `width` px wide between pixel-space points (pixel centres are at .5),
    /// with square-free round caps. Axis-aligned lines on the pixel grid become plain fills.
    public func drawLine(from a: (x: Double, y: Double), to b: (x: Double, y: Double), width: Double, _ color: Color) {
        guard width > 0, color.a != 0 else { return }
        let hw = width / 2
        // Crisp fast path: horizontal/vertical with edges landing on whole pixels.
        if a.y == b.y, (a.y - hw).rounded() == a.y - hw, a.x.rounded() == a.x, b.x.rounded() == b.x {
            let x0 = Int(min(a.x, b.x)), x1 = Int(max(a.x, b.x))
            fillRect(Rect(x: x0, y: Int(a.y - hw), width: max(x1 - x0, 1), height: Int(width)), color)
            return
        }
        if a.x == b.x, (a.x - hw).rounded() == a.x - hw, a.y.rounded() == a.y, b.y.rounded() == b.y {
            let y0 = Int(min(a.y, b.y)), y1 = Int(max(a.y, b.y))
            fillRect(Rect(x: Int(a.x - hw), y: y0, width: Int(width), height: max(y1 - y0, 1)), color)
            return
        }
        let box = Rect(x: Int((min(a.x, b.x) - hw - 1).rounded(.down)), y: Int((min(a.y, b.y) - hw - 1).rounded(.down)),
                       width: 0, height: 0)
        let maxX = Int((max(a.x, b.x) + hw + 1).rounded(.up)), maxY = Int((max(a.y, b.y) + hw + 1).rounded(.up))
        let area = Rect(x: box.x, y: box.y, width: maxX - box.x, height: maxY - box.y).intersection(clipRect)
        guard !area.isEmpty else { return }
        var coverage = [UInt8](repeating: 0, count: area.width)
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = max(dx * dx + dy * dy, 1e-12)
        let premul = color.premultiplied
        for y in area.minY..<area.maxY {
            let py = Double(y) + 0.5
            var any = false
            for i in 0..<area.width {
                let px = Double(area.x + i) + 0.5
                // Distance from the pixel centre to the segment; coverage ramps over one pixel.
                let t = max(0, min(1, ((px - a.x) * dx + (py - a.y) * dy) / len2))
                let ex = px - (a.x + t * dx), ey = py - (a.y + t * dy)
                let d = (ex * ex + ey * ey).squareRoot()
                let c = max(0, min(1, hw + 0.5 - d))
                coverage[i] = UInt8((c * 255).rounded())
                any = any || c > 0
            }
            guard any else { continue }
            coverage.withUnsafeBufferPointer { cov in
                switch buffer.format {
                case .xrgb8888: Span<XRGB8888Access>.mask(pixels(XRGB8888Access.self, x: area.x, y: y), area.width, premul, cov.baseAddress!, 1)
                case .rgb565: Span<RGB565Access>.mask(pixels(RGB565Access.self, x: area.x, y: y), area.width, premul, cov.baseAddress!, 1)
                }
            }
        }
        didDraw(area)
    }
}
