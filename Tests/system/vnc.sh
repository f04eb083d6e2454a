#!/bin/bash
# vnc.sh [WORK]: the VNC sink and input against a VNC client nobody here wrote (vncdotool, PyPI).
# kiosk-display-probe serves the test card on localhost; vncdotool's capture must equal the
# committed golden (which the probe's PNG sink also renders), a click on empty space must reach the
# probe as a tap that changes nothing, a click on the button must lead to screen 2, Enter ends it.
#
# WORK (default: <repo>/.work/vnc) holds a Python venv with vncdotool and the captures.
# Prints "vnc: N passed, M failed" last.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test vnc
WORK=${1:-${VNC_WORK:-$ROOT/.work/vnc}}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
Q=$HERE/qemu
G=$Q/golden/test-card-1024x768-r0
FONT=$ROOT/Assets/fonts/DejaVuSans.ttf
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

# The probe links the display and graphics libraries (pkg-config finds them); python3-venv for vncdotool.
need_packages python3 python3-venv pkg-config libvncserver-dev libdrm-dev libfreetype-dev libharfbuzz-dev libpng-dev \
  libqrencode-dev
[ -x "$WORK/venv/bin/vncdotool" ] || { python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q vncdotool; }
VNCDO=$WORK/venv/bin/vncdotool

swift build -c release --product kiosk-display-probe --package-path "$ROOT" 2>&1 | tail -1
BIN=$(swift build -c release --product kiosk-display-probe --package-path "$ROOT" --show-bin-path)/kiosk-display-probe
"$BIN" --sink png --png "$WORK/probe.png" --size 1024x768 --input none --font "$FONT" >/dev/null
check "probe PNG rendering equals the golden" python3 "$Q/pixels.py" compare "$G-screen1.png" "$WORK/probe.png"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG=$WORK/probe.log
"$BIN" --sink vnc --size 1024x768 --input vnc --port "$PORT" --timeout 60 --font "$FONT" > "$LOG" 2>&1 &
PROBE=$!
stop_probe() { [ -z "$PROBE" ] || kill "$PROBE" 2>/dev/null || true; }
on_exit stop_probe
wait_for() {  # wait_for REGEX SECONDS: a probe line matching REGEX, appearing after line $seen
  local end=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -le $end ]; do
    local n
    n=$(tail -n +"$((seen + 1))" "$LOG" | grep -nE "$1" | head -1 | cut -d: -f1)
    if [ -n "$n" ]; then seen=$((seen + n)); return 0; fi
    kill -0 $PROBE 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
seen=0
check "probe serves VNC on 127.0.0.1:$PORT" wait_for "PROBE-INPUT-READY vnc" 20
vnc() { timeout 30 "$VNCDO" -s "127.0.0.1::$PORT" "$@"; }

vnc capture "$WORK/capture-1.png"
check "vncdotool capture equals golden screen 1" python3 "$Q/pixels.py" compare "$G-screen1.png" "$WORK/capture-1.png"

vnc move 128 749 click 1
check "click on empty space arrives as a tap on nothing" wait_for "PROBE-TAP 128 749 target=none" 10
vnc capture "$WORK/capture-2.png"
check "tap on empty space changes nothing" python3 "$Q/pixels.py" compare "$G-screen1.png" "$WORK/capture-2.png"

BUTTON=$(sed -n 's/.*button=\([0-9]*\)x\([0-9]*\)+\([0-9]*\)+\([0-9]*\).*/\1 \2 \3 \4/p' "$LOG")
read -r bw bh bx by <<< "$BUTTON"
cx=$((bx + bw / 2)); cy=$((by + bh / 2))
vnc move $cx $cy click 1
check "click on the button arrives as a tap on it" wait_for "PROBE-TAP $cx $cy target=next" 10
check "the tap presents screen 2" wait_for "PROBE-PRESENTED screen=2" 10
vnc capture "$WORK/capture-3.png"
check "vncdotool capture equals golden screen 2" python3 "$Q/pixels.py" compare "$G-screen2.png" "$WORK/capture-3.png"

vnc key enter
check "Enter ends the probe" wait_for "PROBE-DONE" 10
# `|| rc=$?`: under set -e a plain `wait` would end the script on a failing probe before this check.
rc=0; wait $PROBE || rc=$?
PROBE=""   # reaped: nothing left for stop_probe
check "probe exit status 0" [ $rc = 0 ]
finish
