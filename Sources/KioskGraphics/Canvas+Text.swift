extension Canvas {
    /// Draws one line of `text` with its baseline starting at `origin` (no wrapping) and returns
    /// its advance width in px. Glyphs come from `font`'s cache, so redrawing a label is a blit.
    @discardableResult
    public func drawText(_ text: String, font: Font, size: Double, at origin: Point, color: Color) -> Double {
        let s64 = size64(size)
        return font.withCaches { c in
            c.glyphs.tick()
            let run = font.shape(text, size64: s64, in: c)
            drawRun(run, font: font, size64: s64, x64: origin.x * 64, baseline: origin.y, color: color, caches: c)
            return run.width
        }
    }

    /// Draws `text` inside `rect`: wrapped on word boundaries, aligned, cut with "…" when it does
    /// not fit `maxLines` (or the rect's height when `maxLines` is nil). Returns the layout used.
    @discardableResult
    public func drawText(_ text: String, font: Font, size: Double, in rect: Rect,
                         alignment: TextAlignment = .leading, verticalAlignment: VerticalAlignment = .top,
                         maxLines: Int? = nil, color: Color) -> TextLayout {
        let metrics = font.metrics(size: size)
        let step = max(1, Int(metrics.lineHeight.rounded()))
        let fitLines = max(1, (rect.height - Int((metrics.ascent + metrics.descent).rounded(.up))) / step + 1)
        let layout = TextLayout(text, font: font, size: size, maxWidth: rect.width, maxLines: min(maxLines ?? fitLines, fitLines))
        let blockHeight = layout.size.height
        var top = rect.y
        switch verticalAlignment {
        case .top: break
        case .center: top += (rect.height - blockHeight) / 2
        case .bottom: top += rect.height - blockHeight
        }
        let s64 = size64(size)
        var baseline = top + Int(metrics.ascent.rounded())
        font.withCaches { c in
            c.glyphs.tick()
            for line in layout.lines {
                let run = font.shape(line.text, size64: s64, in: c)
                let x64: Int = switch alignment {
                case .leading: rect.x * 64
                case .center: rect.x * 64 + (rect.width * 64 - run.advance64) / 2
                case .trailing: rect.maxX * 64 - run.advance64
                }
                drawRun(run, font: font, size64: s64, x64: x64, baseline: baseline, color: color, caches: c)
                baseline += layout.lineStep
            }
        }
        return layout
    }

    private func drawRun(_ run: ShapedRun, font: Font, size64: Int, x64: Int, baseline: Int, color: Color,
                         caches c: TextCaches) {
        guard color.a != 0, !run.glyphs.isEmpty else { return }
        let premul = color.premultiplied
        let clip = clipRect
        var ink = Rect.zero
        for g in run.glyphs {
            let bm = font.bitmap(face: Int(g.face), glyph: g.glyph, size64: size64, in: c)
            guard bm.width > 0 else { continue }
            // Pen positions are rounded to whole pixels: glyph bitmaps are cached once per size.
            let gx = ((x64 + Int(g.x64) + 32) >> 6) + bm.left
            let gy = baseline - ((Int(g.y64) + 32) >> 6) - bm.top
            let box = Rect(x: gx, y: gy, width: bm.width, height: bm.height)
            let vis = box.intersection(clip)
            guard !vis.isEmpty else { continue }
            switch buffer.format {
            case .xrgb8888: blitGlyph(XRGB8888Access.self, bm, box, vis, premul)
            case .rgb565: blitGlyph(RGB565Access.self, bm, box, vis, premul)
            }
            ink = ink.union(vis)
        }
        didDraw(ink)
    }

    @inline(__always)
    private func blitGlyph<F: PixelAccess>(_: F.Type, _ bm: GlyphBitmap, _ box: Rect, _ vis: Rect, _ color: UInt32) {
        var m = UnsafePointer(bm.coverage) + (vis.y - box.y) * bm.width + (vis.x - box.x)
        for y in vis.minY..<vis.maxY {
            Span<F>.mask(pixels(F.self, x: vis.x, y: y), vis.width, color, m, 1)
            m += bm.width
        }
    }
}
