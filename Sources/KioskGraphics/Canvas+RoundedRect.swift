extension Canvas {
    /// Fills `rect` with corners of `radius` px, anti-aliased. The radius is clamped to half the
    /// shorter side (a pill).
    public func fillRoundedRect(_ rect: Rect, radius: Double, _ color: Color) {
        guard !rect.isEmpty, color.a != 0 else { return }
        let r = clampedRadius(rect, radius)
        if r <= 0 { fillRect(rect, color); return }
        let mask = cornerMask(radius: r, border: 0)
        draw(rect, mask: mask, ring: false, border: 0, color.premultiplied)
    }

    /// A border `width` px wide drawn inside `rect`, following the same rounded corners as
    /// `fillRoundedRect(rect, radius:)`, so a button is `fillRoundedRect` then `strokeRoundedRect`.
    public func strokeRoundedRect(_ rect: Rect, radius: Double, width: Int, _ color: Color) {
        guard !rect.isEmpty, width > 0, color.a != 0 else { return }
        if 2 * width >= min(rect.width, rect.height) { fillRoundedRect(rect, radius: radius, color); return }
        let r = clampedRadius(rect, radius)
        if r <= 0 { strokeRect(rect, width: width, color); return }
        let mask = cornerMask(radius: r, border: width)
        if 2 * mask.size > min(rect.width, rect.height) { fillRoundedRect(rect, radius: radius, color); return }
        draw(rect, mask: mask, ring: true, border: width, color.premultiplied)
    }

    /// Keeps two corner boxes inside the rect so the corners never overlap.
    private func clampedRadius(_ rect: Rect, _ radius: Double) -> Double {
        max(0, min(radius, Double(min(rect.width, rect.height) / 2)))
    }

    func cornerMask(radius: Double, border: Int) -> CornerMask {
        let key = CornerMaskKey(radius64: Int((radius * 64).rounded()), border: border)
        if let m = cornerMasks[key] { return m }
        let m = CornerMask(radius: Double(key.radius64) / 64, border: border)
        if cornerMasks.count > 64 { cornerMasks.removeAll() }  // UIs use a handful of radii
        cornerMasks[key] = m
        return m
    }

    private func draw(_ rect: Rect, mask: CornerMask, ring: Bool, border: Int, _ color: UInt32) {
        let visible = rect.intersection(clipRect)
        guard !visible.isEmpty else { return }
        switch buffer.format {
        case .xrgb8888: rows(XRGB8888Access.self, rect, visible, mask, ring, border, color)
        case .rgb565: rows(RGB565Access.self, rect, visible, mask, ring, border, color)
        }
        didDraw(visible)
    }

    private func rows<F: PixelAccess>(_: F.Type, _ rect: Rect, _ visible: Rect, _ mask: CornerMask,
                                      _ ring: Bool, _ border: Int, _ color: UInt32) {
        let n = mask.size
        let cx0 = visible.minX, cx1 = visible.maxX
        let table = ring ? mask.ring : mask.fill
        table.withUnsafeBufferPointer { tbl in
            let base = tbl.baseAddress!
            for y in visible.minY..<visible.maxY {
                let j = y - rect.y
                let row = pixels(F.self, x: 0, y: y)
                let cornerRow = j < n ? j : (j >= rect.height - n ? rect.height - 1 - j : -1)
                if cornerRow >= 0 {
                    let m = base + cornerRow * n
                    // Left corner reads its mask row forwards, the right one backwards (mirrored).
                    maskSegment(F.self, row, rect.x, n, cx0, cx1, color, m, 1)
                    if !ring || cornerRow < border {
                        solidSegment(F.self, row, rect.x + n, rect.width - 2 * n, cx0, cx1, color)
                    }
                    maskSegment(F.self, row, rect.maxX - n, n, cx0, cx1, color, m + (n - 1), -1)
                } else if ring {
                    solidSegment(F.self, row, rect.x, border, cx0, cx1, color)
                    solidSegment(F.self, row, rect.maxX - border, border, cx0, cx1, color)
                } else {
                    solidSegment(F.self, row, rect.x, rect.width, cx0, cx1, color)
                }
            }
        }
    }
}

/// A solid run `[x, x + count)` of one row, clipped to `[cx0, cx1)`.
@inline(__always)
func solidSegment<F: PixelAccess>(_: F.Type, _ row: UnsafeMutablePointer<F.Pixel>, _ x: Int, _ count: Int,
                                  _ cx0: Int, _ cx1: Int, _ color: UInt32) {
    let a = max(x, cx0), b = min(x + count, cx1)
    if b > a { Span<F>.fill(row + a, b - a, color) }
}

/// A masked run `[x, x + count)` of one row, clipped to `[cx0, cx1)`; `mask` is the coverage of
/// pixel `x` and advances by `step`.
@inline(__always)
func maskSegment<F: PixelAccess>(_: F.Type, _ row: UnsafeMutablePointer<F.Pixel>, _ x: Int, _ count: Int,
                                 _ cx0: Int, _ cx1: Int, _ color: UInt32,
                                 _ mask: UnsafePointer<UInt8>, _ step: Int) {
    let a = max(x, cx0), b = min(x + count, cx1)
    if b > a { Span<F>.mask(row + a, b - a, color, mask + (a - x) * step, step) }
}
