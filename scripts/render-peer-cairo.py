#!/usr/bin/env python3
"""The render bench's peer: draws the kiosk-bench scene with cairo (pycairo) and prints one
`RESULT {json}` line. The scene (buttons, labels, colours, icon and font paths) comes from the
JSON file kiosk-bench writes, so both sides draw exactly the same thing.

Usage: render-peer-cairo.py SCENE.json [OUT_DIR]
Env:   N_FULL, N_PARTIAL, N_TEXT (sample counts), FONTCONFIG_FILE (set by kiosk-bench so the toy
       font API resolves "DejaVu Sans" to the project's own Assets/fonts/DejaVuSans.ttf).
"""
import time

T_START = time.perf_counter()
MONO_START = time.clock_gettime(time.CLOCK_MONOTONIC)
import cairo  # noqa: E402

T_IMPORT = time.perf_counter()
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402


def c01(c):
    return (c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, c[3] / 255.0)


def rrect(cr, x, y, w, h, r):
    cr.new_sub_path()
    cr.arc(x + w - r, y + r, r, -math.pi / 2, 0)
    cr.arc(x + w - r, y + h - r, r, 0, math.pi / 2)
    cr.arc(x + r, y + h - r, r, math.pi / 2, math.pi)
    cr.arc(x + r, y + r, r, math.pi, 3 * math.pi / 2)
    cr.close_path()


class Peer:
    def __init__(self, scene):
        s = scene
        self.s = s
        self.surf = cairo.ImageSurface(cairo.FORMAT_ARGB32, s["width"], s["height"])
        self.cr = cairo.Context(self.surf)
        self.cr.set_font_face(cairo.ToyFontFace(s["fontFamily"], cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL))
        self.icon = cairo.ImageSurface.create_from_png(s["iconPath"])

    def button(self, b, fill):
        cr, s = self.cr, self.s
        cr.set_source_rgba(*c01(fill))
        rrect(cr, b["x"], b["y"], b["w"], b["h"], s["radius"])
        cr.fill()
        bw = s["border"]
        cr.set_source_rgba(*c01(s["borderColor"]))
        cr.set_line_width(bw)
        rrect(cr, b["x"] + bw / 2, b["y"] + bw / 2, b["w"] - bw, b["h"] - bw, s["radius"] - bw / 2)
        cr.stroke()

    def label(self, lab):
        cr = self.cr
        cr.set_font_size(lab["size"])
        cr.set_source_rgba(*c01(lab["color"]))
        cr.move_to(lab["x"], lab["y"])
        cr.show_text(lab["text"])

    def full(self):
        cr, s = self.cr, self.s
        cr.set_operator(cairo.OPERATOR_SOURCE)
        cr.set_source_rgba(*c01(s["background"]))
        cr.paint()
        cr.set_operator(cairo.OPERATOR_OVER)
        for b in s["buttons"]:
            self.button(b, b["fill"])
        for lab in s["labels"]:
            self.label(lab)
        cr.set_source_surface(self.icon, s["iconX"], s["iconY"])
        cr.paint()

    def partial(self):
        cr, s = self.cr, self.s
        b = s["buttons"][s["partialButton"]]
        cr.save()
        cr.rectangle(b["x"], b["y"], b["w"], b["h"])
        cr.clip()
        cr.set_operator(cairo.OPERATOR_SOURCE)
        cr.set_source_rgba(*c01(s["background"]))
        cr.paint()
        cr.set_operator(cairo.OPERATOR_OVER)
        self.button(b, s["pressedColor"])
        for i in s["partialLabels"]:
            self.label(s["labels"][i])
        cr.restore()

    def text(self):
        cr, s = self.cr, self.s
        t = s["text"]
        cr.set_operator(cairo.OPERATOR_SOURCE)
        cr.set_source_rgba(*c01(s["background"]))
        cr.rectangle(0, 0, s["width"], t["lines"] * t["step"] + 10)
        cr.fill()
        cr.set_operator(cairo.OPERATOR_OVER)
        cr.set_font_size(t["size"])
        cr.set_source_rgba(*c01(t["color"]))
        for i in range(t["lines"]):
            cr.move_to(t["x"], t["y"] + i * t["step"])
            cr.show_text(t["line"])

    def sync(self):
        self.surf.flush()


def peak_rss_kib():
    """VmHWM of this process (ru_maxrss would start from the parent's figure at fork)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def samples(fn, sync, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        sync()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def main():
    scene = json.load(open(sys.argv[1], encoding="utf-8"))
    out_dir = sys.argv[2] if len(sys.argv) > 2 else None
    t0 = time.perf_counter()
    p = Peer(scene)
    p.full()
    p.sync()
    t1 = time.perf_counter()
    first_frame_mono = time.clock_gettime(time.CLOCK_MONOTONIC)
    if out_dir:
        p.surf.write_to_png(os.path.join(out_dir, "cairo_full.png"))
    n_full, n_partial, n_text = (int(os.environ.get(k, d)) for k, d in (("N_FULL", 200), ("N_PARTIAL", 500), ("N_TEXT", 30)))
    for _ in range(5):
        p.full()
    full = samples(p.full, p.sync, n_full)
    p.full()
    for _ in range(5):
        p.partial()
    partial = samples(p.partial, p.sync, n_partial)
    if out_dir:
        p.surf.write_to_png(os.path.join(out_dir, "cairo_partial.png"))
    p.text()
    text = samples(p.text, p.sync, n_text)
    if out_dir:
        p.surf.write_to_png(os.path.join(out_dir, "cairo_text.png"))
    glyphs = scene["text"]["glyphs"]
    res = {
        "peer": "cairo",
        "version": "pycairo %s / cairo %s" % (cairo.version, cairo.cairo_version_string()),
        "import_ms": (T_IMPORT - T_START) * 1e3,
        "cold_ms": (t1 - t0) * 1e3,
        "cold_from_interpreter_ms": (t1 - T_START) * 1e3,
        "first_frame_monotonic_s": first_frame_mono,
        "start_monotonic_s": MONO_START,
        "full_ms": full,
        "partial_ms": partial,
        "text_ms": text,
        "text_glyphs": glyphs,
        "text_glyphs_per_s": glyphs / (statistics.median(text) / 1e3),
        "peak_rss_kib": peak_rss_kib(),
    }
    print("RESULT " + json.dumps(res))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
