#!/bin/bash
# kiosk-run: `kiosk run` on a machine without devices. The screen is a PNG file, the bill
# acceptor is ccnet-emulator on a pty (the real CCNET driver talks to it), taps come from an input
# script; each kiosk starts as kiosk.service does (devices from its config). Journeys: a ticket paid with the exact note; a cancel after one note that must end as a
# kept customer credit in the database; staff entry; time for any amount, paid partly by that credit.
#
# Usage: Tests/system/kiosk-run.sh   (from any folder)
# Env:   KIOSK_RUN_WORK=DIR  working folder (default: mktemp); KEEP=1 keeps it
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test kiosk-run
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
on_exit cleanup

# pkg-config and the -dev packages: building kiosk links every C library of the package.
need_packages pkg-config libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev libvncserver-dev \
    libcups2-dev libsqlite3-dev fonts-dejavu-core zbar-tools file sqlite3

WORK=${KIOSK_RUN_WORK:-$(mktemp -d /tmp/kiosk-run.XXXXXX)}
mkdir -p "$WORK"
cd "$REPO" || exit 1
echo "building kiosk and ccnet-emulator…"
swift build --product kiosk >"$WORK/build.log" 2>&1 && swift build --product ccnet-emulator >>"$WORK/build.log" 2>&1 \
    || { tail -20 "$WORK/build.log"; bad "build"; finish; }
BIN=$(swift build --show-bin-path)

"$BIN/ccnet-emulator" run --link "$WORK/bv" --control "$WORK/bv.sock" >"$WORK/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "$WORK/bv" ] && [ -S "$WORK/bv.sock" ] && break; sleep 0.1; done
[ -e "$WORK/bv" ] && ok "emulator serving $(readlink "$WORK/bv")" || { bad "emulator did not start"; finish; }

# Each kiosk starts as kiosk.service starts it: the config and the data folder from the
# environment, every device from the config's [devices]. Only --script (the taps) and
# --exit-after (the end) drive the test; no flag chooses a device.
kiosk_config() {  # kiosk_config NAME [MORE TOML]: writes $WORK/NAME.toml, its screen NAME.png, receipts in NAME-receipts
    cat >"$WORK/$1.toml" <<EOF
${2:-}

[devices]
display = "png"
png_path = "$WORK/$1.png"
size = "1920x1080"
cash = "$WORK/bv"
receipt_folder = "$WORK/$1-receipts"
EOF
}
run_kiosk() {  # run_kiosk NAME SCRIPT SECONDS: kiosk run with NAME.toml, log in NAME.log
    KIOSK_CONFIG="$WORK/$1.toml" KIOSK_DATA_DIR="$WORK" "$BIN/kiosk" run --script "$2" --exit-after "$3" >"$WORK/$1.log" 2>&1 &
}


# Journey 1: first plan on the 1920x1080 idle screen (Internet 1 hour, 100 ₽), one 100 note.
cat >"$WORK/buy.script" <<'SCRIPT'
wait 5
tap 338 240   # the first plan button
wait 60
SCRIPT
kiosk_config kiosk1
run_kiosk kiosk1 "$WORK/buy.script" 60
k1=$!; pids+=($k1)
if wait_log "$WORK/kiosk1.log" "payment for Internet 1 hour started" 30; then
    ok "tap on the plan started a payment"
    sleep 2   # the acceptor is enabled by the payment a moment after it starts
    "$BIN/ccnet-emulator" ctl "$WORK/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
    if wait_log "$WORK/kiosk1.log" "sold Internet 1 hour: code" 20; then
        ok "exact cash sold a ticket: $(grep -o 'code [0-9A-Z-]*' "$WORK/kiosk1.log" | head -1)"
    else bad "no sale after inserting 100 (see $WORK/kiosk1.log)"; fi
else bad "no payment started (see $WORK/kiosk1.log)"; fi
sleep 1.5   # the done screen's frame
if [ -s "$WORK/kiosk1.png" ] && file "$WORK/kiosk1.png" | grep -q "1920 x 1080"; then ok "the PNG display is a 1920x1080 frame"; else bad "no PNG frame"; fi
sold=$(grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' "$WORK/kiosk1.log" | head -1 | awk '{print $NF}' | tr -d -)
qr=$(zbarimg -q --raw "$WORK/kiosk1.png" 2>/dev/null | head -1)
if [ -n "$sold" ] && [ "$qr" = "$sold" ]; then ok "the done screen's QR decodes to the sold code $qr"; else bad "QR on screen '$qr' is not the sold code '$sold'"; fi
preview=$(ls "$WORK"/kiosk1-receipts/*.preview.png 2>/dev/null | head -1)
rqr=$( [ -n "$preview" ] && zbarimg -q --raw "$preview" 2>/dev/null | head -1)
if [ -n "$sold" ] && [ "$rqr" = "$sold" ] && ls "$WORK"/kiosk1-receipts/*.escpos >/dev/null 2>&1; then
    ok "receipt written (ESC/POS + preview) and its QR decodes to the sold code"
else bad "no receipt with the sold code in $WORK/kiosk1-receipts (QR '$rqr')"; fi
grep -q "receipt printed" "$WORK/kiosk1.log" && ok "the sale recorded its receipt as printed" || bad "receipt not recorded as printed"

kill "$k1" 2>/dev/null; wait "$k1" 2>/dev/null

# Journey 2: second plan (Games 3 hours, 250 ₽), one 100 note, then Cancel: 100 kept as credit.
cat >"$WORK/cancel.script" <<'SCRIPT'
wait 5
tap 959 240   # the second plan button
wait 10
tap 960 998   # Cancel (full-width footer button)
wait 60
SCRIPT
kiosk_config kiosk2
run_kiosk kiosk2 "$WORK/cancel.script" 60
k2=$!; pids+=($k2)
if wait_log "$WORK/kiosk2.log" "payment for Games 3 hours started" 30; then
    sleep 2
    "$BIN/ccnet-emulator" ctl "$WORK/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
    if wait_log "$WORK/kiosk2.log" "payment for Games 3 hours cancelled, customer credit" 25; then
        ok "cancel after one note kept it as a customer credit"
    else bad "no kept credit after cancel (see $WORK/kiosk2.log)"; fi
else bad "no payment started for the second plan (see $WORK/kiosk2.log)"; fi
kill "$k2" 2>/dev/null; wait "$k2" 2>/dev/null

# Journey 3: staff entry by the hidden gesture (bottom corners: left, right, left, right) and a PIN typed on a keyboard; a
# wrong PIN first. The PIN hash comes from `kiosk staff hash-pin`; the config holds only the hash.
hash=$(printf '%s' 24681012 | "$BIN/kiosk" staff hash-pin)
kiosk_config kiosk3 "$(printf '[[staff]]\nname = "Anna"\npin_hash = "%s"\n' "$hash")"
if grep -q 24681012 "$WORK/kiosk3.toml"; then bad "the PIN itself is in the config"; fi
cat >"$WORK/staff.script" <<'SCRIPT'
wait 5
tap 34 1046
tap 1886 1046
tap 34 1046
tap 1886 1046
char 1
char 1
char 1
char 1
char 1
char 1
enter
wait 4
char 2
char 4
char 6
char 8
char 1
char 0
char 1
char 2
enter
wait 60
SCRIPT
run_kiosk kiosk3 "$WORK/staff.script" 60
k3=$!; pids+=($k3)
if wait_log "$WORK/kiosk3.log" "staff mode opened by Anna" 40 && grep -q "staff PIN refused, 4 attempts left" "$WORK/kiosk3.log"; then
    ok "gesture + PIN: a wrong PIN refused (4 attempts left), then the right one opened staff mode"
else bad "staff mode did not open (see $WORK/kiosk3.log)"; fi
kill "$k3" 2>/dev/null; wait "$k3" 2>/dev/null

# Journey 4: time for any amount ([rate] at 60 an hour): one 100 note, then Done.
kiosk_config kiosk4 "$(printf '[rate]\nname = "Internet, any amount"\nhourly_price = 60\nminimum = 50\n')"
printf 'wait 5\npress buyTime\nwait 10\npress confirmAmount\nwait 60\n' >"$WORK/rate.script"
run_kiosk kiosk4 "$WORK/rate.script" 40
k4=$!; pids+=($k4)
if wait_log "$WORK/kiosk4.log" "payment for Internet, any amount started" 30; then
    sleep 2   # the script presses Done 10 s after starting the payment: the note is stacked by then
    "$BIN/ccnet-emulator" ctl "$WORK/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
    if wait_log "$WORK/kiosk4.log" "sold Internet, any amount: code" 30; then
        code4=$(grep -o 'sold Internet, any amount: code [0-9A-Z-]*' "$WORK/kiosk4.log" | head -1 | awk '{print $NF}' | tr -d -)
        minutes=$(sqlite3 "$WORK/kiosk.sqlite" "SELECT amount FROM balances WHERE holder = 'ticket:$code4' AND unit = 'internet_minutes'")
        # Journey 2's kept credit of 100 is recent, so this kiosk offers it first: 100 + 100 = 200 minutes.
        if [ "$minutes" = 200 ] && grep -q "kept credit .* goes towards Internet, any amount" "$WORK/kiosk4.log"; then
            ok "time for any amount: journey 2's kept 100 + one 100 note, Done → code $code4 holds 200 minutes"
        else bad "time for any amount: code $code4 holds '$minutes' minutes (want 200: kept 100 + 100 inserted)"; fi
        open=$(sqlite3 "$WORK/kiosk.sqlite" "SELECT COUNT(*) FROM customer_credits WHERE state = 'open'")
        [ "$open" = 0 ] && ok "the kept credit was spent, none left open" || bad "$open customer credits still open"
        sleep 1.5
        qr4=$(zbarimg -q --raw "$WORK/kiosk4.png" 2>/dev/null | head -1)
        [ "$qr4" = "$code4" ] && ok "time for any amount: the done screen's QR is the code" || bad "QR '$qr4' is not '$code4'"
    else bad "no sale after Done (see $WORK/kiosk4.log)"; fi
else bad "the time-for-amount button started no payment (see $WORK/kiosk4.log)"; fi
kill "$k4" 2>/dev/null; wait "$k4" 2>/dev/null

if KIOSK_DATA_DIR="$WORK" "$BIN/kiosk" store verify >"$WORK/verify.log" 2>&1; then ok "store verify: ledger consistent"
else bad "store verify reported problems (see $WORK/verify.log)"; fi

[ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ] && [ -z "${KIOSK_RUN_WORK:-}" ] && rm -rf "$WORK"
finish
