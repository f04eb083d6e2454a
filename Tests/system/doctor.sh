#!/bin/bash
# doctor: `kiosk doctor` against real things, with one fault injected at a time.
#
# Real: the bill-acceptor emulator on a pty (ccnet-emulator, built here), a private cupsd with an
# ESC/POS printer whose paper can run out (Tests/system/printing's write-conf.sh, escpos backend
# and listener), the kiosk's SQLite database (made by `kiosk plans list`, which opens it), a tiny tmpfs.
# The store is kiosk-store when it is built (KIOSK_STORE=PATH or next to kiosk), else a few lines
# of Python answering GET /v1/health as kiosk-store does. `timedatectl` is a stand-in script on
# PATH, because systemd is not PID 1 in CI.
#
# For each fault the doctor must put FAIL (or WARN) on that check's line, name the cause, keep
# every other line OK, and exit 1 (2 for warnings only):
#   unplugged emulator, mute emulator, jammed validator, cassette removed, printer queue stopped,
#   paper out, database folder read-only, disk nearly full (tmpfs), clock in 2019
#   (--now), NTP not synchronised, CUPS down, kiosk not registered, token refused, store unreachable.
#
# Usage: Tests/system/doctor.sh      (from any folder; as root: apt-get, mounts for read-only/tmpfs)
# Env:   DOCTOR_WORK=DIR (default mktemp under /tmp), KEEP=1, KIOSK_BIN=DIR (prebuilt kiosk, ccnet-emulator)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FIX=$HERE/printing
. "$HERE/lib.sh"
start_test doctor
ROOT_USER=0; [ "$(id -u)" = 0 ] && ROOT_USER=1

need_commands cupsd:cups-daemon lpadmin:cups-client python3:python3 runuser:util-linux
# Building kiosk links every C library of the package (pkg-config finds them).
[ -n "${KIOSK_BIN:-}" ] || need_packages pkg-config libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev \
  libqrencode-dev libdrm-dev libvncserver-dev libcups2-dev

# Both from KIOSK_BIN when it is given, else both built here: BIN is the folder that holds them.
kiosk_bin=$(kiosk_binary kiosk "${KIOSK_BIN:+$KIOSK_BIN/kiosk}") \
  && kiosk_binary ccnet-emulator "${KIOSK_BIN:+$KIOSK_BIN/ccnet-emulator}" >/dev/null \
  || { bad "kiosk / ccnet-emulator not built"; finish; }
BIN=$(dirname "$kiosk_bin")

W=${DOCTOR_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/doctor.XXXXXX")}
mkdir -p "$W"; W=$(cd "$W" && pwd); chmod 755 "$W"   # cupsd runs jobs as lp
PIDS=()
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done; kill -KILL "$p" 2>/dev/null; done
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$W"; else echo "working folder kept: $W"; fi
}
on_exit cleanup

# --- the things the doctor looks at -------------------------------------------------------------------
PORT=$((20000 + RANDOM % 20000)); PPORT=$((PORT + 1)); SPORT=$((PORT + 2))
C=$W/cups
"$FIX/write-conf.sh" "$C" "$PORT" || { bad "write cupsd configuration"; finish; }
export CUPS_SERVER=$C/run/cups.sock
PAPER_OUT=$C/run/paper-out
python3 "$FIX/escpos_listener.py" "$PPORT" "$C/out" "$PAPER_OUT" > "$C/log/listener.log" 2>&1 < /dev/null &
PIDS+=($!)
/usr/sbin/cupsd -f -c "$C/etc/cupsd.conf" -s "$C/etc/cups-files.conf" > "$C/log/cupsd.stdout" 2>&1 < /dev/null &
CUPSD=$!; PIDS+=($CUPSD)
for _ in $(seq 200); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.05; done
lpstat -r 2>/dev/null | grep -q 'is running' || { tail "$C/log/error_log"; bad "cupsd did not start"; finish; }
lpadmin -p receipt -E -v "escpos://127.0.0.1:$PPORT" -m raw 2>/dev/null

mkdir -p "$W/dev" "$W/data" "$W/fakebin"
"$BIN/ccnet-emulator" run --link "$W/dev/cash" --control "$W/emulator.sock" --init-ms 200 > "$W/emulator.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -e "$W/dev/cash" ] && [ -S "$W/emulator.sock" ] && break; sleep 0.05; done
emu() { "$BIN/ccnet-emulator" ctl "$W/emulator.sock" "$@" > /dev/null || bad "emulator control '$*'"; }

cat > "$W/health.py" <<'EOF'
import http.server, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        # The catalog route as kiosk-store answers it before staff uploaded one: 404 for the
        # registered kiosk's token ("good.token"), 401 for any other.
        if self.path == "/v1/health": code, body = 200, b'{"status":"ok"}'
        elif self.headers.get("Authorization") == "Bearer good.token": code, body = 404, b'{"error":"no_catalog","message":"none"}'
        else: code, body = 401, b'{"error":"auth_invalid","message":"register again"}'
        self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
EOF
# The real kiosk-store when it is already built (building it here would take most of the time
# budget); else the stand-in above.
if [ -x "${KIOSK_STORE:-$BIN/kiosk-store}" ]; then
  KIOSK_STORE_ADMIN_TOKEN=doctor-test-admin-token-0123 "${KIOSK_STORE:-$BIN/kiosk-store}" --port 0 --sqlite "$W/store.sqlite" > "$W/store.log" 2>&1 &
  STORE=$!; PIDS+=($STORE)
  for _ in $(seq 200); do grep -q 'listening on' "$W/store.log" && break; sleep 0.05; done
  SPORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$W/store.log")
  [ -n "$SPORT" ] || { cat "$W/store.log"; bad "kiosk-store did not start"; finish; }
  echo "store: kiosk-store on port $SPORT"
  KIOSK_STORE_ADMIN_TOKEN=doctor-test-admin-token-0123 KIOSK_DATA_DIR="$W/register" "$BIN/kiosk" store register \
      --url "http://127.0.0.1:$SPORT" --token-file "$W/store-token" --name doctor > "$W/register.log" 2>&1 \
      || { cat "$W/register.log"; bad "kiosk store register"; finish; }
else
  echo good.token > "$W/store-token"
  python3 "$W/health.py" "$SPORT" > "$W/health.log" 2>&1 &
  STORE=$!; PIDS+=($STORE)
  echo "store: stand-in health route on port $SPORT (no kiosk-store binary in $BIN)"
fi

printf '#!/bin/sh\n# stand-in: systemd is not PID 1 here\ncat "%s/ntp-state"\n' "$W" > "$W/fakebin/timedatectl"
chmod 755 "$W/fakebin/timedatectl"; echo yes > "$W/ntp-state"
export PATH="$W/fakebin:$PATH"

cat > "$W/kiosk.toml" <<EOF
[devices]
display = "vnc"
cash = "$W/dev/cash"
printer = "receipt"
store_url = "http://127.0.0.1:$SPORT"
store_token_file = "$W/store-token"
EOF
DB=$W/data/kiosk.sqlite
"$BIN/kiosk" plans list --config "$W/kiosk.toml" --database "$DB" > "$W/store-verify.log" 2>&1 || { cat "$W/store-verify.log"; bad "create the database"; finish; }
for _ in $(seq 100); do python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $SPORT), 1)" 2>/dev/null && break; sleep 0.05; done

# --- running the doctor ------------------------------------------------------------------------------
doctor() { "$BIN/kiosk" doctor --config "$W/kiosk.toml" --database "${DOCTOR_DB:-$DB}" --store-timeout 2 "$@" > "$W/out" 2>&1; echo $? > "$W/rc"; }
show() { sed 's/^/    /' "$W/out"; }
# expect CHECK STATUS TEXT LABEL [doctor args]: only CHECK is not OK, it says TEXT, exit status fits.
expect() {
  local check=$1 status=$2 text=$3 label=$4; shift 4
  doctor "$@"
  local rc; rc=$(cat "$W/rc")
  local want_rc=1; [ "$status" = WARN ] && want_rc=2
  local line; line=$(grep -E "^$status +$check " "$W/out")
  local others; others=$(grep -E '^(WARN|FAIL) ' "$W/out" | grep -vE "^$status +$check ")
  if [ -n "$line" ] && grep -qF -- "$text" <<< "$line" && [ -z "$others" ] && [ "$rc" = "$want_rc" ]; then
    ok "$label: $line"
  else show; bad "$label: wanted only '$status $check … $text' and exit $want_rc, got exit $rc"; fi
}

t0=$(date +%s%N); doctor; took=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$(cat "$W/rc")" = 0 ] && [ "$(grep -cE '^OK ' "$W/out")" = 10 ] && grep -q 'doctor: all checks OK' "$W/out"; then
  ok "all well: 10 checks OK, exit 0, in $took ms"; show
else show; bad "baseline is not all OK (exit $(cat "$W/rc"))"; fi
grep -q "EMU-CCNET-SM serial EMU0000001" "$W/out" && ok "handshake read the emulator's IDENTIFICATION" || bad "IDENTIFICATION not shown"

# Bill acceptor.
emu unplug
expect cash FAIL "the device node is missing (unplugged?)" "emulator unplugged"
emu replug
emu mute
expect cash FAIL "did not answer RESET" "emulator powered but silent"
emu unmute
emu jam
expect cash FAIL "a note is jammed in the validator" "validator jammed"
emu clear
emu cassette-remove
expect cash FAIL "cassette is removed or not seated" "cassette removed"
emu cassette-insert
doctor; [ "$(cat "$W/rc")" = 0 ] && ok "cash OK again after the faults were cleared" || { show; bad "cash did not recover"; }

# The bill acceptor's pin: two FTDI adapters in a sysfs built as the kernel lays it out (the tty's
# folder under the USB interface under the USB device with the ids), one udev rules folder.
usb_adapter() {  # usb_adapter TTY USB-PORT SERIAL
  local device=$W/sys/devices/pci0000:00/usb1/$2
  mkdir -p "$device/$2:1.0/$1/tty/$1" "$W/sys/class/tty"
  echo 0403 > "$device/idVendor"; echo 6001 > "$device/idProduct"; echo "$3" > "$device/serial"
  ln -sfn "../../devices/pci0000:00/usb1/$2/$2:1.0/$1/tty/$1" "$W/sys/class/tty/$1"
}
usb_adapter ttyUSB0 1-1 FTDI0AAA; usb_adapter ttyUSB1 1-2 FTDI0BBB
mkdir -p "$W/rules"
pin() { "$BIN/kiosk" doctor --pin-cash --sysfs "$W/sys" --udev-rules "$W/rules" "$@" > "$W/out" 2>&1; echo $? > "$W/rc"; }
pin
if [ "$(cat "$W/rc")" = 1 ] && grep -q "2 USB-serial adapters are attached" "$W/out" && grep -q "serial FTDI0BBB" "$W/out" \
   && [ ! -e "$W/rules/71-kiosk-cash.rules" ]; then ok "--pin-cash with two adapters attached pins neither and lists both"
else show; bad "--pin-cash with two adapters"; fi
pin --cash-port /dev/ttyUSB1
if [ "$(cat "$W/rc")" = 0 ] && grep -q 'ATTRS{serial}=="FTDI0BBB"' "$W/rules/71-kiosk-cash.rules" \
   && grep -qE '^OK +cash-pin bill acceptor pinned to /dev/ttyUSB1 .*not linked: /dev/ttyUSB0' "$W/out" \
   && python3 "$REPO/udev/check-rules.py" --kiosk "$W/rules/71-kiosk-cash.rules" > "$W/check.out"; then
  ok "--pin-cash --cash-port ttyUSB1 wrote a rule for serial FTDI0BBB that check-rules.py accepts: $(grep cash-pin "$W/out" | tr -s ' ')"
else show; cat "$W/check.out" 2>/dev/null; bad "--pin-cash --cash-port ttyUSB1"; fi
rm "$W/sys/class/tty/ttyUSB1"   # unplugged; the whole doctor as installed: a config without `cash`, whose default is the link
grep -v '^cash = ' "$W/kiosk.toml" > "$W/kiosk-default-cash.toml"
"$BIN/kiosk" doctor --config "$W/kiosk-default-cash.toml" --database "$DB" --store-timeout 2 --sysfs "$W/sys" --udev-rules "$W/rules" > "$W/out" 2>&1
if grep -qE '^WARN +cash-pin the pinned adapter 0403:6001 serial FTDI0BBB is not attached; not linked: /dev/ttyUSB0' "$W/out"; then
  ok "pinned adapter unplugged: $(grep cash-pin "$W/out" | tr -s ' ' | cut -c1-120)…"
else show; bad "doctor with the pinned adapter unplugged"; fi

# Printer.
cupsdisable -r "paper cover opened by staff" receipt
expect printer FAIL "is stopped: paper cover opened by staff" "printer queue stopped"
cupsenable receipt
touch "$PAPER_OUT"
echo "doctor paper test" > "$W/job.txt"
lp -d receipt "$W/job.txt" > /dev/null
for _ in $(seq 200); do lpstat -l -p receipt | grep -q 'Alerts:.*media-empty-error' && break; sleep 0.05; done
expect printer FAIL "is out of paper (media-empty-error)" "paper out"
rm -f "$PAPER_OUT"
for _ in $(seq 200); do [ -z "$(lpstat -o receipt 2>/dev/null)" ] && break; sleep 0.1; done
[ -z "$(lpstat -o receipt 2>/dev/null)" ] && ok "paper back: the held job printed" || bad "job still queued after paper came back"

# Database folder read-only.
if [ $ROOT_USER = 1 ]; then
  mount --bind "$W/data" "$W/data" && MOUNTS+=("$W/data") && mount -o remount,bind,ro "$W/data"
  expect database FAIL "is read-only for this user (Read-only file system)" "database folder read-only (ro bind mount)"
  umount "$W/data"
else
  chmod 555 "$W/data"
  expect database FAIL "is read-only for this user (Permission denied)" "database folder read-only (chmod 555)"
  chmod 755 "$W/data"
fi

# Disk nearly full: a 64 MiB tmpfs filled to its last 2 MiB.
if [ $ROOT_USER = 1 ]; then
  T=$W/tiny; mkdir -p "$T"
  mount -t tmpfs -o size=64m tmpfs "$T" && MOUNTS+=("$T")
  cp "$DB" "$T/kiosk.sqlite"
  dd if=/dev/zero of="$T/filler" bs=1M count=62 status=none 2>/dev/null
  DOCTOR_DB=$T/kiosk.sqlite expect disk FAIL "disk nearly full, $T:" "disk nearly full (tmpfs $(df -h --output=avail "$T" | tail -1 | tr -d ' ') free)"
  umount "$T"
else
  echo "SKIP disk nearly full: mounting a tmpfs needs root"
fi

# Clock and NTP.
expect clock FAIL "clock says 2019-06-01T00:00:00Z, before 2024" "clock in 2019 (--now)" --now 2019-06-01T00:00:00Z
echo no > "$W/ntp-state"
expect ntp WARN "clock is not synchronised by NTP" "NTP not synchronised"
echo yes > "$W/ntp-state"


# CUPS down.
kill "$CUPSD"; wait "$CUPSD" 2>/dev/null
expect printer FAIL "CUPS is not running" "cupsd stopped"

# Store (last: the printer line is FAIL from here on, so these cases check only the store line).
store_line() {  # store_line STATUS TEXT LABEL
  doctor
  if grep -E "^$1 +store " "$W/out" | grep -qF -- "$2"; then ok "$3: $(grep -E "^$1 +store" "$W/out")"
  else show; bad "$3 not named"; fi
}
cp "$W/store-token" "$W/store-token.saved"
: > "$W/store-token"
store_line WARN "not registered" "kiosk never registered"
echo "$(cut -d. -f1 "$W/store-token.saved").forged-secret" > "$W/store-token"
store_line FAIL "refused this kiosk's token" "forged token"
cp "$W/store-token.saved" "$W/store-token"
store_line OK "accepts this kiosk's token" "registered again"
kill "$STORE"; wait "$STORE" 2>/dev/null
doctor
if grep -qE "^FAIL +store .*unreachable" "$W/out" && [ "$(cat "$W/rc")" = 1 ]; then ok "store down: $(grep -E '^FAIL +store' "$W/out")"
else show; bad "store down not named"; fi
finish
