/// Writes 1-bit pages as PDF and PNG without a graphics library: the page is already a bitmap,
/// so each format is a header around the bits.
public enum PageFiles {
    /// A PDF with one full-page 1-bit image per page, RunLength-compressed (white areas shrink
    /// ~60×), each page `widthPoints` × `heightPoints` (1 pt = 1/72 inch).
    public static func pdf(pages: [MonoBitmap], widthPoints: Double, heightPoints: Double) -> [UInt8] {
        precondition(!pages.isEmpty, "a PDF needs at least one page")
        var out: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        let w = format(widthPoints), h = format(heightPoints)
        // Objects: 1 catalog, 2 page tree, then per page: page, content, image.
        let pageIDs = pages.indices.map { 3 + $0 * 3 }
        object(text("<< /Type /Catalog /Pages 2 0 R >>"))
        object(text("<< /Type /Pages /Count \(pages.count) /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] >>"))
        for (index, page) in pages.enumerated() {
            let id = pageIDs[index]
            object(text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(w) \(h)] /Contents \(id + 1) 0 R "
                        + "/Resources << /XObject << /Im0 \(id + 2) 0 R >> >> >>"))
            let content = text("q \(w) 0 0 \(h) 0 0 cm /Im0 Do Q")
            object(text("<< /Length \(content.count) >>\nstream\n") + content + text("\nendstream"))
            let packed = runLength(page.bits)
            // Decode [1 0]: our 1 bits are black, DeviceGray 1 is white.
            object(text("<< /Type /XObject /Subtype /Image /Width \(page.width) /Height \(page.height) "
                        + "/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] /Filter /RunLengthDecode "
                        + "/Length \(packed.count) >>\nstream\n") + packed + text("\nendstream"))
        }
        let xref = out.count
        out += text("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets {
            let digits = String(offset)
            out += text(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n")
        }
        out += text("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return out
    }

    private static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// PDF RunLengthDecode (PackBits): runs of 2+ equal bytes become (257 − n, byte), the rest
    /// literal chunks of up to 128 bytes; 128 ends the data.
    static func runLength(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count / 8 + 16)
        var index = 0
        var literal: [UInt8] = []
        func flushLiteral() {
            var start = 0
            while start < literal.count {
                let chunk = min(128, literal.count - start)
                out.append(UInt8(chunk - 1))
                out += literal[start..<start + chunk]
                start += chunk
            }
            literal.removeAll(keepingCapacity: true)
        }
        while index < data.count {
            var run = 1
            while index + run < data.count && run < 128 && data[index + run] == data[index] { run += 1 }
            if run >= 2 {
                flushLiteral()
                out += [UInt8(257 - run), data[index]]
            } else {
                literal.append(data[index])
            }
            index += run
        }
        flushLiteral()
        out.append(128)
        return out
    }

    /// A 1-bit greyscale PNG (black = 0 in PNG, so the bits are inverted), deflate "stored" blocks:
    /// no compression, but no zlib either; previews and single card pages are small enough.
    public static func png(_ bitmap: MonoBitmap) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((bitmap.bytesPerRow + 1) * bitmap.height)
        let padBits = bitmap.bytesPerRow * 8 - bitmap.width
        for y in 0..<bitmap.height {
            raw.append(0)   // filter type None
            let row = bitmap.bits[y * bitmap.bytesPerRow..<(y + 1) * bitmap.bytesPerRow]
            raw += row.map { ~$0 }
            if padBits > 0 { raw[raw.count - 1] |= UInt8((1 << padBits) - 1) }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let length = min(65535, raw.count - start)
            let final: UInt8 = start + length >= raw.count ? 1 : 0
            zlib += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            zlib += raw[start..<start + length]
            start += length
        } while start < raw.count
        zlib += bigEndian(adler32(raw))
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ body: [UInt8]) {
            let typed = Array(type.utf8) + body
            out += bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        chunk("IHDR", bigEndian(UInt32(bitmap.width)) + bigEndian(UInt32(bitmap.height)) + [1, 0, 0, 0, 0])
        chunk("IDAT", zlib)
        chunk("IEND", [])
        return out
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < data.count {
            let end = min(data.count, index + 5552)   // the largest block before the sums can overflow
            for byte in data[index..<end] { a += UInt32(byte); b += a }
            a %= 65521; b %= 65521
            index = end
        }
        return b << 16 | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
