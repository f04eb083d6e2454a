#!/usr/bin/env python3
"""qrencode -t ASCII output (two characters per module) -> raw PBM, each module SCALE dots.
usage: qrencode -t ASCII -m 2 TEXT | qr-pbm.py SCALE > out.pbm"""
import sys
scale = int(sys.argv[1])
rows = [line.rstrip("\n") for line in sys.stdin if line.strip("\n")]
modules = [[line[i] == "#" for i in range(0, len(line), 2)] for line in rows]
width = max(len(r) for r in modules) * scale
out = bytearray()
for r in modules:
    bits = [b for b in r for _ in range(scale)] + [False] * (width - len(r) * scale)
    row = bytearray((width + 7) // 8)
    for x, black in enumerate(bits):
        if black:
            row[x >> 3] |= 0x80 >> (x & 7)
    out += bytes(row) * scale
sys.stdout.buffer.write(f"P4\n{width} {len(modules) * scale}\n".encode() + out)
