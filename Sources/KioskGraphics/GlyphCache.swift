/// A rendered glyph: 8-bit coverage, `width × height`, placed `left` px right of the pen and
/// `top` px above the baseline (FreeType's bitmap_left/bitmap_top).
final class GlyphBitmap {
    let left: Int
    let top: Int
    let width: Int
    let height: Int
    let coverage: UnsafeMutablePointer<UInt8>
    /// The cache's clock at the last use; the smallest are evicted first.
    var lastUsed: UInt64 = 0

    init(left: Int, top: Int, width: Int, height: Int) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        coverage = .allocate(capacity: max(1, width * height))
        coverage.initialize(repeating: 0, count: max(1, width * height))
    }

    deinit { coverage.deallocate() }

    /// What the cache charges for it: pixels plus bookkeeping.
    var cost: Int { width * height + 96 }
}

struct GlyphKey: Hashable {
    var face: Int
    var glyph: UInt32
    var size64: Int
}

/// Rendered glyphs, bounded by a byte budget, least recently used evicted first.
///
/// A hit only stamps the entry with the current clock (no list surgery), and eviction sorts by
/// stamp when the budget overflows, dropping the oldest quarter at once: the hot path of a kiosk
/// redrawing the same labels stays one dictionary lookup per glyph.
public final class GlyphCache {
    public let byteBudget: Int
    public private(set) var bytesUsed = 0
    public private(set) var hits = 0
    public private(set) var misses = 0
    public private(set) var evictions = 0
    private var entries: [GlyphKey: GlyphBitmap] = [:]
    private(set) var clock: UInt64 = 1

    public init(byteBudget: Int) {
        precondition(byteBudget > 0, "a glyph cache needs a positive byte budget")
        self.byteBudget = byteBudget
    }

    public var count: Int { entries.count }

    /// Starts a new use period (one text draw): entries stamped now count as most recent.
    func tick() { clock &+= 1 }

    @inline(__always)
    func lookup(_ key: GlyphKey) -> GlyphBitmap? {
        if let e = entries[key] {
            e.lastUsed = clock
            hits &+= 1
            return e
        }
        misses &+= 1
        return nil
    }

    @inline(__always)
    func recordHits(_ n: Int) { hits &+= n }

    func insert(_ key: GlyphKey, _ bitmap: GlyphBitmap) {
        bitmap.lastUsed = clock
        if let old = entries.updateValue(bitmap, forKey: key) { bytesUsed -= old.cost }
        bytesUsed += bitmap.cost
        if bytesUsed > byteBudget { evict() }
    }

    public func removeAll() {
        entries.removeAll()
        bytesUsed = 0
    }

    private func evict() {
        let target = byteBudget * 3 / 4
        let oldestFirst = entries.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (key, e) in oldestFirst {
            if bytesUsed <= target { break }
            entries[key] = nil
            bytesUsed -= e.cost
            evictions += 1
        }
    }
}
