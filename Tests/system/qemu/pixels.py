#!/usr/bin/env python3
"""Pixel files for the display system tests, Python standard library only.

Reads PNG (8-bit RGB/RGBA, any filter) and binary PPM (QEMU's screendump), writes compressed PNG,
and compares two pictures pixel for pixel. An RGB565 scanout is compared after expanding the
expected 8-bit picture to 565 and back by bit replication, as QEMU and panels show it.

  pixels.py compare EXPECTED ACTUAL [--rgb565]   exit 0 when equal, else prints the first mismatch
  pixels.py recompress IN.png OUT.png            rewrite with zlib level 9 (for committed goldens)
  pixels.py selftest GOLDEN.png                  the comparator must reject a frame shifted by one pixel
"""
import re
import struct
import sys
import zlib


class Picture:
    def __init__(self, width, height, rgb):
        self.width, self.height, self.rgb = width, height, bytes(rgb)

    def pixel(self, x, y):
        i = 3 * (y * self.width + x)
        return self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]


def read(path):
    data = open(path, "rb").read()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return decode_png(data)
    if data.startswith(b"P6"):
        m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        return Picture(w, h, data[m.end():m.end() + 3 * w * h])
    raise ValueError(f"{path}: neither PNG nor PPM")


def decode_png(data):
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth} colour type {ctype} interlace {interlace}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray()
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride if f else 0):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        prev = line
        if bpp == 3:
            out += line
        else:
            for i in range(0, stride, 4):
                out += line[i:i + 3]
    return Picture(w, h, out)


def write_png(pic, path):
    raw = b"".join(b"\x00" + pic.rgb[y * pic.width * 3:(y + 1) * pic.width * 3] for y in range(pic.height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", pic.width, pic.height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def as_rgb565(pic):
    """What an RGB565 scanout shows for `pic`: 5/6/5 bits kept, expanded by bit replication."""
    lut5 = bytes(((v >> 3) << 3) | ((v >> 3) >> 2) for v in range(256))
    lut6 = bytes(((v >> 2) << 2) | ((v >> 2) >> 4) for v in range(256))
    rgb = bytearray(pic.rgb)
    rgb[0::3] = bytes(rgb[0::3]).translate(lut5)
    rgb[1::3] = bytes(rgb[1::3]).translate(lut6)
    rgb[2::3] = bytes(rgb[2::3]).translate(lut5)
    return Picture(pic.width, pic.height, rgb)


def compare(expected, actual, rgb565=False):
    """(equal, message). Sizes must match and every pixel must be identical."""
    if (expected.width, expected.height) != (actual.width, actual.height):
        return False, f"size {actual.width}x{actual.height}, expected {expected.width}x{expected.height}"
    if rgb565:
        expected = as_rgb565(expected)
    if expected.rgb == actual.rgb:
        return True, f"{expected.width}x{expected.height}: all {expected.width * expected.height} pixels equal"
    bad, first = 0, None
    e, a = expected.rgb, actual.rgb
    for i in range(0, len(e), 3):
        if e[i:i + 3] != a[i:i + 3]:
            bad += 1
            if first is None:
                p = i // 3
                first = (p % expected.width, p // expected.width, a[i:i + 3].hex(), e[i:i + 3].hex())
    return False, f"{bad} pixels differ; first at {first[0]},{first[1]}: got #{first[2]} expected #{first[3]}"


def count_differences(a, b, rect):
    """Pixels that differ between a and b inside rect (x, y, w, h)."""
    x0, y0, w, h = rect
    return sum(1 for y in range(y0, y0 + h) for x in range(x0, x0 + w) if a.pixel(x, y) != b.pixel(x, y))


def shifted(pic, dx):
    """`pic` moved right by dx pixels (the left column repeated): a frame one pixel off."""
    rows = []
    for y in range(pic.height):
        row = pic.rgb[y * pic.width * 3:(y + 1) * pic.width * 3]
        rows.append(row[:3] * dx + row[:len(row) - 3 * dx])
    return Picture(pic.width, pic.height, b"".join(rows))


def main(argv):
    if len(argv) >= 3 and argv[0] == "compare":
        ok, msg = compare(read(argv[1]), read(argv[2]), "--rgb565" in argv)
        print(("EQUAL " if ok else "DIFFERENT ") + msg)
        return 0 if ok else 1
    if len(argv) == 3 and argv[0] == "recompress":
        write_png(read(argv[1]), argv[2])
        return 0
    if len(argv) == 2 and argv[0] == "selftest":
        g = read(argv[1])
        same, _ = compare(g, g)
        moved, msg = compare(g, shifted(g, 1))
        moved565, msg565 = compare(g, as_rgb565(shifted(g, 1)), rgb565=True)
        ok = same and not moved and not moved565
        print(f"selftest: identical accepted={same}, shifted rejected={not moved} ({msg}), "
              f"shifted 565 rejected={not moved565}")
        return 0 if ok else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
