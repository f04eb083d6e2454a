import CFreeType
import CHarfBuzz
import Synchronization

#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// One font file, loaded once: FreeType rasterises its glyphs, HarfBuzz shapes text with it
/// (kerning, ligatures, Cyrillic), both reading the same bytes in memory.
///
/// FreeType faces are not thread-safe, so every FreeType call goes through `lock`; a face can be
/// shared by several `Font` chains and threads.
public final class FontFace: Sendable {
    public let path: String
    /// The family name the file declares (e.g. "DejaVu Sans").
    public let familyName: String
    let unitsPerEm: Int
    nonisolated(unsafe) let hbFont: OpaquePointer
    private let ft: Mutex<FreeTypeFace>

    struct FreeTypeFace: ~Copyable {
        let library: FT_Library
        let face: FT_Face
        let bytes: UnsafeMutableRawBufferPointer
        var currentSize64 = -1
    }

    /// Loads a .ttf/.otf file.
    public init(path: String) throws(GraphicsError) {
        self.path = path
        let bytes = try FontFace.readFile(path)
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            bytes.deallocate()
            throw .badFont(path: path, freetypeError: -1)
        }
        var face: FT_Face?
        let err = FT_New_Memory_Face(library, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count, 0, &face)
        guard err == 0, let face else {
            FT_Done_FreeType(library)
            bytes.deallocate()
            throw .badFont(path: path, freetypeError: err)
        }
        // FT_IS_SCALABLE(face) is a macro: flag FT_FACE_FLAG_SCALABLE (1 << 0).
        guard face.pointee.face_flags & 1 != 0 else {
            FT_Done_Face(face)
            FT_Done_FreeType(library)
            bytes.deallocate()
            throw .fontHasNoGlyphs(path: path)
        }
        familyName = face.pointee.family_name.map { String(cString: $0) } ?? path
        unitsPerEm = Int(face.pointee.units_per_EM)
        // HarfBuzz reads the same bytes (readonly: no copy); its OpenType functions give unhinted
        // advances, which match FreeType's light hinting (vertical only).
        let blob = hb_blob_create(UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  UInt32(bytes.count), HB_MEMORY_MODE_READONLY, nil, nil)
        let hbFace = hb_face_create(blob, 0)
        hbFont = hb_font_create(hbFace)!
        // The scale stays at upem (font units) forever: shaping results are scaled per size by the
        // caller, so the hb_font is never mutated after this and may be shared between threads.
        hb_font_set_scale(hbFont, Int32(face.pointee.units_per_EM), Int32(face.pointee.units_per_EM))
        hb_font_make_immutable(hbFont)
        hb_face_destroy(hbFace)
        hb_blob_destroy(blob)
        ft = Mutex(FreeTypeFace(library: library, face: face, bytes: bytes))
    }

    deinit {
        hb_font_destroy(hbFont)
        ft.withLock { f in
            FT_Done_Face(f.face)
            FT_Done_FreeType(f.library)
            f.bytes.deallocate()
        }
    }

    /// Does this face draw `scalar` (not the .notdef box)?
    public func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
        hb_font_get_nominal_glyph_wrapper(hbFont, scalar.value)
    }

    /// Vertical metrics at `size` px: what a layout needs to place baselines.
    public func metrics(size: Double) -> FontMetrics {
        var ext = hb_font_extents_t()
        hb_font_get_extents_for_direction(hbFont, HB_DIRECTION_LTR, &ext)
        let k = size / Double(unitsPerEm)
        return FontMetrics(ascent: Double(ext.ascender) * k, descent: -Double(ext.descender) * k,
                           lineGap: Double(ext.line_gap) * k)
    }

    /// Renders one glyph as 8-bit coverage at `size64` (1/64 px), light hinting.
    func rasterize(glyph: UInt32, size64: Int) -> GlyphBitmap {
        ft.withLock { f in
            if f.currentSize64 != size64 {
                FT_Set_Char_Size(f.face, 0, FT_F26Dot6(size64), 72, 72)
                f.currentSize64 = size64
            }
            // FT_LOAD_RENDER (1 << 2) | FT_LOAD_TARGET_LIGHT (FT_RENDER_MODE_LIGHT = 1, << 16): macros Swift cannot import.
            let flags: Int32 = (1 << 2) | (1 << 16)
            guard FT_Load_Glyph(f.face, glyph, flags) == 0, let slot = f.face.pointee.glyph else {
                return GlyphBitmap(left: 0, top: 0, width: 0, height: 0)
            }
            let bm = slot.pointee.bitmap
            let ink = Int(bm.width), h = Int(bm.rows)
            // Rows padded with empty coverage to a multiple of 4 pixels: the blit then works in
            // whole 4-pixel vectors with no scalar tail (empty coverage leaves pixels unchanged).
            let w = ink == 0 ? 0 : (ink + 3) & ~3
            let out = GlyphBitmap(left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top), width: w, height: h)
            if ink > 0, h > 0, let src = bm.buffer {
                for r in 0..<h {
                    (out.coverage + r * w).update(from: src + r * Int(bm.pitch), count: ink)
                }
            }
            return out
        }
    }

    private static func readFile(_ path: String) throws(GraphicsError) -> UnsafeMutableRawBufferPointer {
        guard let f = fopen(path, "rb") else { throw .cannotRead(path: path, reason: Errno.current.text) }
        defer { fclose(f) }
        fseek(f, 0, SEEK_END)
        let size = ftell(f)
        fseek(f, 0, SEEK_SET)
        guard size > 0 else { throw .cannotRead(path: path, reason: "empty file") }
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        guard fread(bytes.baseAddress, 1, size, f) == size else {
            bytes.deallocate()
            throw .cannotRead(path: path, reason: "short read")
        }
        return bytes
    }
}

/// Ascent and descent above/below the baseline, in px (both positive), and the gap between lines.
public struct FontMetrics: Sendable, Equatable {
    public var ascent: Double
    public var descent: Double
    public var lineGap: Double
    public var lineHeight: Double { ascent + descent + lineGap }
}

/// hb_font_get_nominal_glyph with a Bool result.
@inline(__always)
func hb_font_get_nominal_glyph_wrapper(_ font: OpaquePointer, _ u: UInt32) -> Bool {
    var g: hb_codepoint_t = 0
    return hb_font_get_nominal_glyph(font, u, &g) != 0 && g != 0
}
