/// Remembers which rectangles of the screen changed since the last present, so the renderer
/// redraws only those and the display sink copies/flushes only those (DRM dirty rects, VNC
/// framebuffer updates, fbdev partial copies).
///
/// Overlapping or nearly adjacent rectangles are merged; past `maxRects` everything collapses
/// into the bounding box, because at that point one big copy is cheaper than many small ones.
public struct DamageTracker: Sendable {
    public let bounds: Rect
    public let maxRects: Int
    public private(set) var rects: [Rect] = []

    public init(bounds: Rect, maxRects: Int = 16) {
        precondition(maxRects > 0, "a damage tracker needs room for at least one rect")
        self.bounds = bounds
        self.maxRects = maxRects
    }

    public var isEmpty: Bool { rects.isEmpty }

    /// The union of everything damaged (empty when nothing is).
    public var boundingBox: Rect { rects.reduce(Rect.zero) { $0.union($1) } }

    /// Marks `rect` (clipped to the screen) as changed.
    public mutating func add(_ rect: Rect) {
        var r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        // Merge with anything it overlaps or touches, repeatedly, since a merge can grow into more.
        var merged = true
        while merged {
            merged = false
            for i in rects.indices.reversed() where touches(rects[i], r) {
                r = r.union(rects[i])
                rects.remove(at: i)
                merged = true
            }
        }
        rects.append(r)
        if rects.count > maxRects { rects = [boundingBox] }
    }

    /// Marks the whole screen as changed (first frame, theme change).
    public mutating func addAll() { rects = [bounds] }

    /// Hands the damage over (to the display sink) and starts a new frame.
    public mutating func take() -> [Rect] {
        defer { rects.removeAll(keepingCapacity: true) }
        return rects
    }

    private func touches(_ a: Rect, _ b: Rect) -> Bool {
        a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
    }
}
