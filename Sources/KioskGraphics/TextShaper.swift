import CHarfBuzz

/// One glyph of a shaped line: which face draws it, where (26.6 px from the line origin), and
/// which scalar of the text it came from (for breaking and ellipsis).
struct ShapedGlyph {
    var face: Int32
    var glyph: UInt32
    var x64: Int32
    var y64: Int32
    var cluster: Int32
}

/// A shaped line: immutable, shared by the cache and whoever draws it.
final class ShapedRun: Sendable {
    let glyphs: [ShapedGlyph]
    /// Pen advance of the whole line, 26.6 px.
    let advance64: Int
    /// Pen position before scalar `i`, 26.6 px (`scalarCount + 1` entries).
    let caret64: [Int]

    init(glyphs: [ShapedGlyph], advance64: Int, caret64: [Int]) {
        self.glyphs = glyphs
        self.advance64 = advance64
        self.caret64 = caret64
    }

    var scalarCount: Int { caret64.count - 1 }
    var width: Double { Double(advance64) / 64 }
}

/// Splits text into runs by the first face that can draw each character and shapes each run with
/// HarfBuzz (kerning and marks come from the font's GPOS/kern tables).
enum TextShaper {
    static func shape(_ text: String, faces: [FontFace], size64: Int, buffer: OpaquePointer) -> ShapedRun {
        let scalars = text.unicodeScalars.map(\.value)
        if scalars.isEmpty { return ShapedRun(glyphs: [], advance64: 0, caret64: [0]) }
        let faceOf = assignFaces(text.unicodeScalars, faces: faces)
        var glyphs: [ShapedGlyph] = []
        glyphs.reserveCapacity(scalars.count)
        var pen = 0
        var caret = [Int](repeating: -1, count: scalars.count + 1)
        scalars.withUnsafeBufferPointer { all in
            var start = 0
            while start < scalars.count {
                var end = start + 1
                while end < scalars.count, faceOf[end] == faceOf[start] { end += 1 }
                let face = faces[faceOf[start]]
                hb_buffer_clear_contents(buffer)
                // The whole line goes in as context; only [start, end) is shaped.
                hb_buffer_add_codepoints(buffer, all.baseAddress, Int32(all.count), UInt32(start), Int32(end - start))
                hb_buffer_guess_segment_properties(buffer)
                hb_shape(face.hbFont, buffer, nil, 0)
                var n: UInt32 = 0
                let infos = hb_buffer_get_glyph_infos(buffer, &n)!
                let pos = hb_buffer_get_glyph_positions(buffer, &n)!
                let upem = face.unitsPerEm
                func px(_ v: Int32) -> Int { (Int(v) * size64 + (v >= 0 ? upem / 2 : -upem / 2)) / upem }
                for i in 0..<Int(n) {
                    let cluster = Int(infos[i].cluster)
                    if caret[cluster] < 0 { caret[cluster] = pen }
                    glyphs.append(ShapedGlyph(face: Int32(faceOf[start]), glyph: infos[i].codepoint,
                                              x64: Int32(pen + px(pos[i].x_offset)), y64: Int32(px(pos[i].y_offset)),
                                              cluster: Int32(cluster)))
                    pen += px(pos[i].x_advance)
                }
                start = end
            }
        }
        caret[scalars.count] = pen
        // Scalars merged into one cluster (marks, ligatures) take the caret of what came before.
        for i in 1..<caret.count where caret[i] < 0 { caret[i] = caret[i - 1] }
        if caret[0] < 0 { caret[0] = 0 }
        return ShapedRun(glyphs: glyphs, advance64: pen, caret64: caret)
    }

    /// The face index for every scalar: the first face that has it; spaces and marks stay with
    /// the face of what precedes them so runs are not split needlessly.
    static func assignFaces(_ scalars: String.UnicodeScalarView, faces: [FontFace]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(scalars.count)
        var previous = 0
        for s in scalars {
            if faces.count == 1 { out.append(0); continue }
            let p = s.properties
            let joinsPrevious = p.isWhitespace || p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark
            if joinsPrevious, faces[previous].hasGlyph(for: s) {
                out.append(previous)
                continue
            }
            let f = faces.firstIndex { $0.hasGlyph(for: s) } ?? 0
            out.append(f)
            previous = f
        }
        return out
    }
}

/// Keyed by the text's UTF-8 bytes, not by `String` equality: String hashing normalises Unicode
/// on every lookup, which cost more than the rest of a cached label redraw.
struct ShapeKey: Hashable {
    var text: String
    var size64: Int

    static func == (a: ShapeKey, b: ShapeKey) -> Bool {
        a.size64 == b.size64 && a.text.utf8.elementsEqual(b.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(size64)
        var t = text
        t.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Where one glyph's coverage goes relative to the line origin, and the coverage itself.
struct GlyphDraw {
    var x64: Int
    var y: Int  // top row relative to the baseline
    var left: Int
    var width: Int
    var height: Int
    var coverage: UnsafePointer<UInt8>
    unowned(unsafe) var bitmap: GlyphBitmap
}

/// A cached shaped line plus the glyph bitmaps it drew with last time, so a redraw skips the
/// per-glyph cache lookups while the glyph cache has evicted nothing since (`epoch`).
final class ShapeEntry {
    let run: ShapedRun
    var stamp: UInt64 = 0
    /// Keeps the bitmaps alive while `draws` points into them.
    var bitmaps: [GlyphBitmap] = []
    /// Per glyph, what the blit needs, without reference counting in the loop.
    var draws: [GlyphDraw] = []
    var size64 = -1
    var epoch: Int = -1

    init(run: ShapedRun) { self.run = run }
}

/// Shaped lines by (text, size), a bounded count, oldest-used dropped first.
final class ShapeCache {
    let capacity: Int
    private var entries: [ShapeKey: ShapeEntry] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a shape cache needs room for at least one line")
        self.capacity = capacity
    }

    func lookup(_ key: ShapeKey) -> ShapeEntry? {
        clock &+= 1
        guard let e = entries[key] else { return nil }
        e.stamp = clock
        return e
    }

    /// Forgets every line's glyph bitmaps (they are looked up again on the next draw).
    func dropDraws() {
        for e in entries.values {
            e.bitmaps = []
            e.draws = []
            e.epoch = -1
        }
    }

    func insert(_ key: ShapeKey, _ run: ShapedRun) -> ShapeEntry {
        clock &+= 1
        let e = ShapeEntry(run: run)
        e.stamp = clock
        entries[key] = e
        if entries.count > capacity {
            let keep = capacity * 3 / 4
            let oldest = entries.sorted { $0.value.stamp < $1.value.stamp }.prefix(entries.count - keep)
            for (k, _) in oldest { entries[k] = nil }
        }
        return e
    }
}
