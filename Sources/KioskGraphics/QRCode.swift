import CQRencode

#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// A QR code symbol made by libqrencode: a square of dark/light modules. Rendered at a whole
/// number of pixels per module with a light quiet zone around it, so every module edge lands on a
/// pixel edge (crisp on screen and on a thermal printer, and what phone scanners expect).
public struct QRCode: Sendable {
    public enum ErrorCorrection: Sendable {
        /// ~7 % of the symbol may be damaged.
        case low
        /// ~15 %: the default.
        case medium
        /// ~25 %.
        case quartile
        /// ~30 %: for receipts that get folded.
        case high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    /// Row-major, `true` = dark.
    public let modules: [Bool]

    /// Encodes `text` (its UTF-8 bytes, 8-bit mode) at the smallest version that fits.
    public init(_ text: String, errorCorrection: ErrorCorrection = .medium) throws(GraphicsError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .qrEncodeFailed(length: 0, reason: "nothing to encode") }
        guard let code = bytes.withUnsafeBufferPointer({ QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, errorCorrection.level) }) else {
            throw .qrEncodeFailed(length: bytes.count, reason: Errno.current.text)
        }
        defer { QRcode_free(code) }
        let n = Int(code.pointee.width)
        size = n
        // Bit 0 of each byte is the module colour (qrencode.h); the other bits describe its role.
        modules = (0..<(n * n)).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Pixel side of the rendered symbol including the quiet zone.
    public func pixelSize(moduleSize: Int, quietZone: Int = 4) -> Int { (size + 2 * quietZone) * moduleSize }

    /// Paints the symbol with its quiet zone, top-left at `origin`.
    public func draw(on canvas: Canvas, at origin: Point, moduleSize: Int, quietZone: Int = 4,
                     dark: Color = .black, light: Color = .white) {
        precondition(moduleSize > 0 && quietZone >= 0, "module size must be positive, quiet zone not negative")
        let side = pixelSize(moduleSize: moduleSize, quietZone: quietZone)
        canvas.fillRect(Rect(x: origin.x, y: origin.y, width: side, height: side), light)
        for y in 0..<size {
            var x = 0
            while x < size {
                // One rect per horizontal run of dark modules.
                guard isDark(x: x, y: y) else { x += 1; continue }
                var end = x + 1
                while end < size, isDark(x: end, y: y) { end += 1 }
                canvas.fillRect(Rect(x: origin.x + (quietZone + x) * moduleSize, y: origin.y + (quietZone + y) * moduleSize,
                                     width: (end - x) * moduleSize, height: moduleSize), dark)
                x = end
            }
        }
    }

    /// The symbol as an opaque image: `QRCode.render("https://…", moduleSize: 4)`.
    public static func render(_ text: String, moduleSize: Int, quietZone: Int = 4,
                              errorCorrection: ErrorCorrection = .medium) throws(GraphicsError) -> Image {
        let code = try QRCode(text, errorCorrection: errorCorrection)
        let side = code.pixelSize(moduleSize: moduleSize, quietZone: quietZone)
        return Image(width: side, height: side) { px, py in
            let mx = px / moduleSize - quietZone, my = py / moduleSize - quietZone
            let dark = mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.isDark(x: mx, y: my)
            return dark ? 0xFF00_0000 : 0xFFFF_FFFF
        }
    }
}
