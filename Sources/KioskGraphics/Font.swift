import CHarfBuzz
import Synchronization

/// A font as the UI asks for it: a fallback chain of faces (the first face that has a character
/// draws it) plus the caches that make drawing the same labels again cheap: rendered glyphs
/// (bounded by `glyphCacheBytes`, LRU) and shaped runs (bounded by `shapeCacheEntries`).
///
/// Sizes are passed per call, so one `Font` serves every size. Thread-safe: the caches sit behind
/// a lock taken once per text call, not per glyph.
public final class Font: Sendable {
    public let faces: [FontFace]
    private let lock = Mutex(())
    /// Only touched inside `withCaches`, under `lock`.
    nonisolated(unsafe) private let caches: TextCaches

    public init(faces: [FontFace], glyphCacheBytes: Int = 4 << 20, shapeCacheEntries: Int = 1024) {
        precondition(!faces.isEmpty, "a font needs at least one face")
        self.faces = faces
        caches = TextCaches(glyphs: GlyphCache(byteBudget: glyphCacheBytes), shapes: ShapeCache(capacity: shapeCacheEntries))
    }

    /// Loads `path` and then `fallbacks` in order.
    public convenience init(path: String, fallbacks: [String] = [], glyphCacheBytes: Int = 4 << 20) throws(GraphicsError) {
        var faces = [try FontFace(path: path)]
        for p in fallbacks { faces.append(try FontFace(path: p)) }
        self.init(faces: faces, glyphCacheBytes: glyphCacheBytes)
    }

    /// Vertical metrics of the primary face at `size` px.
    public func metrics(size: Double) -> FontMetrics { faces[0].metrics(size: size) }

    /// Glyph-cache figures, for the bench and for a technician's status page.
    public var glyphCacheStats: (count: Int, bytes: Int, budget: Int, hits: Int, misses: Int, evictions: Int) {
        withCaches { c in
            (c.glyphs.count, c.glyphs.bytesUsed, c.glyphs.byteBudget, c.glyphs.hits, c.glyphs.misses, c.glyphs.evictions)
        }
    }

    /// Runs `body` holding the lock over the caches (one lock per text call, not per glyph).
    @inline(__always)
    func withCaches<R>(_ body: (TextCaches) throws -> R) rethrows -> R {
        try lock.withLock { _ in try body(caches) }
    }

    /// The shaped glyphs of one line (no wrapping), from the cache when seen before.
    func shape(_ text: String, size64: Int, in c: TextCaches) -> ShapedRun {
        shapeEntry(text, size64: size64, in: c).run
    }

    func shapeEntry(_ text: String, size64: Int, in c: TextCaches) -> ShapeEntry {
        let key = ShapeKey(text: text, size64: size64)
        if let e = c.shapes.lookup(key) { return e }
        return c.shapes.insert(key, TextShaper.shape(text, faces: faces, size64: size64, buffer: c.hbBuffer))
    }

    /// Makes `entry.draws` valid for `size64`: reused while the glyph cache has evicted nothing
    /// since they were made (then only the LRU stamps are refreshed), else looked up (and rendered
    /// on a miss) again.
    func prepareDraws(_ entry: ShapeEntry, size64: Int, in c: TextCaches) {
        let glyphs = c.glyphs
        if entry.epoch == glyphs.evictions, entry.size64 == size64 {
            let now = glyphs.clock
            entry.draws.withUnsafeBufferPointer { d in
                for i in 0..<d.count { d[i].bitmap.lastUsed = now }
            }
            glyphs.recordHits(entry.draws.count)
            return
        }
        var bitmaps: [GlyphBitmap] = []
        var draws: [GlyphDraw] = []
        bitmaps.reserveCapacity(entry.run.glyphs.count)
        draws.reserveCapacity(entry.run.glyphs.count)
        for g in entry.run.glyphs {
            let b = bitmap(face: Int(g.face), glyph: g.glyph, size64: size64, in: c)
            bitmaps.append(b)
            guard b.width > 0, b.height > 0 else { continue }
            draws.append(GlyphDraw(x64: Int(g.x64), y: -((Int(g.y64) + 32) >> 6) - b.top, left: b.left,
                                   width: b.width, height: b.height, coverage: UnsafePointer(b.coverage), bitmap: b))
        }
        entry.bitmaps = bitmaps
        entry.draws = draws
        entry.size64 = size64
        // Rendering misses above may have evicted some of them already: then the next draw redoes this.
        entry.epoch = glyphs.evictions
    }

    /// The cached bitmap of a glyph, rendering it on a miss.
    @inline(__always)
    func bitmap(face: Int, glyph: UInt32, size64: Int, in c: TextCaches) -> GlyphBitmap {
        let key = GlyphKey(face: face, glyph: glyph, size64: size64)
        if let b = c.glyphs.lookup(key) { return b }
        let b = faces[face].rasterize(glyph: glyph, size64: size64)
        let evictionsBefore = c.glyphs.evictions
        c.glyphs.insert(key, b)
        // Shaped lines hold their bitmaps for fast redraws; after an eviction they let go, so the
        // evicted bitmaps are really freed and the byte budget holds.
        if c.glyphs.evictions != evictionsBefore { c.shapes.dropDraws() }
        return b
    }
}

/// Everything mutable behind a Font's lock.
final class TextCaches {
    let glyphs: GlyphCache
    let shapes: ShapeCache
    let hbBuffer: OpaquePointer

    init(glyphs: GlyphCache, shapes: ShapeCache) {
        self.glyphs = glyphs
        self.shapes = shapes
        hbBuffer = hb_buffer_create()
    }

    deinit { hb_buffer_destroy(hbBuffer) }
}

/// Size in 1/64 px, the unit FreeType and the caches key on.
@inline(__always)
func size64(_ size: Double) -> Int {
    precondition(size > 0 && size < 2048, "font size \(size) px is out of range")
    return Int((size * 64).rounded())
}
