#!/usr/bin/env bash
# The CCNET driver against ccnet-emulator on real ptys: every validator state, the escrow decision,
# a jam and a cassette removal during stacking, power cuts, the device unplugged and back, line
# garbage. Also checks the emulator's own command line (ctl, note log) from the shell.
#   Tests/system/cash-emulator.sh            (from any directory)
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$repo/Tests/system/lib.sh"
start_test cash-emulator
cd "$repo"
work="${WORK:-$repo/.work/cash-emulator}"
mkdir -p "$work"
# The test product links every C library of the package (pkg-config finds them).
need_commands python3:python3 pkg-config:pkg-config
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev

echo "== building ccnet-emulator and the tests"
swift build --product ccnet-emulator 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
swift build --product kioskPackageTests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
bin="$(swift build --show-bin-path)"
[ -x "$bin/ccnet-emulator" ] || { bad "ccnet-emulator did not build"; finish; }

echo "== shell: emulator command line, control socket and note log"
dir="$(mktemp -d "$work/shell.XXXXXX")"
"$bin/ccnet-emulator" --link "$dir/tty" --control "$dir/ctl" --note-log "$dir/notes.log" --do cassette-full >"$dir/out" 2>&1 &
emulator=$!
stop_emulator() { kill $emulator 2>/dev/null; }
on_exit stop_emulator
for _ in $(seq 100); do [ -S "$dir/ctl" ] && [ -e "$dir/tty" ] && break; sleep 0.05; done
shell_ok=1
status="$("$bin/ccnet-emulator" ctl "$dir/ctl" status)" || shell_ok=0
case "$status" in *"state=power-up"*"cassette=full"*"tty=/dev/pts/"*) ;; *) echo "unexpected status: $status"; shell_ok=0 ;; esac
if "$bin/ccnet-emulator" ctl "$dir/ctl" frobnicate >/dev/null; then echo "unknown command accepted"; shell_ok=0; fi
# Talk raw CCNET to the pty from Python: RESET is ACKed, POLL reports INITIALIZE.
python3 - "$dir/tty" <<'PY' || shell_ok=0
import os, sys, time, tty
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY); tty.setraw(fd)
def xfer(frame):
    os.write(fd, bytes.fromhex(frame)); time.sleep(0.1); return os.read(fd, 64).hex()
assert xfer("0203063041b3") == "02030600c282", "RESET not ACKed"
assert xfer("02030633da81") == "02030613d8a0", "POLL after RESET is not INITIALIZE"
PY
kill $emulator 2>/dev/null; wait $emulator 2>/dev/null
if [ "$shell_ok" = 1 ]; then ok "shell checks"; else bad "shell checks"; fi

echo "== swift: CCNETDriverTests (driver against the emulator)"
log="$work/driver-tests.log"
CCNET_EMULATOR="$bin/ccnet-emulator" timeout 300 swift test --skip-build --filter CCNETDriverTests >"$log" 2>&1
swift_status=$?
grep -E '^(✔|✘) Test ' "$log" | grep -v 'Test run' || true
# Each Swift test counts as one check in lib.sh's counters (the lines above name them).
tests_passed=$(grep -cE '^✔ Test .*\(\) passed' "$log" || true)
tests_failed=$(grep -cE '^✘ Test .*\(\) failed' "$log" || true)
passed=$((passed + tests_passed))
failed=$((failed + tests_failed))
if [ "$swift_status" -ne 0 ] && [ "$tests_failed" -eq 0 ]; then tail -n 30 "$log"; bad "swift test exited $swift_status"; fi
if [ "$tests_passed" -eq 0 ]; then tail -n 30 "$log"; bad "no driver test ran"; fi

finish
