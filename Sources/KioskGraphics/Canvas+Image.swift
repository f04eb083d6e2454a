/// How a scaled image is sampled.
public enum ImageFilter: Sendable {
    /// Nearest pixel: for pixel art and QR codes scaled by whole numbers.
    case nearest
    /// Bilinear: smooth, for photos and icons.
    case bilinear
}

extension Canvas {
    /// Composites `image` (premultiplied, source-over) with its top-left at `origin`, unscaled.
    public func drawImage(_ image: Image, at origin: Point, opacity: Double = 1) {
        let dest = Rect(x: origin.x, y: origin.y, width: image.width, height: image.height)
        let visible = dest.intersection(clipRect)
        guard !visible.isEmpty, opacity > 0 else { return }
        let k = UInt32((min(opacity, 1) * 255).rounded())
        switch buffer.format {
        case .xrgb8888 where k == 255:
            for y in visible.minY..<visible.maxY {
                SpanXRGB.over(pixels(XRGB8888Access.self, x: visible.x, y: y),
                              image.pixels + (y - dest.y) * image.width + (visible.x - dest.x), visible.width)
            }
        case .xrgb8888: blit(XRGB8888Access.self, image, dest, visible, k)
        case .rgb565: blit(RGB565Access.self, image, dest, visible, k)
        }
        didDraw(visible)
    }

    /// Paints `tint` through the image's alpha (its colours are ignored): one white icon file
    /// serves every button colour and state.
    public func drawImage(_ image: Image, at origin: Point, tint: Color) {
        let dest = Rect(x: origin.x, y: origin.y, width: image.width, height: image.height)
        let visible = dest.intersection(clipRect)
        guard !visible.isEmpty, tint.a != 0 else { return }
        let color = tint.premultiplied
        let alphaBytes = UnsafeRawPointer(image.pixels).assumingMemoryBound(to: UInt8.self) + 3  // A of little-endian ARGB
        for y in visible.minY..<visible.maxY {
            let mask = alphaBytes + ((y - dest.y) * image.width + (visible.x - dest.x)) * 4
            switch buffer.format {
            case .xrgb8888: Span<XRGB8888Access>.mask(pixels(XRGB8888Access.self, x: visible.x, y: y), visible.width, color, mask, 4)
            case .rgb565: Span<RGB565Access>.mask(pixels(RGB565Access.self, x: visible.x, y: y), visible.width, color, mask, 4)
            }
        }
        didDraw(visible)
    }

    /// Composites `image` scaled to fill `rect`.
    public func drawImage(_ image: Image, in rect: Rect, filter: ImageFilter = .bilinear, opacity: Double = 1) {
        if rect.width == image.width, rect.height == image.height {
            drawImage(image, at: rect.origin, opacity: opacity)
            return
        }
        let visible = rect.intersection(clipRect)
        guard !visible.isEmpty, opacity > 0 else { return }
        let k = UInt32((min(opacity, 1) * 255).rounded())
        switch buffer.format {
        case .xrgb8888: scaled(XRGB8888Access.self, image, rect, visible, filter, k)
        case .rgb565: scaled(RGB565Access.self, image, rect, visible, filter, k)
        }
        didDraw(visible)
    }

    private func blit<F: PixelAccess>(_: F.Type, _ image: Image, _ dest: Rect, _ visible: Rect, _ k: UInt32) {
        let w = visible.width
        for y in visible.minY..<visible.maxY {
            let src = image.pixels + (y - dest.y) * image.width + (visible.x - dest.x)
            let dst = pixels(F.self, x: visible.x, y: y)
            var i = 0
            if k == 255 {
                while i < w {
                    let s = src[i]
                    let a = s >> 24
                    if a == 255 { dst[i] = F.encode(s) } else if a != 0 { dst[i] = F.encode(blendOver(F.decode(dst[i]), s)) }
                    i &+= 1
                }
            } else {
                while i < w {
                    let s = scalePixel(src[i], k)
                    if s >> 24 != 0 { dst[i] = F.encode(blendOver(F.decode(dst[i]), s)) }
                    i &+= 1
                }
            }
        }
    }

    private func scaled<F: PixelAccess>(_: F.Type, _ image: Image, _ rect: Rect, _ visible: Rect,
                                        _ filter: ImageFilter, _ k: UInt32) {
        // 16.16 fixed point: source position of each destination pixel centre.
        let sx = (image.width << 16) / rect.width, sy = (image.height << 16) / rect.height
        let iw = image.width, ih = image.height
        for y in visible.minY..<visible.maxY {
            let dst = pixels(F.self, x: visible.x, y: y)
            let fy = ((y - rect.y) * sy) + sy / 2 - 0x8000
            for i in 0..<visible.width {
                let fx = ((visible.x + i - rect.x) * sx) + sx / 2 - 0x8000
                var s: UInt32
                switch filter {
                case .nearest:
                    let px = min(max((fx + 0x8000) >> 16, 0), iw - 1), py = min(max((fy + 0x8000) >> 16, 0), ih - 1)
                    s = image.pixels[py * iw + px]
                case .bilinear:
                    let x0 = fx >> 16, y0 = fy >> 16
                    let wx = UInt32((fx >> 8) & 0xFF), wy = UInt32((fy >> 8) & 0xFF)
                    let cx0 = min(max(x0, 0), iw - 1), cx1 = min(max(x0 + 1, 0), iw - 1)
                    let cy0 = min(max(y0, 0), ih - 1), cy1 = min(max(y0 + 1, 0), ih - 1)
                    let top = lerpPixel4(image.pixels[cy0 * iw + cx0], image.pixels[cy0 * iw + cx1], wx)
                    let bottom = lerpPixel4(image.pixels[cy1 * iw + cx0], image.pixels[cy1 * iw + cx1], wx)
                    s = lerpPixel4(top, bottom, wy)
                }
                if k != 255 { s = scalePixel(s, k) }
                let a = s >> 24
                if a == 255 { dst[i] = F.encode(s) } else if a != 0 { dst[i] = F.encode(blendOver(F.decode(dst[i]), s)) }
            }
        }
    }
}

/// `p + (q - p) * t / 256` on all four channels (t in 0...255): a bilinear tap.
@inline(__always)
func lerpPixel4(_ p: UInt32, _ q: UInt32, _ t: UInt32) -> UInt32 {
    let it = 256 - t
    let rb = (((p & 0x00FF_00FF) &* it &+ (q & 0x00FF_00FF) &* t) >> 8) & 0x00FF_00FF
    let ag = (((p >> 8) & 0x00FF_00FF) &* it &+ ((q >> 8) & 0x00FF_00FF) &* t) & 0xFF00_FF00
    return rb | ag
}
