#!/usr/bin/env python3
"""Draws the kiosk's own icons (no third-party artwork): white shapes with anti-aliased alpha on
transparent, so the UI can put them on any button colour. Pure standard library (zlib + struct).

Usage: scripts/render-make-icons.py [OUT_DIR] [SIZE]     (default: Assets/icons, 96 px)
Each icon is a list of shapes in a 0..1 box; a pixel's alpha is the fraction of 4x4 samples
inside the union of the shapes minus the holes.
"""
import math
import os
import struct
import sys
import zlib


def rrect(x0, y0, x1, y1, r):
    def f(x, y):
        qx = max(x0 + r - x, 0, x - (x1 - r))
        qy = max(y0 + r - y, 0, y - (y1 - r))
        return x0 <= x <= x1 and y0 <= y <= y1 and qx * qx + qy * qy <= r * r
    return f


def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def ring(cx, cy, r, w, a0=-math.pi, a1=math.pi):
    def f(x, y):
        d = math.hypot(x - cx, y - cy)
        a = math.atan2(y - cy, x - cx)
        return abs(d - r) <= w / 2 and a0 <= a <= a1
    return f


def line(ax, ay, bx, by, w):
    def f(x, y):
        dx, dy = bx - ax, by - ay
        t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2
    return f


def triangle(p, q, r):
    def f(x, y):
        def s(a, b):
            return (x - b[0]) * (a[1] - b[1]) - (a[0] - b[0]) * (y - b[1])
        d1, d2, d3 = s(p, q), s(q, r), s(r, p)
        return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))
    return f


ICONS = {
    # banknote: outlined note with a coin-like centre
    "cash": ([rrect(0.08, 0.25, 0.92, 0.75, 0.06), ], [rrect(0.14, 0.31, 0.86, 0.69, 0.03)],
             [circle(0.5, 0.5, 0.12), circle(0.24, 0.5, 0.035), circle(0.76, 0.5, 0.035)]),
    # ticket with notches and a perforation
    "ticket": ([rrect(0.1, 0.28, 0.9, 0.72, 0.05)], [circle(0.1, 0.5, 0.08), circle(0.9, 0.5, 0.08)]
               + [circle(0.64, 0.33 + 0.068 * i, 0.018) for i in range(6)], []),
    # wi-fi: three arcs and a dot
    "wifi": ([ring(0.5, 0.78, r, 0.075, -math.pi * 0.78, -math.pi * 0.22) for r in (0.18, 0.36, 0.54)]
             + [circle(0.5, 0.78, 0.065)], [], []),
    # printer: body, paper in and out
    "printer": ([rrect(0.1, 0.38, 0.9, 0.72, 0.06), rrect(0.26, 0.12, 0.74, 0.34, 0.02), rrect(0.26, 0.6, 0.74, 0.9, 0.02)],
                [rrect(0.32, 0.66, 0.68, 0.84, 0.0)], [line(0.38, 0.72, 0.62, 0.72, 0.03), line(0.38, 0.78, 0.56, 0.78, 0.03),
                                                     circle(0.78, 0.48, 0.03)]),
    "check": ([line(0.18, 0.52, 0.4, 0.74, 0.11), line(0.4, 0.74, 0.84, 0.28, 0.11)], [], []),
    "cross": ([line(0.22, 0.22, 0.78, 0.78, 0.11), line(0.78, 0.22, 0.22, 0.78, 0.11)], [], []),
    # language: globe with meridians
    "language": ([ring(0.5, 0.5, 0.38, 0.06), line(0.12, 0.5, 0.88, 0.5, 0.05), line(0.5, 0.12, 0.5, 0.88, 0.05),
                  lambda x, y: abs(((x - 0.5) / 0.18) ** 2 + ((y - 0.5) / 0.38) ** 2 - 1) < 0.16,
                  line(0.2, 0.3, 0.8, 0.3, 0.04), line(0.2, 0.7, 0.8, 0.7, 0.04)], [], []),
    "back": ([triangle((0.14, 0.5), (0.46, 0.2), (0.46, 0.8)), rrect(0.4, 0.42, 0.86, 0.58, 0.02)], [], []),
    # clock: ring and hands
    "clock": ([ring(0.5, 0.5, 0.37, 0.08), line(0.5, 0.5, 0.5, 0.26, 0.07), line(0.5, 0.5, 0.68, 0.6, 0.07)], [], []),
    "info": ([ring(0.5, 0.5, 0.37, 0.08), circle(0.5, 0.31, 0.055), rrect(0.455, 0.42, 0.545, 0.72, 0.02)], [], []),
}


def render(shapes, holes, extra, n):
    """Alpha rows: (union(shapes) minus union(holes)) plus extra, 4x4 supersampled."""
    rows = []
    for py in range(n):
        row = bytearray()
        for px in range(n):
            hits = 0
            for sy in range(4):
                for sx in range(4):
                    x, y = (px + (sx + 0.5) / 4) / n, (py + (sy + 0.5) / 4) / n
                    inside = any(f(x, y) for f in shapes) and not any(f(x, y) for f in holes)
                    if inside or any(f(x, y) for f in extra):
                        hits += 1
            a = round(255 * hits / 16)
            row += bytes((255, 255, 255, a))
        rows.append(bytes(row))
    return rows


def write_png(path, n, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "Assets", "icons")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 96
    os.makedirs(out, exist_ok=True)
    for name, (shapes, holes, extra) in ICONS.items():
        write_png(os.path.join(out, "%s.png" % name), n, render(shapes, holes, extra, n))
        print("wrote", os.path.join(out, "%s.png" % name))


if __name__ == "__main__":
    main()
