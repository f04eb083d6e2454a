#!/bin/bash
# System test of `kiosk-bench render`: the whole side-by-side pipeline runs (scene, icon, the
# kiosk side in both formats, cold child processes, the cairo peer with its venv and fontconfig
# pointed at Assets/fonts) and prints the JSON the docs promise. It asserts no times: only that
# every figure is there and positive, and that both sides wrote their PNGs.
# Runnable from anywhere; installs the peer's packages on first run (needs root for apt-get).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/Tests/system/lib.sh"
start_test render-bench
cd "$ROOT"
WORK=${WORK:-$ROOT/.work/render-bench-test}
mkdir -p "$WORK"
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# kiosk-bench links every C library of the package; the cairo peer (scripts/render-peer-setup.sh)
# builds pycairo in a venv against libcairo2-dev and points fontconfig at Assets/fonts.
need_commands python3:python3 pkg-config:pkg-config fc-match:fontconfig
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
  libvncserver-dev libcups2-dev libcairo2-dev python3-dev python3-venv

BIN=$(kiosk_binary kiosk-bench) || { bad "kiosk-bench was not built"; finish; }
out=$("$BIN" render --json --rounds 1 --cold-runs 1 --n-full 3 --n-partial 3 --n-text 3 --work-dir "$WORK" 2>"$WORK/stderr.txt")
status=$?
check "kiosk-bench render exits 0 ($(tail -3 "$WORK/stderr.txt"))" '[ $status -eq 0 ]'
echo "$out" > "$WORK/result.json"
check "JSON has kiosk and cairo figures" "python3 - '$WORK/result.json' <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for side in ('kiosk', 'cairo', 'kiosk_rgb565'):
    for key in ('cold_ms', 'full_ms', 'partial_ms', 'text_glyphs_per_s'):
        v = r[side][key]
        assert isinstance(v, (int, float)) and v > 0, (side, key, v)
assert r['partial_damage'] == [[530, 540, 400, 200]], r['partial_damage']
PY"
for f in kiosk_xrgb8888_full kiosk_rgb565_full kiosk_xrgb8888_partial cairo_full cairo_partial cairo_text; do
  check "$f.png written" "[ -s '$WORK/$f.png' ]"
done
finish
