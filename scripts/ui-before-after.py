#!/usr/bin/env python3
"""Before/after contact sheets of a UI change: every screen (English) with its old golden on the
left and its new one on the right, one sheet per resolution. Screens new in the change show an
empty "before"; screens gone show an empty "after".

    scripts/ui-before-after.py BEFORE_GOLDEN_DIR [AFTER_GOLDEN_DIR] [OUT_DIR]

BEFORE_GOLDEN_DIR is Tests/KioskUITests/Golden as it was (e.g. `git archive main
Tests/KioskUITests/Golden | tar -x -C /tmp/before`); AFTER defaults to this tree's goldens, OUT to
docs/screens (files screens-<res>-before-after.png). Needs Pillow (installed with pip when missing).
"""
import os
import subprocess
import sys

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pillow"])
    from PIL import Image, ImageDraw, ImageFont

if len(sys.argv) < 2:
    sys.exit(__doc__)
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
before = sys.argv[1]
after = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "Tests/KioskUITests/Golden")
out_dir = sys.argv[3] if len(sys.argv) > 3 else os.path.join(repo, "docs/screens")
os.makedirs(out_dir, exist_ok=True)

RESOLUTIONS = {"1920x1080": (288, 2), "1080x1920": (180, 3), "800x480": (288, 2)}   # thumb width, pairs per row
GAP, LABEL = 10, 24
font_path = os.path.join(repo, "Assets/fonts/DejaVuSans.ttf")
font = ImageFont.truetype(font_path, 14) if os.path.exists(font_path) else ImageFont.load_default()


def screens(folder, res):
    suffix = f"-en-{res}.png"
    return {f[: -len(suffix)] for f in os.listdir(folder) if f.endswith(suffix)}


for res, (tw, pairs) in RESOLUTIONS.items():
    w, h = (int(v) for v in res.split("x"))
    th = tw * h // w
    names = sorted(screens(before, res) | screens(after, res))
    cols = pairs * 2
    rows = (len(names) + pairs - 1) // pairs
    sheet = Image.new("RGB", (GAP + cols * (tw + GAP) + (pairs - 1) * GAP, GAP + rows * (th + LABEL + GAP)), (40, 40, 40))
    draw = ImageDraw.Draw(sheet)
    for i, name in enumerate(names):
        r, c = divmod(i, pairs)
        x = GAP + c * (2 * (tw + GAP) + GAP)
        y = GAP + r * (th + LABEL + GAP)
        for j, (folder, tag) in enumerate(((before, "before"), (after, "after"))):
            path = os.path.join(folder, f"{name}-en-{res}.png")
            cx = x + j * (tw + GAP)
            draw.text((cx, y + 4), f"{name} · {tag}", fill=(230, 230, 230), font=font)
            if os.path.exists(path):
                sheet.paste(Image.open(path).convert("RGB").resize((tw, th), Image.LANCZOS), (cx, y + LABEL))
            else:
                draw.rectangle([cx, y + LABEL, cx + tw - 1, y + LABEL + th - 1], outline=(120, 120, 120))
    out = os.path.join(out_dir, f"screens-{res}-before-after.png")
    sheet.save(out, optimize=True)
    print(f"{out}: {len(names)} screens, {sheet.width}x{sheet.height}")
