import CPNG

#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// PNG in and out through libpng's simplified API (`png_image_*`), which reports errors by return
/// value instead of longjmp, so it is safe to call from Swift.
public enum PNGCodec {
    // libpng's PNG_FORMAT_* values (png.h): the macros are combinations Swift does not import.
    private static let formatRGB: UInt32 = 0x02   // PNG_FORMAT_RGB
    private static let formatBGRA: UInt32 = 0x13  // PNG_FORMAT_BGRA: bytes B,G,R,A = little-endian ARGB

    /// Reads a PNG file into a premultiplied image.
    public static func decode(path: String) throws(GraphicsError) -> Image {
        var img = png_image()
        img.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&img, path) != 0 else {
            let reason = message(img)
            png_image_free(&img)
            if access(path, R_OK) != 0 { throw .cannotRead(path: path, reason: Errno.current.text) }
            throw .badPNG(source: path, reason: reason)
        }
        return try finish(&img, source: path)
    }

    /// Decodes PNG bytes into a premultiplied image.
    public static func decode(bytes: [UInt8]) throws(GraphicsError) -> Image {
        var img = png_image()
        img.version = UInt32(PNG_IMAGE_VERSION)
        let ok = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&img, $0.baseAddress, $0.count) }
        guard ok != 0 else {
            let reason = message(img)
            png_image_free(&img)
            throw .badPNG(source: "\(bytes.count) bytes in memory", reason: reason)
        }
        return try finish(&img, source: "\(bytes.count) bytes in memory")
    }

    private static func finish(_ img: inout png_image, source: String) throws(GraphicsError) -> Image {
        img.format = formatBGRA
        let width = Int(img.width), height = Int(img.height)
        let image = Image(uninitializedWidth: width, height: height)
        guard png_image_finish_read(&img, nil, image.pixels, Int32(width * 4), nil) != 0 else {
            let reason = message(img)
            png_image_free(&img)
            throw .badPNG(source: source, reason: reason)
        }
        // libpng hands out straight alpha; the canvas wants premultiplied.
        for i in 0..<(width * height) {
            let p = image.pixels[i]
            let a = p >> 24
            if a != 255 { image.pixels[i] = (a << 24) | scalePixel(p & 0x00FF_FFFF, a) }
        }
        return image
    }

    /// Encodes what the buffer shows as an RGB PNG (screenshots, golden images).
    public static func encode(_ buffer: PixelBuffer) throws(GraphicsError) -> [UInt8] {
        try encode(rows: rgbRows(buffer), width: buffer.width, height: buffer.height, format: formatRGB, rowBytes: buffer.width * 3)
    }

    /// Writes what the buffer shows as an RGB PNG file, compressing once straight into the file:
    /// no encoded copy in memory (the PNG display writes a whole screen on every frame).
    public static func write(_ buffer: PixelBuffer, to path: String) throws(GraphicsError) {
        let rgb = rgbRows(buffer)
        guard let f = fopen(path, "wb") else { throw .cannotWrite(path: path, reason: Errno.current.text) }
        var img = png_image()
        img.version = UInt32(PNG_IMAGE_VERSION)
        img.width = UInt32(buffer.width)
        img.height = UInt32(buffer.height)
        img.format = formatRGB
        let written = rgb.withUnsafeBytes { png_image_write_to_stdio(&img, f, 0, $0.baseAddress, Int32(buffer.width * 3), nil) }
        let reason = message(img)
        png_image_free(&img)
        let closed = fclose(f)
        guard written != 0 else { throw .pngEncodeFailed(reason: reason) }
        guard closed == 0 else { throw .cannotWrite(path: path, reason: Errno.current.text) }
    }

    /// The buffer's pixels as packed RGB rows, what libpng's simplified API takes.
    private static func rgbRows(_ buffer: PixelBuffer) -> [UInt8] {
        let w = buffer.width, h = buffer.height
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let row = buffer.row(y)
            for x in 0..<w {
                let p: UInt32 = switch buffer.format {
                case .xrgb8888: row.load(fromByteOffset: x * 4, as: UInt32.self)
                case .rgb565: RGB565Access.decode(row.load(fromByteOffset: x * 2, as: UInt16.self))
                }
                let o = (y * w + x) * 3
                rgb[o] = UInt8((p >> 16) & 0xFF)
                rgb[o + 1] = UInt8((p >> 8) & 0xFF)
                rgb[o + 2] = UInt8(p & 0xFF)
            }
        }
        return rgb
    }

    /// Encodes an image with its alpha (straight alpha, as PNG stores it).
    public static func encode(_ image: Image) throws(GraphicsError) -> [UInt8] {
        var bgra = [UInt32](repeating: 0, count: image.width * image.height)
        for i in 0..<bgra.count {
            let c = unpremultiply(image.pixels[i])
            bgra[i] = (UInt32(c.a) << 24) | (UInt32(c.r) << 16) | (UInt32(c.g) << 8) | UInt32(c.b)
        }
        let bytes = bgra.withUnsafeBytes { Array($0) }
        return try encode(rows: bytes, width: image.width, height: image.height, format: formatBGRA, rowBytes: image.width * 4)
    }

    /// Writes `bytes` to `path` (replacing it).
    public static func write(_ bytes: [UInt8], to path: String) throws(GraphicsError) {
        guard let f = fopen(path, "wb") else { throw .cannotWrite(path: path, reason: Errno.current.text) }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let closed = fclose(f)
        guard n == bytes.count, closed == 0 else { throw .cannotWrite(path: path, reason: Errno.current.text) }
    }

    private static func encode(rows: [UInt8], width: Int, height: Int, format: UInt32, rowBytes: Int) throws(GraphicsError) -> [UInt8] {
        var img = png_image()
        img.version = UInt32(PNG_IMAGE_VERSION)
        img.width = UInt32(width)
        img.height = UInt32(height)
        img.format = format
        var size = 0
        // First call measures, second writes (png_image_write_get_memory_size in png.h).
        let measured = rows.withUnsafeBytes { png_image_write_to_memory(&img, nil, &size, 0, $0.baseAddress, Int32(rowBytes), nil) }
        guard measured != 0, size > 0 else { throw .pngEncodeFailed(reason: message(img)) }
        var out = [UInt8](repeating: 0, count: size)
        let written = out.withUnsafeMutableBytes { dst in
            rows.withUnsafeBytes { png_image_write_to_memory(&img, dst.baseAddress, &size, 0, $0.baseAddress, Int32(rowBytes), nil) }
        }
        guard written != 0 else { throw .pngEncodeFailed(reason: message(img)) }
        return Array(out.prefix(size))
    }

    private static func message(_ img: png_image) -> String {
        withUnsafeBytes(of: img.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

extension PixelBuffer {
    /// Saves what the buffer shows as a PNG file: the screenshot a technician asks for.
    public func writePNG(to path: String) throws(GraphicsError) {
        try PNGCodec.write(PNGCodec.encode(self), to: path)
    }
}
