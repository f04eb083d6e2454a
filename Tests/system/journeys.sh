#!/bin/bash
# journeys: the customer and staff journeys of one kiosk, played with scripted taps and each
# checked four ways: the kiosk's ledger (SQLite + `kiosk store verify`), the printed bytes (ESC/POS
# read back by the test's own decoder, the QR in it and in the preview), the screen (the PNG display
# and the screen the input script ended on) and the central store after the kiosk's sync.
#
# Real processes: kiosk-store (SQLite), one ccnet-emulator on a pty, and `kiosk run` registered
# with `kiosk store register`, restarted for each journey on the same database (so the cash box
# fills up across journeys and the staff collection at the end empties it):
#   1. exact cash        Internet 1 hour for one 100 note
#   2. overpayment       a 200 note for the 100 plan, [sales] overpayment = "extra_time"
#  2b. overpayment       the same note with the default policy: given back, then a 100 pays
#   3. paper out         the printer runs out of paper while the customer pays (FilePrinter's
#                        paper-out switch): the code is shown and kept, the receipt is not printed;
#                        with paper loaded, staff reprint it from the staff menu
#   4. account refill    an account made at the store, typed as a username, refilled for 100
#   5. cancel            one 100 note towards Games 3 hours (250), then Cancel: a customer credit
#   6. inactivity        the credit from 5 pays first (it is recent), one 100 note; the countdown
#                        appears 20 s before the payment times out ([sales] payment_timeout_seconds),
#                        "More time" keeps the purchase, then nobody touches the screen: the payment
#                        times out and both are kept as one credit of 200
#   7. staff collection  hidden gesture + PIN, collection form, confirm: the box is emptied
#
# Usage: Tests/system/journeys.sh   (from any folder)
# Env:   JOURNEYS_WORK=DIR working folder (default: mktemp); KEEP=1 keeps it
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test journeys
check() {  # check DESCRIPTION COMMAND...: PASS when the command succeeds
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
on_exit cleanup

# pkg-config and the -dev packages: building kiosk and kiosk-store links every C library of the package.
need_packages curl python3 sqlite3 zbar-tools pkg-config libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev \
    libdrm-dev libvncserver-dev libcups2-dev libsqlite3-dev fonts-dejavu-core

WORK=${JOURNEYS_WORK:-$(mktemp -d /tmp/journeys.XXXXXX)}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
cd "$REPO" || exit 1
BUILD_LOG=$WORK/build.log build_products kiosk kiosk-store ccnet-emulator
DECODE="$HERE/printing/escpos_decode.py"


# --- the store, its catalog, the kiosk's registration ---------------------------------------------
export KIOSK_STORE_ADMIN_TOKEN=journeys-admin-token-0123456789
"$BIN/kiosk-store" --port 0 --sqlite "$WORK/store.sqlite" --log-level warning >"$WORK/store.log" 2>&1 &
pids+=($!)
wait_log "$WORK/store.log" "listening on" 20 || { cat "$WORK/store.log"; bad "kiosk-store did not start"; finish; }
URL=$(grep -o 'http://[0-9.:]*' "$WORK/store.log" | head -1)
admin() { curl -sS -H "Authorization: Bearer $KIOSK_STORE_ADMIN_TOKEN" "$@"; }
plan() {  # plan ID NAME PRICE_MINOR UNIT QUANTITY
    printf '{"id":"%s","name":"%s","price":{"minor":%s,"currency":"RUB"},"grant":{"unit":"%s","quantity":%s},"zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}' "$@"
}
# maxNoteMinor: journey 2 keeps an overpayment, which the store believes only below the largest note.
admin -X PUT "$URL/v1/admin/catalog" -d "{\"version\":0,\"currency\":\"RUB\",\"siteTimeZone\":\"Europe/Moscow\",\"maxNoteMinor\":500000,
  \"zones\":[{\"id\":\"hall\",\"name\":\"Hall\",\"minuteCategory\":\"internet\"}],\"staff\":[],
  \"plans\":[$(plan internet-1h "Internet 1 hour" 10000 internet_minutes 60),$(plan game-3h "Games 3 hours" 25000 game_minutes 180)]}" \
    >"$WORK/catalog.json"
grep -q '"version"' "$WORK/catalog.json" || { bad "catalog upload: $(cat "$WORK/catalog.json")"; finish; }

KIOSK_DATA_DIR="$WORK" "$BIN/kiosk" store register --url "$URL" --token-file "$WORK/token" --name kiosk-j --site journeys \
    >"$WORK/register.log" 2>&1 || { cat "$WORK/register.log"; bad "kiosk store register"; finish; }
NS=$(sed -n 's/^namespace = \([0-9]*\).*/\1/p' "$WORK/register.log")
KID=$(sed -n 's/^registered kiosk \([^;]*\);.*/\1/p' "$WORK/register.log")
TOKEN=$(cat "$WORK/token")
ok "store at $URL has the catalog; kiosk $KID registered (namespace $NS)"
PIN_HASH=$(printf '%s' 24681012 | "$BIN/kiosk" staff hash-pin)

"$BIN/ccnet-emulator" run --link "$WORK/bv" --control "$WORK/bv.sock" --note-log "$WORK/notes.log" >"$WORK/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$WORK/bv.sock" ] && break; sleep 0.1; done
insert() { "$BIN/ccnet-emulator" ctl "$WORK/bv.sock" insert "$1" >>"$WORK/ctl.log" 2>&1; }

# --- one kiosk run per journey, all on $WORK/kiosk.sqlite ------------------------------------------
DB="$WORK/kiosk.sqlite"
sql() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
KPID=
# Each journey's kiosk starts as kiosk.service starts it: every device from the config's
# [devices], the config and the data folder from the environment. Only --script (the taps) and
# --exit-after (the end) drive the test; no flag chooses a device.
start_kiosk() {  # start_kiosk JOURNEY [[sales] LINES]: writes config + script first ($J/script)
    J="$WORK/$1"
    mkdir -p "$J/receipts"
    cat >"$J/kiosk.toml" <<EOF
[kiosk]
id = "$KID"
namespace = $NS

[devices]
display = "png"
png_path = "$J/screen.png"
size = "1920x1080"
cash = "$WORK/bv"
receipt_folder = "$J/receipts"
store_url = "$URL"
store_token_file = "$WORK/token"
sync_seconds = 0.5

[sales]
${2:-}

[[staff]]
name = "Anna"
pin_hash = "$PIN_HASH"
EOF
    KIOSK_CONFIG="$J/kiosk.toml" KIOSK_DATA_DIR="$WORK" "$BIN/kiosk" run --script "$J/script" --exit-after 90 \
        >"$J/kiosk.log" 2>&1 &
    KPID=$!
    pids+=($KPID)
}
stop_kiosk() { kill "$KPID" 2>/dev/null; wait "$KPID" 2>/dev/null; }
script_end() {  # script_end: waits for the input script to finish, prints the screen it ended on
    wait_log "$J/kiosk.log" "input script finished" 40 || { echo "(script did not finish)"; return; }
    sed -n 's/.*input script finished; screen: //p' "$J/kiosk.log" | head -1
}
drained() {  # drained: the kiosk's outbox is empty (every event reached the store)
    for _ in $(seq 100); do [ "$(sql "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")" = 0 ] && return 0; sleep 0.2; done
    return 1
}
sold_code() { grep -o "sold $1: code [0-9A-Z-]*" "$J/kiosk.log" | head -1 | awk '{print $NF}' | tr -d -; }
purchase_of() { sed -n "s/.*payment for $1 started, purchase \([^ ]*\).*/\1/p" "$J/kiosk.log" | head -1; }
qr_of() { zbarimg -q --raw "$1" 2>/dev/null | head -1; }
# The QR printed on paper: the ESC/POS bytes read back by the test's own decoder into an image.
paper_qr() {  # paper_qr FILE.escpos
    python3 "$DECODE" "$1" "$1.pbm" >"$1.txt" 2>&1 || { echo "(undecodable: $(head -1 "$1.txt"))"; return; }
    grep -q cut "$1.txt" || { echo "(no cut)"; return; }
    qr_of "$1.pbm"
}
ledger() { sql "SELECT COALESCE(SUM(amount), 0) FROM balances WHERE holder = '$1' AND unit = '$2'"; }
box() { sql "SELECT COALESCE(SUM(count), 0) FROM cash_box WHERE denomination = $1"; }
store_balance() {  # store_balance HOLDER UNIT (from the admin report)
    admin "$URL/v1/admin/balances" | json "['holders'].get('$1', {}).get('$2')"
}
store_ticket_minutes() {  # store_ticket_minutes CODE UNIT
    curl -s -H "Authorization: Bearer $TOKEN" "$URL/v1/tickets/$1" | json "['balances'].get('$2')" 2>/dev/null
}
verify() { KIOSK_DATA_DIR="$WORK" "$BIN/kiosk" store verify >"$J/verify.log" 2>&1; }
expect_eq() {  # expect_eq DESCRIPTION ACTUAL WANTED
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# A ticket sale through to its code on screen, on paper and at the store.
# sale_checks JOURNEY_LABEL PLAN_NAME UNIT MINUTES
sale_checks() {
    local label=$1 name=$2 unit=$3 minutes=$4 code purchase
    code=$(sold_code "$name")
    [ -n "$code" ] || { bad "$label: nothing sold (see $J/kiosk.log)"; return 1; }
    ok "$label: sold code $code"
    sleep 1.5   # the done screen's frame
    expect_eq "$label screen: the done screen's QR is the code" "$(qr_of "$J/screen.png")" "$code"
    expect_eq "$label ledger: ticket:$code holds $minutes $unit" "$(ledger "ticket:$code" "$unit")" "$minutes"
    purchase=$(purchase_of "$name")
    expect_eq "$label ledger: purchase ends with its ticket" "$(sql "SELECT ticket_code IS NOT NULL FROM purchases WHERE id = '$purchase'")" 1
    check "$label ledger: store verify passes" verify
    check "$label store: outbox drained" drained
    expect_eq "$label store: ticket $code has $minutes $unit" "$(store_ticket_minutes "$code" "$unit")" "$minutes"
    CODE=$code PURCHASE=$purchase
}

# --- 1. exact cash ---------------------------------------------------------------------------------
mkdir -p "$WORK/exact"; printf 'wait 4\npress choosePlan internet-1h\nwait 8\n' >"$WORK/exact/script"
start_kiosk exact
wait_log "$J/kiosk.log" "payment for Internet 1 hour started" 40 && { sleep 2; insert 100; }
wait_log "$J/kiosk.log" "sold Internet 1 hour: code" 20
if sale_checks "exact cash" "Internet 1 hour" internet_minutes 60; then
    expect_eq "exact cash ledger: purchase completed, receipt printed" \
        "$(sql "SELECT state || ' ' || receipt_printed FROM purchases WHERE id = '$PURCHASE'")" "completed 1"
    expect_eq "exact cash ledger: cash box has one 100 note" "$(box 10000)" 1
    receipt=$(ls "$J"/receipts/*.escpos 2>/dev/null | head -1)
    expect_eq "exact cash printed: the ESC/POS receipt's QR is the code" "$( [ -n "$receipt" ] && paper_qr "$receipt")" "$CODE"
    expect_eq "exact cash printed: the preview's QR is the code" "$(qr_of "$(ls "$J"/receipts/*.preview.png 2>/dev/null | head -1)")" "$CODE"
    expect_eq "exact cash store: cash:$KID = 100.00" "$(store_balance "cash:$KID" money)" 10000
fi
expect_eq "exact cash screen: the script ended on the done screen" "$(script_end | cut -c1-5)" "done("
stop_kiosk

# --- 2. overpayment: a 200 note for the 100 plan, kept as extra time -------------------------------
mkdir -p "$WORK/overpay"; printf 'wait 4\npress choosePlan internet-1h\nwait 8\n' >"$WORK/overpay/script"
start_kiosk overpay 'overpayment = "extra_time"'
wait_log "$J/kiosk.log" "payment for Internet 1 hour started" 40 && { sleep 2; insert 200; }
wait_log "$J/kiosk.log" "sold Internet 1 hour: code" 20
if sale_checks "overpayment" "Internet 1 hour" internet_minutes 120; then
    expect_eq "overpayment ledger: cash box has the 200 note" "$(box 20000)" 1
    expect_eq "overpayment: the acceptor stacked the 200 note (none returned)" \
        "$(grep -c stacked "$WORK/notes.log")/$(grep -c returned "$WORK/notes.log")" 2/0
    receipt=$(ls "$J"/receipts/*.escpos 2>/dev/null | head -1)
    expect_eq "overpayment printed: the ESC/POS receipt's QR is the code" "$( [ -n "$receipt" ] && paper_qr "$receipt")" "$CODE"
    expect_eq "overpayment store: cash:$KID = 300.00 (both notes)" "$(store_balance "cash:$KID" money)" 30000
fi
stop_kiosk

# --- 2b. overpayment with the default policy: the 200 note is given back, then a 100 pays -----------
mkdir -p "$WORK/overpay-return"; printf 'wait 4\npress choosePlan internet-1h\nwait 12\n' >"$WORK/overpay-return/script"
start_kiosk overpay-return
if wait_log "$J/kiosk.log" "payment for Internet 1 hour started" 40; then
    sleep 2; insert 200
    for _ in $(seq 100); do grep -q "returned 200" "$WORK/notes.log" && break; sleep 0.1; done
    insert 100
fi
wait_log "$J/kiosk.log" "sold Internet 1 hour: code" 20
if sale_checks "overpayment returned" "Internet 1 hour" internet_minutes 60; then
    expect_eq "overpayment returned: the acceptor gave the 200 back and stacked the 100" \
        "$(tail -2 "$WORK/notes.log" | awk '{print $3, $4}' | tr '\n' ,)" "returned 200,stacked 100,"
    expect_eq "overpayment returned ledger: cash box 2 × 100, 1 × 200" "$(box 10000)/$(box 20000)" 2/1
    receipt=$(ls "$J"/receipts/*.escpos 2>/dev/null | head -1)
    expect_eq "overpayment returned printed: the ESC/POS receipt's QR is the code" "$( [ -n "$receipt" ] && paper_qr "$receipt")" "$CODE"
    expect_eq "overpayment returned store: cash:$KID = 400.00" "$(store_balance "cash:$KID" money)" 40000
fi
stop_kiosk

# --- 3. printer out of paper while the customer pays -----------------------------------------------
mkdir -p "$WORK/paperout"
{   # the sale; then, once the test has loaded paper, staff reprint the receipt the customer missed
    printf 'wait 4\npress choosePlan internet-1h\nwait 10\nscreen\npress finish\nwait 1\n'
    printf 'tap 34 1046\ntap 1886 1046\ntap 34 1046\ntap 1886 1046\n'; printf 'char %s\n' 2 4 6 8 1 0 1 2
    printf 'enter\nwait 6\npress reprintLastReceipt\nwait 2\n'
} >"$WORK/paperout/script"
start_kiosk paperout
if wait_log "$J/kiosk.log" "payment for Internet 1 hour started" 40; then
    touch "$J/receipts/paper-out"   # the roll runs out now
    sleep 2; insert 100
fi
wait_log "$J/kiosk.log" "sold Internet 1 hour: code" 20
if sale_checks "paper out" "Internet 1 hour" internet_minutes 60; then
    check "paper out: the sale says the receipt was not printed (paper out)" grep -q "sold Internet 1 hour: code.*receipt paperOut" "$J/kiosk.log"
    expect_eq "paper out ledger: purchase completed, receipt not printed" \
        "$(sql "SELECT state || ' ' || receipt_printed FROM purchases WHERE id = '$PURCHASE'")" "completed 0"
    expect_eq "paper out printed: nothing reached the paper" "$(ls "$J"/receipts/*.escpos 2>/dev/null | wc -l)" 0
    expect_eq "paper out store: cash:$KID = 500.00" "$(store_balance "cash:$KID" money)" 50000
fi
wait_log "$J/kiosk.log" "script: screen:" 30
screen=$(sed -n 's/.*script: screen: //p' "$J/kiosk.log" | head -1)
case "$screen" in done*paperOut*) ok "paper out screen: the code stays on the done screen, which says paper out";;
                  *) bad "paper out screen: was '${screen:0:120}'";; esac
rm -f "$J/receipts/paper-out"   # a new roll
if wait_log "$J/kiosk.log" "staff reprinted receipt" 30; then
    receipt=$(ls "$J"/receipts/*.escpos 2>/dev/null | head -1)
    expect_eq "paper out printed: with paper loaded, the staff reprint carries the code" "$( [ -n "$receipt" ] && paper_qr "$receipt")" "$CODE"
else bad "paper out: no staff reprint (see $J/kiosk.log)"; fi
screen=$(script_end)
case "$screen" in staffMessage*receiptReprinted*) ok "paper out screen: staff see the receipt reprinted";;
                  *) bad "paper out screen: ended on '${screen:0:120}'";; esac
stop_kiosk

# --- 4. refill of an account the kiosk has never seen ----------------------------------------------
admin -X POST "$URL/v1/admin/accounts" -d '{"username":"olga","password":"olga-secret-1","kind":"prepaid","zones":[],
  "opening":[{"unit":"internet_minutes","quantity":30}]}' >"$WORK/account.json"
expect_eq "refill: account olga created at the store with 30 minutes" \
    "$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/v1/accounts/olga" | json "['balances'].get('internet_minutes')" 2>/dev/null)" 30
mkdir -p "$WORK/refill"
printf 'wait 4\npress startRefill\nwait 1\npress setEntryMode username\nchar o\nchar l\nchar g\nchar a\nenter\nwait 4\npress chooseRefillPlan internet-1h\nwait 8\n' \
    >"$WORK/refill/script"
start_kiosk refill
if wait_log "$J/kiosk.log" "payment for Internet 1 hour started" 60; then
    ok "refill: the kiosk found olga at the store and offered the refill"
    sleep 2; insert 100
    wait_log "$J/kiosk.log" "refilled" 20 && ok "refill: the note went into olga's account" || bad "refill: nothing refilled (see $J/kiosk.log)"
else bad "refill: no refill payment started (see $J/kiosk.log)"; fi
check "refill ledger: store verify passes" verify
expect_eq "refill ledger: account:olga got 60 minutes here" "$(ledger account:olga internet_minutes)" 60
expect_eq "refill ledger: cash box has four 100 notes" "$(box 10000)" 4
receipt=$(ls "$J"/receipts/*.escpos 2>/dev/null | head -1)
if [ -n "$receipt" ] && python3 "$DECODE" "$receipt" "$receipt.pbm" >"$receipt.txt" 2>&1 && grep -q cut "$receipt.txt"; then
    ok "refill printed: a receipt that decodes and is cut ($(grep -o 'raster [0-9x]*' "$receipt.txt" | head -1))"
else bad "refill printed: no valid receipt in $J/receipts"; fi
check "refill store: outbox drained" drained
expect_eq "refill store: olga has 30 + 60 minutes" \
    "$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/v1/accounts/olga" | json "['balances'].get('internet_minutes')" 2>/dev/null)" 90
screen=$(script_end)
case "$screen" in refillDone*olga*) ok "refill screen: ended on the refill-done screen for olga";;
                  *) bad "refill screen: ended on '${screen:0:120}'";; esac
stop_kiosk

# Customer credit checks shared by cancel and inactivity: CREDIT_ID from the log.
credit_checks() {  # credit_checks LABEL MINOR: sets CREDIT
    local label=$1 minor=$2 credit purchase
    credit=$(sed -n 's/.*payment for Games 3 hours cancelled, customer credit \([^ ]*\).*/\1/p' "$J/kiosk.log" | head -1)
    CREDIT=$credit
    [ -n "$credit" ] || { bad "$label: no customer credit kept (see $J/kiosk.log)"; return; }
    ok "$label: the money was kept as customer credit $credit"
    purchase=$(purchase_of "Games 3 hours")
    expect_eq "$label ledger: the purchase ends cancelled with credit" "$(sql "SELECT state FROM purchases WHERE id = '$purchase'")" cancelled_with_credit
    expect_eq "$label ledger: open credit of $minor minor units" "$(sql "SELECT amount_minor || ' ' || state FROM customer_credits WHERE id = '$credit'")" "$minor open"
    check "$label ledger: store verify passes" verify
    expect_eq "$label printed: no receipt" "$(ls "$J"/receipts/*.escpos 2>/dev/null | wc -l)" 0
    check "$label store: outbox drained" drained
    expect_eq "$label store: credit:$KID:$credit holds $minor" "$(store_balance "credit:$KID:$credit" money)" "$minor"
}

# --- 5. cancel after one note ----------------------------------------------------------------------
mkdir -p "$WORK/cancel"; printf 'wait 4\npress choosePlan game-3h\nwait 7\npress cancel\nwait 2\n' >"$WORK/cancel/script"
start_kiosk cancel
wait_log "$J/kiosk.log" "payment for Games 3 hours started" 40 && { sleep 2; insert 100; }
wait_log "$J/kiosk.log" "payment for Games 3 hours cancelled" 20
credit_checks cancel 10000
CANCEL_CREDIT=$CREDIT
screen=$(script_end)
case "$screen" in notice\(*cancelled\(keptCredit:\ Optional\(100.00\ RUB\)\)\)*) ok "cancel screen: ended on the cancelled notice naming the kept 100.00";;
                  *) bad "cancel screen: ended on '${screen:0:160}'";; esac
stop_kiosk

# --- 6. inactivity on the payment screen with one note in -----------------------------------------
# A 30 s timeout counts down from 10 s after the note (it goes in 2–6 s after the plan is chosen).
# "More time" 18 s after choosing lands inside that countdown and starts the 30 s again, so 19 s
# later, past when the first timeout would have fired, the payment is still on screen.
mkdir -p "$WORK/timeout"
printf 'wait 4\npress choosePlan game-3h\nwait 18\nscreen\npress moreTime\nscreen\nwait 19\nscreen\nwait 16\n' >"$WORK/timeout/script"
start_kiosk timeout 'payment_timeout_seconds = 30'
wait_log "$J/kiosk.log" "payment for Games 3 hours started" 40 && { sleep 2; insert 100; }
wait_log "$J/kiosk.log" "script: press moreTime" 40
wait_log "$J/kiosk.log" "payment for Games 3 hours cancelled" 60
screens=$(grep "script: screen: " "$J/kiosk.log")
check "inactivity screen: the payment counts down with More time" \
    grep -q "screen: payment(.*\[countdown [0-9]* s, More time\]" <<<"$(sed -n 1p <<<"$screens")"
check "inactivity screen: More time keeps the payment, the countdown gone" \
    bash -c '[[ "$1" == *"screen: payment("* && "$1" != *countdown* ]]' _ "$(sed -n 2p <<<"$screens")"
check "inactivity screen: still paying 19 s after More time" grep -q "screen: payment(" <<<"$(sed -n 3p <<<"$screens")"
# The cancel's credit is recent, so the restarted kiosk keeps it on screen and it pays first.
check "inactivity: the credit kept at the cancel went towards the plan" grep -q "kept credit $CANCEL_CREDIT of 100.00 RUB goes towards Games 3 hours" "$J/kiosk.log"
credit_checks inactivity 20000
expect_eq "inactivity ledger: the cancel's credit is redeemed" "$(sql "SELECT state FROM customer_credits WHERE id = '$CANCEL_CREDIT'")" redeemed
expect_eq "inactivity store: the cancel's credit is spent there too" "$(store_balance "credit:$KID:$CANCEL_CREDIT" money)" 0
expect_eq "inactivity store: cash:$KID = 800.00, the redeemed 100 counted once" "$(store_balance "cash:$KID" money)" 80000
screen=$(script_end)
case "$screen" in idle*) ok "inactivity screen: back to idle by itself";;
                  *) bad "inactivity screen: ended on '${screen:0:160}'";; esac
expect_eq "inactivity ledger: the cash box holds 6 × 100 and 1 × 200" "$(box 10000)/$(box 20000)" 6/1

# --- 7. staff collection ---------------------------------------------------------------------------
stop_kiosk
mkdir -p "$WORK/collect"
{
    printf 'wait 4\ntap 34 1046\ntap 1886 1046\ntap 34 1046\ntap 1886 1046\n'
    printf 'char %s\n' 2 4 6 8 1 0 1 2; printf 'enter\nwait 3\n'
    printf 'press staffOpen collection\nwait 1\npress editCollectionField collector\n'
    printf 'char %s\n' a n n a; printf 'enter\nwait 0.5\npress editCollectionField bag\n'
    printf 'char %s\n' 7 7 1; printf 'enter\nwait 0.5\npress confirmCollection\nwait 3\n'
} >"$WORK/collect/script"
start_kiosk collect
wait_log "$J/kiosk.log" "staff mode opened by Anna" 40 && ok "collection: gesture + PIN opened staff mode" || bad "collection: no staff mode (see $J/kiosk.log)"
if wait_log "$J/kiosk.log" "cash collection recorded" 30; then
    ok "collection: recorded ($(sed -n 's/.*cash collection recorded: //p' "$J/kiosk.log" | cut -c1-100))"
else bad "collection: nothing recorded (see $J/kiosk.log)"; fi
expect_eq "collection ledger: cash_collections row 1 of 800.00 by anna, seal 771" \
    "$(sql "SELECT sequence || ' ' || counted_minor || ' ' || expected_minor || ' ' || collector || ' ' || seal FROM cash_collections")" \
    "1 80000 80000 anna 771"
expect_eq "collection ledger: the cash box counts are back to 0" "$(sql "SELECT COALESCE(SUM(count), 0) FROM cash_box")" 0
check "collection ledger: store verify passes" verify
wait_log "$J/kiosk.log" "collection slip 1" 10
slip=$(ls "$J"/receipts/*collection*.escpos 2>/dev/null | head -1)
expect_eq "collection printed: the slip's ESC/POS QR names the collection" "$( [ -n "$slip" ] && paper_qr "$slip")" "collection:$KID:1"
expect_eq "collection printed: the slip's preview QR names the collection" \
    "$(qr_of "$(ls "$J"/receipts/*collection*.preview.png 2>/dev/null | head -1)")" "collection:$KID:1"
screen=$(script_end)
case "$screen" in staffMessage*collectionRecorded\(800.00\ RUB\)*) ok "collection screen: staff see the collection recorded (800.00)";;
                  *) bad "collection screen: ended on '${screen:0:160}'";; esac
check "collection store: outbox drained" drained
expect_eq "collection store: cash:$KID back to 0" "$(store_balance "cash:$KID" money)" 0
stop_kiosk

[ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ] && [ -z "${JOURNEYS_WORK:-}" ] && rm -rf "$WORK"
finish
