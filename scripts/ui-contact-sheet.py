#!/usr/bin/env python3
"""Contact sheets of the UI's golden screenshots: one PNG per resolution, every screen in
English and Russian side by side, labelled, for reviewing a UI change at a glance.

    scripts/ui-contact-sheet.py [GOLDEN_DIR] [OUT_DIR]

Defaults: Tests/KioskUITests/Golden and docs/screens (relative to the repository). Regenerate
after `KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests`. Needs Pillow (installed with pip
when missing).
"""
import os
import subprocess
import sys

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pillow"])
    from PIL import Image, ImageDraw, ImageFont

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
golden = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "Tests/KioskUITests/Golden")
out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "docs/screens")
os.makedirs(out_dir, exist_ok=True)

RESOLUTIONS = ["1920x1080", "1080x1920", "800x480"]
LANGS = ["en", "ru"]
THUMB_WIDTH = {"1920x1080": 384, "1080x1920": 216, "800x480": 320}
COLUMNS = {"1920x1080": 2, "1080x1920": 4, "800x480": 3}   # screens per row (each en + ru)
GAP, LABEL = 12, 26

font_path = os.path.join(repo, "Assets/fonts/DejaVuSans.ttf")
font = ImageFont.truetype(font_path, 16) if os.path.exists(font_path) else ImageFont.load_default()

files = sorted(f for f in os.listdir(golden) if f.endswith(".png"))
if not files:
    sys.exit(f"no golden PNGs in {golden}: run KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests")

for res in RESOLUTIONS:
    suffix = f"-{res}.png"
    screens = []
    for f in files:
        if f.endswith("-en" + suffix):
            screens.append(f[: -len("-en" + suffix)])
    w, h = (int(v) for v in res.split("x"))
    tw = THUMB_WIDTH[res]
    th = tw * h // w
    cols = COLUMNS[res] * len(LANGS)
    rows = (len(screens) * len(LANGS) + cols - 1) // cols
    sheet = Image.new("RGB", (GAP + cols * (tw + GAP), GAP + rows * (th + LABEL + GAP)), (40, 40, 40))
    draw = ImageDraw.Draw(sheet)
    i = 0
    for name in screens:
        for lang in LANGS:
            path = os.path.join(golden, f"{name}-{lang}{suffix}")
            x = GAP + (i % cols) * (tw + GAP)
            y = GAP + (i // cols) * (th + LABEL + GAP)
            draw.text((x, y + 3), f"{name} ({lang})", fill=(230, 230, 230), font=font)
            if os.path.exists(path):
                with Image.open(path) as im:
                    sheet.paste(im.convert("RGB").resize((tw, th), Image.LANCZOS), (x, y + LABEL))
            else:
                draw.rectangle([x, y + LABEL, x + tw, y + LABEL + th], outline=(200, 60, 60), width=3)
            i += 1
    target = os.path.join(out_dir, f"screens-{res}.png")
    sheet.save(target, optimize=True)
    print(f"{target}: {len(screens)} screens x {len(LANGS)} languages, {sheet.width}x{sheet.height}")
