extension Canvas {
    /// Draws one line of `text` with its baseline starting at `origin` (no wrapping) and returns
    /// its advance width in px. Glyphs come from `font`'s cache, so redrawing a label is a blit.
    @discardableResult
    public func drawText(_ text: String, font: Font, size: Double, at origin: Point, color: Color) -> Double {
        let s64 = size64(size)
        return font.withCaches { c in
            c.glyphs.tick()
            let entry = font.shapeEntry(text, size64: s64, in: c)
            drawRun(entry, font: font, size64: s64, x64: origin.x * 64, baseline: origin.y, color: color, caches: c)
            return entry.run.width
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
                let entry = font.shapeEntry(line.text, size64: s64, in: c)
                let run = entry.run
                let x64: Int = switch alignment {
                case .leading: rect.x * 64
                case .center: rect.x * 64 + (rect.width * 64 - run.advance64) / 2
                case .trailing: rect.maxX * 64 - run.advance64
                }
                drawRun(entry, font: font, size64: s64, x64: x64, baseline: baseline, color: color, caches: c)
                baseline += layout.lineStep
            }
        }
        return layout
    }

    private func drawRun(_ entry: ShapeEntry, font: Font, size64: Int, x64: Int, baseline: Int, color: Color,
                         caches c: TextCaches) {
        guard color.a != 0, !entry.run.glyphs.isEmpty else { return }
        font.prepareDraws(entry, size64: size64, in: c)
        let premul = color.premultiplied
        let clip = clipRect
        let base = buffer.baseAddress, stride = buffer.stride, format = buffer.format
        var inkX0 = Int.max, inkY0 = Int.max, inkX1 = Int.min, inkY1 = Int.min
        entry.draws.withUnsafeBufferPointer { draws in
            for d in draws {
                // Pen positions are rounded to whole pixels: glyph bitmaps are cached once per size.
                let gx = ((x64 + d.x64 + 32) >> 6) + d.left
                let gy = baseline + d.y
                let x0 = max(gx, clip.minX), x1 = min(gx + d.width, clip.maxX)
                let y0 = max(gy, clip.minY), y1 = min(gy + d.height, clip.maxY)
                guard x0 < x1, y0 < y1 else { continue }
                var m = d.coverage + (y0 - gy) * d.width + (x0 - gx)
                var row = base + y0 * stride
                switch format {
                case .xrgb8888:
                    for _ in y0..<y1 {
                        SpanXRGB.coverage(row.assumingMemoryBound(to: UInt32.self) + x0, x1 - x0, premul, m)
                        m += d.width
                        row += stride
                    }
                case .rgb565:
                    for _ in y0..<y1 {
                        SpanRGB565.coverage(row.assumingMemoryBound(to: UInt16.self) + x0, x1 - x0, premul, m)
                        m += d.width
                        row += stride
                    }
                }
                inkX0 = min(inkX0, x0); inkY0 = min(inkY0, y0); inkX1 = max(inkX1, x1); inkY1 = max(inkY1, y1)
            }
        }
        if inkX0 < inkX1 { didDraw(Rect(x: inkX0, y: inkY0, width: inkX1 - inkX0, height: inkY1 - inkY0)) }
    }
}
