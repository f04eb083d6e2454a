#!/usr/bin/env bash
# run-vnc: the README's run command (scripts/run) on a machine without devices, driven through a
# VNC client nobody here wrote (vncdotool, PyPI): a tap on the first plan, a 100 note into the
# emulated bill acceptor, and the sold code read back from the VNC capture's QR; the store verifies.
#   Tests/system/run-vnc.sh [WORK]     (default WORK: <repo>/.work/run-vnc)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/Tests/system/lib.sh"
start_test run-vnc
WORK=${1:-$ROOT/.work/run-vnc}
rm -rf "$WORK/data"; mkdir -p "$WORK/data"
pids=()
stop_all() {   # scripts/run and its children (the kiosk and the emulator)
    for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done
    pids=()
}
on_exit stop_all

# scripts/run installs what the kiosk's build needs itself (scripts/install-deps run).
need_packages python3 python3-venv zbar-tools procps
[ -x "$WORK/venv/bin/vncdotool" ] || { python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q vncdotool; }
VNCDO=$WORK/venv/bin/vncdotool
port=$((5930 + RANDOM % 50))

# As a new user runs it: no device flag. On this machine (no DRM, no fbdev) the config's display
# "auto" falls back to VNC at the default 1920x1080; KIOSK_VNC_PORT goes into the config scripts/run
# writes, so the test does not take the port 5900 of a user's own demo. --exit-after ends it.
export KIOSK_DATA_DIR=$WORK/data KIOSK_BUILD_CONFIG=debug KIOSK_VNC_PORT=$port
"$ROOT/scripts/run" -- --exit-after 240 >"$WORK/run.log" 2>&1 &
pids+=($!)
if wait_log "$WORK/run.log" "running on vnc" 900; then ok "scripts/run started the kiosk on VNC port $port"; else bad "the kiosk did not start (see $WORK/run.log)"; finish; fi
bin=$(cd "$ROOT" && swift build -c debug --show-bin-path)
sleep 2
"$VNCDO" -s "127.0.0.1::$port" capture "$WORK/idle.png" && ok "vncdotool captured the idle screen" || bad "no capture of the idle screen"
"$VNCDO" -s "127.0.0.1::$port" move 338 240 click 1
if wait_log "$WORK/run.log" "payment for Internet 1 hour started" 20; then ok "a VNC click on the first plan started a payment"; else bad "the click did not start a payment"; finish; fi
sleep 2
"$bin/ccnet-emulator" ctl "$KIOSK_DATA_DIR/cash-emulator.sock" insert 100 >/dev/null
if wait_log "$WORK/run.log" "sold Internet 1 hour: code" 30; then ok "the inserted note paid and a ticket was sold"; else bad "no sale after the note"; finish; fi
sold=$(grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' "$WORK/run.log" | head -1 | awk '{print $NF}' | tr -d -)
sleep 2
"$VNCDO" -s "127.0.0.1::$port" capture "$WORK/done.png"
qr=$(zbarimg -q --raw "$WORK/done.png" 2>/dev/null | head -1)
if [ -n "$sold" ] && [ "$qr" = "$sold" ]; then ok "the VNC capture's QR is the sold code $qr"; else bad "QR '$qr' is not the sold code '$sold'"; fi
stop_all
sleep 1
if "$bin/kiosk" store verify --database "$KIOSK_DATA_DIR/kiosk.sqlite" >"$WORK/verify.log" 2>&1; then ok "kiosk store verify passes"; else bad "store verify: $(tail -3 "$WORK/verify.log")"; fi
finish
