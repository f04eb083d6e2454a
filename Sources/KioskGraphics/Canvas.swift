/// Draws into a `PixelBuffer` (XRGB8888 or RGB565): fills, anti-aliased rounded rectangles, lines,
/// gradients, images and text, all clipped to the current clip rectangle.
///
/// Every drawing call records the rectangle it touched in `damage` (when one is attached), so the
/// frame's owner can present just that. A canvas is used from one thread (the render thread); it is
/// not `Sendable` because it keeps mutable caches.
public final class Canvas {
    public let buffer: PixelBuffer
    /// Where drawing may land; always inside the buffer.
    public private(set) var clipRect: Rect
    /// Collects what this canvas changed; `nil` turns recording off.
    public var damage: DamageTracker?

    var cornerMasks: [CornerMaskKey: CornerMask] = [:]

    public init(buffer: PixelBuffer, trackDamage: Bool = true) {
        self.buffer = buffer
        self.clipRect = Rect(x: 0, y: 0, width: buffer.width, height: buffer.height)
        self.damage = trackDamage ? DamageTracker(bounds: clipRect) : nil
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: buffer.width, height: buffer.height) }

    /// Runs `body` with drawing limited to `rect` (intersected with the current clip).
    public func withClip<R>(_ rect: Rect, _ body: () throws -> R) rethrows -> R {
        let saved = clipRect
        clipRect = clipRect.intersection(rect)
        defer { clipRect = saved }
        return try body()
    }

    /// Replaces every pixel in the clip with `color` (no blending): the frame background.
    public func clear(_ color: Color) {
        fill(clipRect, premultiplied: color.premultiplied, replace: true)
    }

    /// Fills `rect`, blending when `color` is translucent.
    public func fillRect(_ rect: Rect, _ color: Color) {
        fill(rect.intersection(clipRect), premultiplied: color.premultiplied, replace: false)
    }

    /// A rectangle outline `width` px wide, inside `rect`.
    public func strokeRect(_ rect: Rect, width: Int, _ color: Color) {
        guard width > 0, !rect.isEmpty else { return }
        if width * 2 >= rect.width || width * 2 >= rect.height { fillRect(rect, color); return }
        fillRect(Rect(x: rect.x, y: rect.y, width: rect.width, height: width), color)
        fillRect(Rect(x: rect.x, y: rect.maxY - width, width: rect.width, height: width), color)
        fillRect(Rect(x: rect.x, y: rect.y + width, width: width, height: rect.height - 2 * width), color)
        fillRect(Rect(x: rect.maxX - width, y: rect.y + width, width: width, height: rect.height - 2 * width), color)
    }

    /// Records a touched area (already clipped).
    @inline(__always)
    func didDraw(_ r: Rect) {
        if damage != nil, !r.isEmpty { damage!.add(r) }
    }

    private func fill(_ r: Rect, premultiplied c: UInt32, replace: Bool) {
        guard !r.isEmpty else { return }
        switch buffer.format {
        case .xrgb8888: fillRows(XRGB8888Access.self, r, c, replace)
        case .rgb565: fillRows(RGB565Access.self, r, c, replace)
        }
        didDraw(r)
    }

    private func fillRows<F: PixelAccess>(_: F.Type, _ r: Rect, _ c: UInt32, _ replace: Bool) {
        let color = replace ? (c | 0xFF00_0000) : c
        for y in r.minY..<r.maxY {
            Span<F>.fill(pixels(F.self, x: r.x, y: y), r.width, color)
        }
    }

    @inline(__always)
    func pixels<F: PixelAccess>(_: F.Type, x: Int, y: Int) -> UnsafeMutablePointer<F.Pixel> {
        (buffer.baseAddress + y * buffer.stride).assumingMemoryBound(to: F.Pixel.self) + x
    }
}
