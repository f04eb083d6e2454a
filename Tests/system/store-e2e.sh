#!/bin/bash
# store-e2e: a code bought with cash at one kiosk is used at a café PC and refilled at another.
#
# Real processes all the way: kiosk-store (SQLite, its clock read from a file the test moves), two
# `kiosk run` kiosks (PNG screens, scripted taps, each with its own ccnet-emulator on a pty and its
# own SQLite file, registered with `kiosk store register`, syncing through `[devices] store_url`),
# and the PC side of API v1 spoken with curl.
#   1. Kiosk A sells "Internet 1 hour" for one 100 note; its sync pushes the sale.
#   2. A PC logs in with the code; heartbeats as the store's clock moves count the minutes down.
#   3. Kiosk B, which never saw the code, looks it up at the store, takes 100 and refills it.
#   4. The PC's minutes grow by the refill, then run out: the session ends "used_up".
#   5. The store's cash per kiosk equals what each emulator stacked.
#   6. Both kiosks reported their devices (for the staff console's status page).
#   7. With the store down, a third kiosk takes no money for a refill it cannot check but still
#      sells a ticket, which reaches the store once it is back.
#
# Usage: Tests/system/store-e2e.sh   (from any folder)
# Env:   STORE_E2E_WORK=DIR working folder (default: mktemp); KEEP=1 keeps it
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test store-e2e
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
on_exit cleanup

# pkg-config and the -dev packages: building kiosk and kiosk-store links every C library of the package.
need_packages curl python3 sqlite3 pkg-config libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev libsqlite3-dev fonts-dejavu-core

WORK=${STORE_E2E_WORK:-$(mktemp -d /tmp/store-e2e.XXXXXX)}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
cd "$REPO" || exit 1
BUILD_LOG=$WORK/build.log build_products kiosk kiosk-store ccnet-emulator


# The store, its clock frozen at "now" in a file the test moves forward.
T0=$(date +%s)
echo "$T0" >"$WORK/clock"
export KIOSK_STORE_ADMIN_TOKEN=store-e2e-admin-token-0123456789
STORE=$BIN/kiosk-store
# The store on a free port the first time, afterwards on the same one (the kiosks' configs name it).
store_up() {
    start_store "$WORK" "${URL:+${URL##*:}}" --test-clock-file "$WORK/clock" \
        || { cat "$WORK/store.log"; bad "kiosk-store did not start"; finish; }
    pids+=("$STORE_PID")
}
URL=""
store_up
ok "kiosk-store listening on $URL"
admin() { curl -sS -H "Authorization: Bearer $KIOSK_STORE_ADMIN_TOKEN" "$@"; }
plan() {  # plan ID NAME PRICE_MINOR MINUTES
    printf '{"id":"%s","name":"%s","price":{"minor":%s,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":%s},"zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}' "$@"
}
admin -X PUT "$URL/v1/admin/catalog" -d "{\"version\":0,\"currency\":\"RUB\",\"siteTimeZone\":\"Europe/Moscow\",
  \"zones\":[{\"id\":\"hall\",\"name\":\"Hall\",\"minuteCategory\":\"internet\"}],\"staff\":[],
  \"plans\":[$(plan internet-1h "Internet 1 hour" 10000 60),$(plan internet-2h "Internet 2 hours" 20000 120)]}" >"$WORK/catalog.json"
grep -q '"version"' "$WORK/catalog.json" && ok "catalog with zone hall uploaded" || bad "catalog upload: $(cat "$WORK/catalog.json")"

# Two kiosks, each registered by the technician's command and configured with the store.
kiosk_config() {  # kiosk_config NAME NAMESPACE: its kiosk.toml, every device in [devices]
    cat >"$WORK/$1/kiosk.toml" <<EOF
[kiosk]
id = "kiosk-$1"
namespace = $2

[devices]
display = "png"
png_path = "$WORK/$1/screen.png"
size = "1920x1080"
cash = "$WORK/$1/bv"
receipt_folder = "$WORK/$1/receipts"
store_url = "$URL"
store_token_file = "$WORK/$1/token"
sync_seconds = 0.5
EOF
}
start_kiosk() {  # start_kiosk NAME SCRIPT
    local k=$1
    mkdir -p "$WORK/$k"
    "$BIN/ccnet-emulator" run --link "$WORK/$k/bv" --control "$WORK/$k/bv.sock" --note-log "$WORK/$k/notes.log" \
        >"$WORK/$k/emulator.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do [ -S "$WORK/$k/bv.sock" ] && break; sleep 0.1; done
    # As kiosk.service starts it: config and data folder from the environment, devices from the
    # config; --script (the taps) and --exit-after drive the test.
    KIOSK_CONFIG="$WORK/$k/kiosk.toml" KIOSK_DATA_DIR="$WORK/$k" "$BIN/kiosk" run --script "$2" --exit-after 120 \
        >"$WORK/$k/kiosk.log" 2>&1 &
    pids+=($!)
}
for k in a b; do
    mkdir -p "$WORK/$k"
    KIOSK_DATA_DIR="$WORK/$k" "$BIN/kiosk" store register --url "$URL" --token-file "$WORK/$k/token" --name "kiosk-$k" \
        --site e2e >"$WORK/$k/register.log" 2>&1 || { cat "$WORK/$k/register.log"; bad "kiosk store register ($k)"; finish; }
    ns=$(sed -n 's/^namespace = \([0-9]*\).*/\1/p' "$WORK/$k/register.log")
    kiosk_config "$k" "$ns"
    [ "$(stat -c %a "$WORK/$k/token")" = 600 ] && ok "kiosk $k registered (namespace $ns, token file mode 600)" \
        || bad "kiosk $k token file mode $(stat -c %a "$WORK/$k/token")"
done

# 1. Kiosk A sells a ticket for one 100 note.
printf 'wait 4\npress choosePlan internet-1h\nwait 200\n' >"$WORK/a/script"
start_kiosk a "$WORK/a/script"
wait_log "$WORK/a/kiosk.log" "store catalog version" 30 && ok "kiosk A pulled the store's catalog" || bad "kiosk A pulled no catalog"
if wait_log "$WORK/a/kiosk.log" "payment for Internet 1 hour started" 40; then
    sleep 2
    "$BIN/ccnet-emulator" ctl "$WORK/a/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
fi
wait_log "$WORK/a/kiosk.log" "sold Internet 1 hour: code" 30 || { bad "kiosk A sold nothing (see $WORK/a/kiosk.log)"; finish; }
CODE=$(grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' "$WORK/a/kiosk.log" | head -1 | awk '{print $NF}' | tr -d -)
ok "kiosk A sold code $CODE for cash"
token_b=$(cat "$WORK/b/token")
# Wait on the admin's balances, not on kiosk look-ups: a kiosk's look-up of a code the store does
# not know yet spends its guess budget (docs/store.md), and this loop would spend it all.
synced() {  # synced CODE: the store holds the ticket
    admin "$URL/v1/admin/balances" | python3 -c "import json,sys; sys.exit(0 if 'ticket:$1' in json.load(sys.stdin)['holders'] else 1)" 2>/dev/null
}
for _ in $(seq 100); do synced "$CODE" && break; sleep 0.2; done
status=$(curl -s -o "$WORK/ticket.json" -w '%{http_code}' -H "Authorization: Bearer $token_b" "$URL/v1/tickets/$CODE")
[ "$status" = 200 ] && ok "the store has the sale after kiosk A's sync: $(json "['balances']" <"$WORK/ticket.json")" \
    || bad "the store does not know $CODE after 20 s (HTTP $status)"

# 2. A PC logs in with the code; the store's clock moves 20 minutes.
curl -sS -X POST "$URL/v1/pc/sessions" -d "{\"zone\":\"hall\",\"pcID\":\"pc-7\",\"code\":\"$CODE\"}" >"$WORK/login.json"
SESSION=$(json "['sessionID']" <"$WORK/login.json" 2>/dev/null)
STOKEN=$(json "['token']" <"$WORK/login.json" 2>/dev/null)
[ "$(json "['minutesLeft']" <"$WORK/login.json" 2>/dev/null)" = 60 ] && ok "PC pc-7 logged in with the code: 60 minutes left" \
    || bad "PC login: $(cat "$WORK/login.json")"
heartbeat() { curl -sS -X POST -H "Authorization: Bearer $STOKEN" "$URL/v1/pc/sessions/$SESSION/heartbeat"; }
echo $((T0 + 20 * 60)) >"$WORK/clock"
left=$(heartbeat | json "['minutesLeft']")
[ "$left" = 40 ] && ok "20 minutes later the heartbeat says 40 left" || bad "after 20 minutes: $left left (want 40)"

# 3. Kiosk B refills the code it never saw, typed on its keyboard, for one 100 note.
{
    printf 'wait 4\npress startRefill\nwait 1\n'
    for ((i = 0; i < ${#CODE}; i++)); do printf 'char %s\n' "${CODE:i:1}"; done
    printf 'enter\nwait 4\npress chooseRefillPlan internet-1h\nwait 200\n'
} >"$WORK/b/script"
start_kiosk b "$WORK/b/script"
if wait_log "$WORK/b/kiosk.log" "payment for Internet 1 hour started" 60; then
    ok "kiosk B found the code at the store and offered the refill"
    sleep 2
    "$BIN/ccnet-emulator" ctl "$WORK/b/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
    wait_log "$WORK/b/kiosk.log" "refilled" 30 && ok "kiosk B took the note and refilled" || bad "no refill at kiosk B (see $WORK/b/kiosk.log)"
else
    bad "kiosk B did not start the refill payment (see $WORK/b/kiosk.log)"
fi
for _ in $(seq 100); do
    left=$(heartbeat | json "['minutesLeft']")
    [ "$left" = 100 ] && break; sleep 0.2
done
[ "$left" = 100 ] && ok "after kiosk B's sync the PC has 100 minutes (40 + 60)" || bad "after the refill: $left minutes (want 100)"

# 4. 100 minutes later the code is used up.
echo $((T0 + 120 * 60 + 5)) >"$WORK/clock"
heartbeat >"$WORK/end.json"
[ "$(json "['state']" <"$WORK/end.json")" = ended ] && [ "$(json "['endReason']" <"$WORK/end.json")" = used_up ] \
    && ok "the session ended used up" || bad "end: $(cat "$WORK/end.json")"
curl -s -H "Authorization: Bearer $token_b" "$URL/v1/tickets/$CODE" >"$WORK/final.json"
[ "$(json "['state']" <"$WORK/final.json")" = used_up ] && ok "the store says the code is used up" || bad "final: $(cat "$WORK/final.json")"
curl -sS -X POST "$URL/v1/pc/sessions" -d "{\"zone\":\"hall\",\"pcID\":\"pc-8\",\"code\":\"$CODE\"}" -o "$WORK/relogin.json" \
    -w '%{http_code}' >"$WORK/relogin.status"
[ "$(cat "$WORK/relogin.status")" != 201 ] && [ "$(cat "$WORK/relogin.status")" != 200 ] \
    && ok "a used-up code cannot log in again (HTTP $(cat "$WORK/relogin.status"))" || bad "used-up code logged in again"

# 5. The store's cash per kiosk is what each acceptor stacked (one 100 note each).
admin "$URL/v1/admin/balances" >"$WORK/balances.json"
for k in a b; do
    id=$(sed -n 's/^registered kiosk \([^;]*\);.*/\1/p' "$WORK/$k/register.log")
    cash=$(json "['holders'].get('cash:$id', {}).get('money')" <"$WORK/balances.json")
    stacked=$(grep -c stacked "$WORK/$k/notes.log" 2>/dev/null)
    [ "$cash" = 10000 ] && [ "$stacked" = 1 ] && ok "store cash of kiosk $k = 100.00, its acceptor stacked $stacked note" \
        || bad "store cash of kiosk $k = $cash minor units, acceptor stacked $stacked"
    KIOSK_DATA_DIR="$WORK/$k" "$BIN/kiosk" store verify >"$WORK/$k/verify.log" 2>&1 && ok "kiosk $k ledger verifies" \
        || bad "kiosk $k ledger: $(cat "$WORK/$k/verify.log")"
done

# 6. Each kiosk reported its devices for the staff console (file printer ok, emulator ok).
reports=$(sqlite3 "$WORK/store.sqlite" "SELECT COUNT(*) FROM kiosk_status WHERE body LIKE '%\"printer\":{\"state\":\"ok\"}%'" 2>&1)
[ "$reports" = 2 ] && ok "both kiosks reported their devices to the store" \
    || bad "device reports in the store: $reports ($(sqlite3 "$WORK/store.sqlite" 'SELECT body FROM kiosk_status' 2>&1))"

# 7. The store stops answering: kiosk C cannot look up a code it does not know, so it takes no money
#    for that refill, yet it still sells a ticket; when the store is back, the sale reaches it.
kill "$STORE_PID" 2>/dev/null; wait "$STORE_PID" 2>/dev/null
k=c; mkdir -p "$WORK/$k"
KIOSK_DATA_DIR="$WORK/$k" "$BIN/kiosk" store register --url "$URL" --token-file "$WORK/$k/token" --name kiosk-c \
    >"$WORK/$k/register.log" 2>&1 && bad "registration worked with the store down" || ok "registration with the store down fails clearly: $(tail -1 "$WORK/$k/register.log")"
store_up
KIOSK_DATA_DIR="$WORK/$k" "$BIN/kiosk" store register --url "$URL" --token-file "$WORK/$k/token" --name kiosk-c \
    >"$WORK/$k/register.log" 2>&1 || bad "kiosk store register (c)"
ns=$(sed -n 's/^namespace = \([0-9]*\).*/\1/p' "$WORK/$k/register.log")
kiosk_config c "$ns"
kill "$STORE_PID" 2>/dev/null; wait "$STORE_PID" 2>/dev/null
{
    printf 'wait 4\npress startRefill\nwait 1\n'
    for ((i = 0; i < ${#CODE}; i++)); do printf 'char %s\n' "${CODE:i:1}"; done
    printf 'enter\nwait 6\npress finish\nwait 1\npress choosePlan internet-1h\nwait 200\n'
} >"$WORK/c/script"
start_kiosk c "$WORK/c/script"
if wait_log "$WORK/c/kiosk.log" "refill lookup for .* failed" 40; then
    ok "with the store down, kiosk C says the code cannot be looked up ($(grep -o 'refill lookup for .* failed' "$WORK/c/kiosk.log" | head -1))"
else bad "kiosk C did not report the failed lookup (see $WORK/c/kiosk.log)"; fi
if wait_log "$WORK/c/kiosk.log" "payment for Internet 1 hour started" 40; then
    sleep 2
    "$BIN/ccnet-emulator" ctl "$WORK/c/bv.sock" insert 100 >>"$WORK/ctl.log" 2>&1
fi
if wait_log "$WORK/c/kiosk.log" "sold Internet 1 hour: code" 30; then
    CODE_C=$(grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' "$WORK/c/kiosk.log" | head -1 | awk '{print $NF}' | tr -d -)
    ok "kiosk C sold $CODE_C with the store down"
else bad "kiosk C sold nothing with the store down (see $WORK/c/kiosk.log)"; fi
[ "$(grep -c 'payment for' "$WORK/c/kiosk.log")" = 1 ] && ok "no money was asked for the refill it could not check" \
    || bad "kiosk C started $(grep -c 'payment for' "$WORK/c/kiosk.log") payments"
store_up
# Asked as kiosk C: registered without --site it stands in site "main", and a kiosk sees only its
# own site's codes (docs/store.md, refills of another site's codes).
token_c=$(cat "$WORK/c/token")
for _ in $(seq 150); do synced "${CODE_C:-none}" && break; sleep 0.2; done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token_c" "$URL/v1/tickets/${CODE_C:-none}")
[ "$status" = 200 ] && ok "once the store is back, kiosk C's offline sale reaches it" || bad "the store never got $CODE_C (HTTP $status)"

[ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ] && [ -z "${STORE_E2E_WORK:-}" ] && rm -rf "$WORK"
finish
