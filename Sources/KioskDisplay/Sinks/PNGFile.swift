import Glibc
import KioskGraphics

/// Writes a frame as an 8-bit RGB PNG. Stopgap until KioskGraphics' PNGCodec lands on main:
/// stored (uncompressed) deflate blocks, so files are large but exact; readers decode them as any PNG.
enum PNGFile {
    static func encode(_ buffer: PixelBuffer) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((buffer.width * 3 + 1) * buffer.height)
        for y in 0..<buffer.height {
            raw.append(0)  // filter: none
            let row = buffer.row(y)
            for x in 0..<buffer.width {
                let (r, g, b) = Blitter.readRGB(row, x, buffer.format)
                raw.append(UInt8(r)); raw.append(UInt8(g)); raw.append(UInt8(b))
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        ihdr += be32(UInt32(buffer.width)) + be32(UInt32(buffer.height))
        ihdr += [8, 2, 0, 0, 0]  // 8-bit, truecolour, deflate, adaptive filter, no interlace
        chunk("IHDR", ihdr, into: &out)
        chunk("IDAT", zlibStored(raw), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func write(_ buffer: PixelBuffer, to path: String) throws(DisplayError) {
        let bytes = encode(buffer)
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(path: path, errno: errno) }
        let written = bytes.withUnsafeBytes { p -> Int in
            var done = 0
            while done < p.count {
                let n = Glibc.write(fd, p.baseAddress! + done, p.count - done)
                if n < 0 { if errno == EINTR { continue }; return -1 }
                done += n
            }
            return done
        }
        let e = errno
        Glibc.close(fd)
        guard written == bytes.count, rename(tmp, path) == 0 else { throw .writeFailed(path: path, errno: e) }
    }

    private static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typed = Array(type.utf8) + data
        out += be32(UInt32(data.count)) + typed + be32(crc32(typed))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            out.append(i + n == data.count ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(b << 16 | a)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
