#!/bin/bash
# browser: the staff console driven in headless Chromium (Debian's chromium), as staff use it.
#
# Starts a private cupsd (Tests/system/printing/write-conf.sh) with one driver queue, "sheets",
# whose file:// device captures the PDF it is sent, and kiosk-store on a free loopback port with
# an owner and a cashier made by `kiosk-store users add`. Then browser/drive.py (Chrome DevTools
# Protocol over --remote-debugging-pipe, standard library only) clicks and types through the
# console: 5 wrong passwords lock the cashier out, the owner logs in, sets up a zone, a plan and a
# sales window, generates 50 vouchers, prints them on the queue (every QR on the captured pages
# is one of the 50), downloads the PDF (the same), finds them in the report, blocks a code (the
# PC API refuses it) and voids a kiosk sale. Screenshots: WORK/shots/*.png.
#
# Usage: Tests/system/browser.sh          (from any folder; root installs what is missing)
# Env:   BROWSER_WORK=DIR  working folder (default: mktemp under /tmp; kept on failure or KEEP=1)
#        KIOSK_STORE=PATH  use this kiosk-store binary instead of building one
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test browser

# --- what the test needs --------------------------------------------------------------------
need_commands chromium:chromium cupsd:cups-daemon lpadmin:cups-client pdftoppm:poppler-utils pdfinfo:poppler-utils \
              zbarimg:zbar-tools python3:python3 curl:curl
need_files /usr/lib/cups/filter/pdftopdf:cups-filters /usr/include/cups/cups.h:libcups2-dev \
           /usr/lib/cups/backend/socket:cups /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
# Building kiosk-store links the graphics, printing and SQLite libraries (pkg-config finds them).
[ -n "${KIOSK_STORE:-}" ] || need_packages pkg-config libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev \
  libqrencode-dev

# --- the store ------------------------------------------------------------------------------
S=$(kiosk_binary kiosk-store "${KIOSK_STORE:-}") || { bad "kiosk-store was not built"; finish; }

B=${BROWSER_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/browser.XXXXXX")}
mkdir -p "$B"; B=$(cd "$B" && pwd)
PORT=$((20000 + RANDOM % 20000))
"$HERE/printing/write-conf.sh" "$B" "$PORT" || { bad "write cupsd configuration"; finish; }
export CUPS_SERVER=$B/run/cups.sock
cleanup() {
  for f in "$B/run/store.pid" "$B/run/cupsd.pid"; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$B"; else echo "working folder kept: $B (screenshots in $B/shots)"; fi
}
on_exit cleanup

/usr/sbin/cupsd -f -c "$B/etc/cupsd.conf" -s "$B/etc/cups-files.conf" > "$B/log/cupsd.stdout" 2>&1 < /dev/null &
echo $! > "$B/run/cupsd.pid"
for _ in $(seq 200); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.05; done
lpstat -r 2>/dev/null | grep -q 'is running' || { tail -20 "$B/log/error_log"; bad "cupsd did not start"; finish; }
lpadmin -p sheets -E -v "file://$B/out/sheet.pdf" -P "$HERE/printing/pdf-to-file.ppd" || { bad "lpadmin sheets"; finish; }
ok "private cupsd on $CUPS_SERVER with queue 'sheets' capturing to $B/out/sheet.pdf"

export ADMIN_TOKEN=browser-admin-token-$RANDOM$RANDOM
export OWNER_PASSWORD=owner-$RANDOM-$RANDOM-pass CASHIER_PASSWORD=cashier-$RANDOM-$RANDOM-pass
DB=$B/store.sqlite
if printf '%s\n' "$OWNER_PASSWORD" | "$S" users add olga --role owner --sqlite "$DB" >/dev/null \
   && printf '%s\n' "$CASHIER_PASSWORD" | "$S" users add carl --role cashier --sqlite "$DB" >/dev/null \
   && [ "$("$S" users list --sqlite "$DB" | tr '\t\n' ': ')" = "carl:cashier olga:owner " ]; then
  ok "kiosk-store users add: owner olga and cashier carl (passwords from standard input)"
else bad "kiosk-store users add"; finish; fi
if printf 'short\n' | "$S" users add shorty --role cashier --sqlite "$DB" >/dev/null 2>&1; then bad "a 5-character password was accepted"
else ok "a short console password is refused"; fi

KIOSK_STORE_ADMIN_TOKEN=$ADMIN_TOKEN "$S" --port 0 --sqlite "$DB" --cups-server "$CUPS_SERVER" > "$B/log/store.log" 2>&1 < /dev/null &
echo $! > "$B/run/store.pid"
url=""
for _ in $(seq 200); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$B/log/store.log" | head -1) && [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { cat "$B/log/store.log"; bad "kiosk-store did not start"; finish; }
ok "kiosk-store --port 0 --sqlite … listens on $url (the server runs as before without a subcommand)"

# --- the browser ------------------------------------------------------------------------------
out=$(cd "$HERE/browser" && timeout 150 python3 drive.py "$url" "$B" "$(command -v chromium)" 2>&1)
echo "$out" | grep -E '^(PASS|FAIL) ' || true
passed=$((passed + $(echo "$out" | grep -c '^PASS ')))
failed=$((failed + $(echo "$out" | grep -c '^FAIL ')))
if ! echo "$out" | grep -q '^PASS logged out'; then echo "$out" | grep -vE '^(PASS|FAIL) ' | tail -20; bad "the browser scenario did not finish"; fi
if grep -q 'console_locked_out' "$B/log/store.log" && grep -q 'sale voided' "$B/log/store.log"; then
  ok "the store logged the lockout and the void"
else bad "lockout or void missing from the store's log"; fi
[ "${KEEP:-0}" = 1 ] && echo "screenshots: $B/shots"
finish
