#!/usr/bin/env python3
"""The test's own ESC/POS reader, written apart from the Swift parser so the two check each other.

usage: escpos_decode.py CAPTURE.bin OUT.pbm [--width DOTS]

Reads the captured bytes the way a printer would, refusing any byte it does not understand, and
writes what the raster commands (GS v 0) put on paper as a PBM image (bands stacked, feeds as
white space). Prints a summary: raster size, text lines decoded as CP866 (the kiosk's text-mode
code page) or CP437, payloads stored for the printer's own QR (GS ( k), cuts.
Exit status 2 when the bytes contain something a receipt printer would misprint.
"""
import sys

path, out = sys.argv[1], sys.argv[2]
width = int(sys.argv[sys.argv.index("--width") + 1]) if "--width" in sys.argv else None
data = open(path, "rb").read()
i = 0
rows = []            # list of bytes objects, one per dot row, each `row_bytes` long
row_bytes = None
texts, qr_payloads, cuts = [], [], 0
codec = "cp437"
line = bytearray()


def fail(message):
    print(f"decode error at byte {i}: {message}")
    sys.exit(2)


def need(n):
    if i + n > len(data):
        fail(f"command needs {n} more bytes, {len(data) - i} left")


def blank(count):
    global row_bytes
    if row_bytes is None:
        row_bytes = (width or 576) // 8
    rows.extend([bytes(row_bytes)] * count)


while i < len(data):
    b = data[i]
    if b == 0x0A:
        texts.append(line.decode(codec))
        line = bytearray()
        i += 1
    elif b == 0x1B:
        need(2)
        c = data[i + 1]
        if c == 0x40:
            i += 2
        elif c in (0x74, 0x64, 0x45, 0x61):
            need(3)
            n = data[i + 2]
            if c == 0x74:
                codec = {0: "cp437", 17: "cp866"}.get(n) or fail(f"unknown code page {n}")
            if c == 0x64:
                blank(30 * n)
            i += 3
        else:
            fail(f"unknown ESC 0x{c:02x}")
    elif b == 0x1D:
        need(2)
        c = data[i + 1]
        if c == 0x21:
            need(3)
            i += 3
        elif c == 0x76:
            need(8)
            if data[i + 2] != 0x30:
                fail("GS v other than GS v 0")
            xb = data[i + 4] | data[i + 5] << 8
            yr = data[i + 6] | data[i + 7] << 8
            need(8 + xb * yr)
            if row_bytes is None:
                row_bytes = xb
            if xb != row_bytes:
                fail(f"raster band {xb} bytes wide after {row_bytes}")
            body = data[i + 8:i + 8 + xb * yr]
            rows.extend(body[r * xb:(r + 1) * xb] for r in range(yr))
            i += 8 + xb * yr
        elif c == 0x28:
            need(5)
            if data[i + 2] != 0x6B:
                fail("GS ( other than GS ( k")
            n = data[i + 3] | data[i + 4] << 8
            need(5 + n)
            body = data[i + 5:i + 5 + n]
            if body[:1] != b"\x31":
                fail("GS ( k for a symbol other than QR")
            if body[1] == 80:
                qr_payloads.append(body[3:].decode("utf-8"))
            elif body[1] not in (65, 67, 69, 81):
                fail(f"QR function {body[1]}")
            i += 5 + n
        elif c == 0x56:
            need(3)
            m = data[i + 2]
            if m in (65, 66):
                need(4)
                blank(data[i + 3])
                i += 4
            elif m in (0, 1, 48, 49):
                i += 3
            else:
                fail(f"GS V mode {m}")
            cuts += 1
        else:
            fail(f"unknown GS 0x{c:02x}")
    elif b == 0x10:
        need(3)
        i += 3
    elif b >= 0x20 and b != 0x7F:
        line.append(b)
        i += 1
    else:
        fail(f"control byte 0x{b:02x}")
if line:
    texts.append(line.decode(codec))

if rows:
    with open(out, "wb") as f:
        f.write(f"P4\n{row_bytes * 8} {len(rows)}\n".encode() + b"".join(rows))
black = sum(bin(x).count("1") for r in rows for x in r)
print(f"raster {row_bytes * 8 if rows else 0}x{len(rows)} black={black}")
for t in texts:
    print(f"text {t}")
for q in qr_payloads:
    print(f"qr {q}")
print(f"cuts {cuts}")
