/// Which way a linear gradient runs.
public enum GradientDirection: Sendable {
    /// `from` at the top row, `to` at the bottom row.
    case vertical
    /// `from` at the left column, `to` at the right column.
    case horizontal
}

extension Canvas {
    /// Fills `rect` with a two-stop linear gradient, interpolated in straight sRGB (what designers
    /// expect from CSS) and premultiplied per pixel.
    public func fillLinearGradient(_ rect: Rect, from: Color, to: Color, direction: GradientDirection = .vertical) {
        let visible = rect.intersection(clipRect)
        guard !visible.isEmpty else { return }
        let steps = direction == .vertical ? rect.height : rect.width
        func colorAt(_ k: Int) -> UInt32 {
            let t = steps <= 1 ? 0 : Double(k) / Double(steps - 1)
            func mix(_ p: UInt8, _ q: UInt8) -> UInt8 { UInt8((Double(p) + (Double(q) - Double(p)) * t).rounded()) }
            return Color(r: mix(from.r, to.r), g: mix(from.g, to.g), b: mix(from.b, to.b), a: mix(from.a, to.a)).premultiplied
        }
        switch buffer.format {
        case .xrgb8888: gradient(XRGB8888Access.self, rect, visible, direction, colorAt)
        case .rgb565: gradient(RGB565Access.self, rect, visible, direction, colorAt)
        }
        didDraw(visible)
    }

    private func gradient<F: PixelAccess>(_: F.Type, _ rect: Rect, _ visible: Rect, _ direction: GradientDirection,
                                          _ colorAt: (Int) -> UInt32) {
        switch direction {
        case .vertical:
            for y in visible.minY..<visible.maxY {
                Span<F>.fill(pixels(F.self, x: visible.x, y: y), visible.width, colorAt(y - rect.y))
            }
        case .horizontal:
            let colors = (visible.minX..<visible.maxX).map { colorAt($0 - rect.x) }
            for y in visible.minY..<visible.maxY {
                let row = pixels(F.self, x: visible.x, y: y)
                for i in 0..<colors.count {
                    let c = colors[i]
                    row[i] = c >> 24 == 255 ? F.encode(c) : F.encode(blendOver(F.decode(row[i]), c))
                }
            }
        }
    }
}
