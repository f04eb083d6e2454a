#!/bin/bash
# printing-cups: the kiosk's printing adapter against a real, private cupsd.
#
# Starts (and stops, by pid) a cupsd on loopback with its own socket and folders, a fake network
# ESC/POS printer that captures bytes and answers the paper sensor, and these queues:
#   receipt   raw socket:// queue to the fake printer
#   receipt2  escpos:// queue through this test's backend, which reports paper-out as media-empty-error
#   dead      socket:// to a port nobody listens on, contimeout=2, printer-error-policy=abort-job
#   sheets    driver queue (own PPD) writing the PDF it gets to a file
# and drives the Swift side through the `kiosk-print` executable (built here). Captured bytes are
# read back by the test's own ESC/POS reader (printing/escpos_decode.py), raster becomes a PBM
# image and zbarimg must decode the QR in it to the code that was sold.
#
# Usage: Tests/system/printing-cups.sh          (from any folder; root or an ordinary user)
# Env:   PRINTING_WORK=DIR  working folder (default: mktemp under /tmp; as root lp must reach it)
#        PRINTING_PORT=N    cupsd port (N+1 fake printer, N+2 dead printer; default random)
#        KEEP=1             keep the working folder even when everything passed
#        KIOSK_PRINT=PATH   use this kiosk-print binary instead of building one
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FIX=$HERE/printing
. "$HERE/lib.sh"
start_test printing-cups

# --- what the test needs --------------------------------------------------------------------
need_commands cupsd:cups-daemon lpadmin:cups-client pdftoppm:poppler-utils zbarimg:zbar-tools qrencode:qrencode \
              python3:python3 runuser:util-linux
# Debian ships the socket:// backend in "cups".
need_files /usr/lib/cups/filter/pdftopdf:cups-filters /usr/include/cups/cups.h:libcups2-dev /usr/lib/cups/backend/socket:cups
# Building kiosk-print links the graphics and printing libraries (pkg-config finds them).
[ -n "${KIOSK_PRINT:-}" ] || need_packages pkg-config libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev

# --- the Swift side -------------------------------------------------------------------------
P=$(kiosk_binary kiosk-print "${KIOSK_PRINT:-}") || { bad "kiosk-print was not built"; finish; }

# --- private cupsd, fake printer, queues ------------------------------------------------------
PORT=${PRINTING_PORT:-$((20000 + RANDOM % 20000))}; PPORT=$((PORT + 1)); DEADPORT=$((PORT + 2))
B=${PRINTING_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/printing-cups.XXXXXX")}
mkdir -p "$B"; B=$(cd "$B" && pwd)
"$FIX/write-conf.sh" "$B" "$PORT" || { bad "write cupsd configuration"; finish; }
mkdir -p "$B/in" "$B/kept" "$B/decoded"; chmod 755 "$B/in"
FLAG=$B/run/paper-out
export CUPS_SERVER=$B/run/cups.sock
cleanup() {
  for f in "$B/run/cupsd.pid" "$B/run/listener.pid" "$B/run/job.pid"; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$B"; else echo "working folder kept: $B"; fi
}
on_exit cleanup
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

python3 "$FIX/escpos_listener.py" "$PPORT" "$B/out" "$FLAG" > "$B/log/listener.log" 2>&1 < /dev/null &
echo $! > "$B/run/listener.pid"
t0=$(now)
/usr/sbin/cupsd -f -c "$B/etc/cupsd.conf" -s "$B/etc/cups-files.conf" > "$B/log/cupsd.stdout" 2>&1 < /dev/null &
echo $! > "$B/run/cupsd.pid"
for _ in $(seq 200); do
  lpstat -r 2>/dev/null | grep -q 'is running' && break
  kill -0 "$(cat "$B/run/cupsd.pid")" 2>/dev/null || break
  sleep 0.05
done
if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  cat "$B/log/error_log" "$B/log/cupsd.stdout" 2>/dev/null | tail -20; bad "cupsd did not start"; finish
fi
until grep -q listening "$B/log/listener.log" 2>/dev/null; do sleep 0.02; done
echo "cupsd ready after $(since "$t0")s on $CUPS_SERVER (user $(id -un))"
# socket:// needs the slash before ?contimeout (without it: "Bad device-uri").
lpadmin -p receipt -E -v "socket://127.0.0.1:$PPORT/?contimeout=10" -m raw -o printer-error-policy=abort-job 2>/dev/null
lpadmin -p receipt2 -E -v "escpos://127.0.0.1:$PPORT" -m raw 2>/dev/null
lpadmin -p dead -E -v "socket://127.0.0.1:$DEADPORT/?contimeout=2" -m raw -o printer-error-policy=abort-job 2>/dev/null
lpadmin -p sheets -E -v "file://$B/out/sheet.pdf" -P "$FIX/pdf-to-file.ppd"

# Waits for the fake printer's capture number $1 (it is written when the sender closes).
capture() { for _ in $(seq 100); do [ -s "$B/out/capture-$1.bin" ] && { echo "$B/out/capture-$1.bin"; return 0; }; sleep 0.05; done; return 1; }
decode() { python3 "$FIX/escpos_decode.py" "$1" "$2" > "$2.txt"; local rc=$?; cat "$2.txt" | grep -v '^text' | head -3 | sed 's/^/    /'; return $rc; }

# --- 0. queue discovery through libcups --------------------------------------------------------
out=$("$P" queues 2>&1)
if echo "$out" | grep -q '4 queue' && echo "$out" | grep -q "receipt2 escpos://"; then ok "queue discovery: $(echo "$out" | head -1)"
else echo "$out"; bad "queue discovery"; fi

# --- 1. raster on the raw queue: bytes identical, image identical, QR decodes --------------------
PAYLOAD=KIOSK-RASTER-$RANDOM
qrencode -t ASCII -m 2 "$PAYLOAD" | python3 "$FIX/qr-pbm.py" 6 > "$B/in/qr.pbm"
if "$P" raster receipt "$B/in/qr.pbm" --width 576 --save-bytes "$B/in/raster.bin" --timeout 30 > "$B/log/raster.log" 2>&1 \
   && c=$(capture 1) && cmp -s "$B/in/raster.bin" "$c"; then
  ok "raw queue: $(grep completed "$B/log/raster.log"), captured bytes identical"
  if decode "$c" "$B/decoded/raster.pbm" && [ "$(zbarimg -q --raw "$B/decoded/raster.pbm" 2>/dev/null)" = "$PAYLOAD" ]; then
    ok "raster decoded by the test's parser; zbarimg reads '$PAYLOAD'"
  else bad "raster QR did not decode"; fi
else cat "$B/log/raster.log"; bad "raw raster job"; fi

# --- 2. a plain-text receipt carries the sold code as text and as the printer's QR ---------------
if "$P" receipt receipt --mode text --width 576 --save-bytes "$B/in/text.bin" --timeout 30 > "$B/log/text.log" 2>&1 \
   && c=$(capture 2) && cmp -s "$B/in/text.bin" "$c"; then
  code=$(awk '/^code /{print $2}' "$B/log/text.log")
  grouped=$(echo "$code" | sed -E 's/(....)/\1-/g; s/-$//')
  if decode "$c" "$B/decoded/text.pbm" && grep -qx "qr $code" "$B/decoded/text.pbm.txt" && grep -q -- "$grouped" "$B/decoded/text.pbm.txt"; then
    ok "text receipt: code $grouped printed and stored in GS ( k; $(grep completed "$B/log/text.log")"
  else bad "text receipt content (code $code)"; fi
else cat "$B/log/text.log"; bad "text receipt job"; fi

# --- 2b. the kiosk's raster receipt (KioskGraphics text + QR): zbarimg reads the sold code --------
if "$P" receipt receipt --mode raster --width 576 --save-bytes "$B/in/receipt.bin" --timeout 30 > "$B/log/receipt.log" 2>&1 \
   && c=$(capture 3) && cmp -s "$B/in/receipt.bin" "$c"; then
  code=$(awk '/^code /{print $2}' "$B/log/receipt.log")
  if decode "$c" "$B/decoded/receipt.pbm" && [ "$(zbarimg -q --raw "$B/decoded/receipt.pbm" 2>/dev/null)" = "$code" ]; then
    ok "raster receipt 576 dots: captured bytes identical, parser -> image, zbarimg reads the sold code $code"
  else bad "raster receipt QR does not decode to $code"; fi
else cat "$B/log/receipt.log"; bad "raster receipt job"; fi

# --- 3. paper out: learnt from printer-state-reasons, job completes after paper returns ----------
touch "$FLAG"
t=$(now)
"$P" receipt receipt2 --mode raster --width 384 --save-bytes "$B/in/paper.bin" --status-probe "127.0.0.1:$PPORT" \
     --timeout 60 > "$B/log/paper.log" 2>&1 &
echo $! > "$B/run/job.pid"
seen=""
for _ in $(seq 300); do
  seen=$(grep -m1 'media-empty-error' "$B/log/paper.log") && break
  sleep 0.05
done
if [ -n "$seen" ]; then
  delay=$(echo "$seen" | sed -E 's/^t=([0-9.]+)s.*/\1/')
  ok "paper out reported to the kiosk by printer-state-reasons ${delay}s after print (job timeout 60s): $(echo "$seen" | sed 's/.*-> //')"
else bad "media-empty-error never reached the kiosk"; fi
sleep 0.5
rm -f "$FLAG"; reloaded=$(now)
if wait "$(cat "$B/run/job.pid")"; then
  rm -f "$B/run/job.pid"
  if c=$(capture 4) && cmp -s "$B/in/paper.bin" "$c" && grep -q 'paper sensor ok' "$B/log/paper.log"; then
    ok "paper reloaded: job completed $(since "$reloaded")s later, bytes identical, paper sensor confirmed"
  else cat "$B/log/paper.log"; bad "bytes after paper reload"; fi
else rm -f "$B/run/job.pid"; cat "$B/log/paper.log"; bad "paper-out job did not complete after reload"; fi

# --- 3a. a stuck job (paper never comes back) is cancelled after the kiosk's timeout, code kept ------
touch "$FLAG"
t=$(now); rc=0
"$P" receipt receipt2 --mode text --timeout 3 --keep "$B/kept" > "$B/log/stuck.log" 2>&1 || rc=$?
took=$(since "$t")
rm -f "$FLAG"
sleep 0.3
if [ $rc = 3 ] && grep -q 'did not finish within 3' "$B/log/stuck.log" && ls "$B/kept"/*.json >/dev/null 2>&1 \
   && job=$(grep -o 'job receipt2-[0-9]*' "$B/log/stuck.log" | head -1 | cut -d' ' -f2) && [ -n "$job" ] \
   && ! lpstat -W not-completed -o receipt2 2>/dev/null | grep -q "^$job " && [ ! -e "$B/out/capture-5.bin" ]; then
  ok "stuck job $job cancelled by the kiosk after ${took}s (timeout 3s), no longer queued, nothing printed, code kept"
else cat "$B/log/stuck.log"; lpstat -W all -o receipt2; bad "stuck job (rc=$rc)"; fi
rm -f "$B/kept"/*.json

# --- 3b. CUPS says completed, the paper sensor says the roll ended: not counted as printed -------
touch "$FLAG"
rc=0; "$P" receipt receipt --mode text --status-probe "127.0.0.1:$PPORT" --keep "$B/kept" --timeout 30 > "$B/log/ranout.log" 2>&1 || rc=$?
rm -f "$FLAG"
if [ $rc = 3 ] && grep -q 'ran out of paper' "$B/log/ranout.log" && [ -n "$(ls "$B/kept")" ]; then
  ok "completed job with paper sensor 'roll ended' reported as failed, code kept"
else cat "$B/log/ranout.log"; bad "paper sensor after completion (rc=$rc)"; fi
rm -f "$B/kept"/*.json
capture 5 >/dev/null

# --- 4. dead printer: job aborted, code kept, staff reprint works --------------------------------
t=$(now); rc=0
"$P" receipt dead --mode text --keep "$B/kept" --timeout 60 > "$B/log/dead.log" 2>&1 || rc=$?
deadcode=$(awk '/^code /{print $2}' "$B/log/dead.log")
if [ $rc = 3 ] && grep -q 'was aborted' "$B/log/dead.log" && ls "$B/kept"/*.json >/dev/null 2>&1; then
  ok "dead printer: job aborted after $(since "$t")s, code $deadcode kept for reprint"
else cat "$B/log/dead.log"; bad "dead printer (rc=$rc)"; fi
if "$P" reprint receipt --kept "$B/kept" --mode text --timeout 30 > "$B/log/reprint.log" 2>&1 \
   && c=$(capture 6) && decode "$c" "$B/decoded/reprint.pbm" >/dev/null && grep -qx "qr $deadcode" "$B/decoded/reprint.pbm.txt" \
   && [ -z "$(ls "$B/kept")" ]; then
  ok "staff reprint on 'receipt': $(head -1 "$B/log/reprint.log")"
else cat "$B/log/reprint.log"; bad "staff reprint"; fi

# --- 5. voucher cards on the PDF queue: the PDF renders with pdftoppm and every QR decodes ---------
t=$(now)
if "$P" cards sheets --count 10 --stock a4 --format pdf --first-code-file "$B/in/first-code" --timeout 60 > "$B/log/cards.log" 2>&1 \
   && head -c 5 "$B/out/sheet.pdf" | grep -q '%PDF-'; then
  cp "$B/out/sheet.pdf" "$B/decoded/cards.pdf"
  pdftoppm -r 203 -png -f 1 -l 1 "$B/decoded/cards.pdf" "$B/decoded/cards" && page=$(ls "$B"/decoded/cards-*.png | head -1)
  found=$(zbarimg -q --raw "$page" 2>/dev/null | sort)
  if [ "$(echo "$found" | grep -c .)" = 10 ] && echo "$found" | grep -qx "$(cat "$B/in/first-code")"; then
    ok "10 cards on A4 via the PDF queue: $(grep completed "$B/log/cards.log"); pdftoppm page shows 10 QR codes, first $(cat "$B/in/first-code")"
  else echo "$found"; bad "A4 card sheet: $(echo "$found" | grep -c .) QR codes decoded"; fi
else cat "$B/log/cards.log"; bad "A4 card sheet job"; fi
: > "$B/out/sheet.pdf"   # emptied, not removed: cupsd does not create a file device's output
if "$P" cards sheets --count 1 --stock card --format png --credential account --first-code-file "$B/in/first-user" --timeout 60 > "$B/log/card.log" 2>&1 \
   && head -c 5 "$B/out/sheet.pdf" | grep -q '%PDF-'; then
  pdftoppm -r 203 -png -singlefile "$B/out/sheet.pdf" "$B/decoded/card"
  if [ "$(zbarimg -q --raw "$B/decoded/card.png" 2>/dev/null)" = "$(cat "$B/in/first-user")" ]; then
    ok "card-stock PNG through CUPS' image filters: QR reads $(cat "$B/in/first-user")"
  else bad "card-stock PNG QR"; fi
else cat "$B/log/card.log"; bad "card-stock PNG job"; fi

echo "total $(since "$t0")s"
finish
