#!/bin/bash
# appliance: the kiosk appliance image (kiosk/image/build.sh) booted under QEMU (TCG, UEFI) as a
# box boots it, with a real systemd, the units and udev rules of the real .deb, real CUPS, real DRM.
#
#   1. scripts/package --fast builds kiosk_V_amd64.deb from the debug build (as package.sh does);
#   2. kiosk/image/build.sh --test-copy makes the image and the test's copy, cached in
#      $KIOSK_CACHE/appliance by the hash of their inputs (the .deb, kiosk/image/, mmdebstrap,
#      the apt sources): a warm run builds nothing;
#   3. on the host: kiosk-store with a catalog, ccnet-emulator on a pty (QEMU's usb-serial, FTDI
#      0403:6001 with a serial number, is the guest's adapter to it), a capture of the receipt
#      printer's jobs (CUPS' socket backend → guestfwd → a file per job);
#   4. qemu/appliance.py boots a qcow2 overlay of the test's copy (the cached image is never
#      written) with no command: systemd starts kiosk.service, READY=1 shows as "Started" in the
#      journal (the test copy forwards it to ttyS0). Then the technician's steps of docs/deploy.md
#      through the test copy's shell on ttyS1 (service mode, the queue's device, `kiosk doctor
#      --pin-cash`, `kiosk store register`, the config); a second usb-serial adapter plugged in
#      gets no /dev/kiosk/cash; a QMP tap and a note sell a ticket (screendump QR = sold code);
#      SIGSTOP of the kiosk: systemd's watchdog kills it within WatchdogSec, the restarted kiosk
#      sells again; a staff collection on the touch screen (bottom corners, PIN keypad, form);
#   5. here: each receipt the printer got (ESC/POS, decoded by printing/escpos_decode.py) carries
#      its sold code in its QR; the store has both sales and the collection;
#   6. a second boot of the same image with kiosk.service masked times Debian's own boot to a
#      login prompt; the script prints both timings and the image's size (docs/deploy.md).
#
# Usage: Tests/system/appliance.sh        (as root: mmdebstrap, image files' owners)
# Env:   KIOSK_CACHE=DIR  the image cache (default ~/.cache/kiosk)
#        KIOSK=, KIOSK_STORE=, CCNET_EMULATOR=  binaries to use instead of building them
#        PLANT=no-freeze,no-pin  show that the checks can fail (either or both): no-freeze: the
#                         kiosk is not frozen, so no watchdog restart comes; no-pin: the pin is
#                         replaced by a rule linking every FTDI adapter, as before the pin existed
#        BARE=0           skip the bare boot;  KEEP=1  keep the working folder
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test appliance

[ "$(id -u)" = 0 ] || { bad "must run as root: mmdebstrap and the image's file owners need it"; finish; }
need_packages qemu-system-x86 ovmf qemu-utils socat zbar-tools python3 curl openssl zstd mmdebstrap e2fsprogs mtools dosfstools \
  fdisk dpkg-dev patchelf binutils help2man
W=$(mktemp -d /tmp/appliance.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null
  done
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$W"; else echo "working folder kept: $W"; fi
}
on_exit cleanup
step_started=$SECONDS
TOOK=""
mark() { TOOK="($((SECONDS - step_started)) s)"; step_started=$SECONDS; }   # the seconds of the step that ends here

# --- 1. the package ---------------------------------------------------------------------------------
KIOSK_BIN=$(kiosk_binary kiosk "${KIOSK:-}") || { bad "kiosk was not built"; finish; }
STORE_BIN=$(kiosk_binary kiosk-store "${KIOSK_STORE:-}") || { bad "kiosk-store was not built"; finish; }
EMU=$(kiosk_binary ccnet-emulator "${CCNET_EMULATOR:-}") || { bad "ccnet-emulator was not built"; finish; }
mkdir -p "$W/bin" && cp "$KIOSK_BIN" "$STORE_BIN" "$W/bin/"
if "$REPO/scripts/package" --bin "$W/bin" --fast --out "$W/debs" > "$W/package.log" 2>&1; then
  DEB=$(ls "$W"/debs/kiosk_*_amd64.deb)
  mark; ok "scripts/package --fast: $(basename "$DEB") $TOOK"
else tail -20 "$W/package.log"; bad "scripts/package failed"; finish; fi

# --- 2. the image -----------------------------------------------------------------------------------
if "$REPO/kiosk/image/build.sh" --deb "$DEB" --test-copy > "$W/image.log" 2>&1; then
  IMG_DIR=$(sed -n 's/^image: //p' "$W/image.log" | tail -1)
  grep -E '^\[|^cached' "$W/image.log" | sed 's/^/    /'
  mark; ok "kiosk/image/build.sh: $IMG_DIR $TOOK"
else tail -30 "$W/image.log"; bad "kiosk/image/build.sh failed"; finish; fi
. "$IMG_DIR/layout.env"
IMG=$IMG_DIR/appliance.img TEST_IMG=$IMG_DIR/appliance-test.img
# The image's size: the disk, the blocks it really uses (sparse), zstd -3 of it (what one would download).
echo "SIZE image $(( $(stat -c %s "$IMG") / 1048576 )) MiB disk, $(du -m "$IMG" | cut -f1) MiB allocated, $(zstd -T0 -3 -c "$IMG" 2>/dev/null | wc -c | awk '{ printf "%.0f", $1 / 1048576 }') MiB zstd -3"
# The run's disks: qcow2 overlays, so the cached images are never written. The bare boot's copy
# differs in one file, the ESP's loader.conf (default bare.conf: kiosk.service masked).
qemu-img create -q -f qcow2 -b "$TEST_IMG" -F raw "$W/kiosk.qcow2" || { bad "qemu-img create"; finish; }
BARE_ARGS=()
if [ "${BARE:-1}" = 1 ]; then
  cp --sparse=always "$TEST_IMG" "$W/bare.img"
  printf 'default bare.conf\ntimeout 0\neditor no\n' > "$W/loader.conf"
  MTOOLS_SKIP_CHECK=1 mcopy -o -i "$W/bare.img@@${ESP_START_MB}M" "$W/loader.conf" ::/loader/loader.conf &&
    qemu-img create -q -f qcow2 -b "$W/bare.img" -F raw "$W/bare.qcow2" && BARE_ARGS=(--bare-disk "$W/bare.qcow2") ||
    bad "the bare boot's copy"
fi

# --- 3. the host side: store, bill acceptor, receipt printer ---------------------------------------
# The store is off the kiosk's loopback, so the kiosk speaks HTTPS to it and trusts only the CA in
# its config: a self-signed certificate naming the address the guest uses (and this machine's).
ADMIN=appliance-admin-token-0123456789
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=appliance-store \
  -addext subjectAltName=IP:10.0.2.100,IP:127.0.0.1 -keyout "$W/tls.key" -out "$W/tls.crt" > "$W/openssl.log" 2>&1 \
  || { cat "$W/openssl.log"; bad "openssl could not make the store's certificate"; finish; }
KIOSK_STORE_ADMIN_TOKEN=$ADMIN "$STORE_BIN" --port 0 --sqlite "$W/store.sqlite" --tls-cert "$W/tls.crt" --tls-key "$W/tls.key" \
  --log-level warning > "$W/store.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on" "$W/store.log" && break; sleep 0.1; done
URL=$(grep -o 'https://[0-9.:]*' "$W/store.log" | head -1)
[ -n "$URL" ] || { cat "$W/store.log"; bad "kiosk-store did not start"; finish; }
admin() { curl -sS --cacert "$W/tls.crt" -H "Authorization: Bearer $ADMIN" "$@"; }
plan() {  # plan ID NAME PRICE_MINOR UNIT QUANTITY
  printf '{"id":"%s","name":"%s","price":{"minor":%s,"currency":"RUB"},"grant":{"unit":"%s","quantity":%s},"zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}' "$@"
}
admin -X PUT "$URL/v1/admin/catalog" -d "{\"version\":0,\"currency\":\"RUB\",\"siteTimeZone\":\"Europe/Moscow\",\"maxNoteMinor\":500000,
  \"zones\":[{\"id\":\"hall\",\"name\":\"Hall\",\"minuteCategory\":\"internet\"}],\"staff\":[],
  \"plans\":[$(plan internet-1h "Internet 1 hour" 10000 internet_minutes 60),$(plan game-3h "Games 3 hours" 25000 game_minutes 180)]}" \
  > "$W/catalog.json"
grep -q '"version"' "$W/catalog.json" && ok "kiosk-store on $URL with a catalog (the guest reaches it as 10.0.2.100:8443)" \
  || { bad "catalog upload: $(cat "$W/catalog.json")"; finish; }
PIN_HASH=$(printf '%s' 24681012 | "$KIOSK_BIN" staff hash-pin)

"$EMU" run --link "$W/bv" --control "$W/bv.sock" --note-log "$W/notes.log" > "$W/emulator.log" 2>&1 < /dev/null &
PIDS+=($!)
for _ in $(seq 100); do [ -e "$W/bv" ] && [ -S "$W/bv.sock" ] && break; sleep 0.05; done
[ -e "$W/bv" ] || { bad "ccnet-emulator did not start"; finish; }
# The receipt printer: QEMU runs this for each connection to 10.0.2.101:9100 (a guestfwd), with
# the connection as its standard input: each CUPS job becomes one file.
mkdir -p "$W/receipts"
printf '#!/bin/sh\nexec cat > "%s/job-$(date +%%s%%N).bin"\n' "$W/receipts" > "$W/capture-receipt"
chmod 755 "$W/capture-receipt"

# --- 4. the boots -------------------------------------------------------------------------------------
# Tap positions at bochs-drm's 1280x800 (QEMU's EDID default), read off the screendumps: the first
# plan; the staff PIN keypad's 2 4 6 8 1 0 1 2 and OK; the staff menu's "Cash collection", the
# collector field, a n n a on the on-screen keyboard, OK, the bag field, 7 7 1, OK, "Confirm collection".
PIN_TAPS="639,239 430,313 848,313 639,387 430,239 639,461 430,239 639,239 848,461"
COLLECT_TAPS="330,175 954,309 86,335 640,400 640,400 86,335 949,740 954,403 824,205 824,205 86,205 949,740 949,740"
python3 "$HERE/qemu/appliance.py" --disk "$W/kiosk.qcow2" "${BARE_ARGS[@]}" --out "$W/out" \
  --cash-pty "$(readlink "$W/bv")" --emulator "$EMU" --control "$W/bv.sock" \
  --store-port "${URL##*:}" --admin-token "$ADMIN" --store-ca "$W/tls.crt" --pin-hash "$PIN_HASH" --capture "$W/capture-receipt" \
  --tap 227,198 --pin-taps "$PIN_TAPS" --collect-taps "$COLLECT_TAPS" \
  --plant "${PLANT:-}" 2>&1 | tee "$W/appliance.log"
passed=$((passed + $(grep -c '^PASS' "$W/appliance.log")))
failed=$((failed + $(grep -c '^FAIL' "$W/appliance.log")))
grep -q '^APPLIANCE:' "$W/appliance.log" || bad "appliance.py did not finish"

# --- 5. paper and store -------------------------------------------------------------------------------
for n in "" -2; do
  code=$(cat "$W/out/sold-code$n" 2>/dev/null)
  [ -n "$code" ] || continue
  found=""
  for job in "$W"/receipts/job-*.bin; do
    [ -s "$job" ] || continue
    python3 "$HERE/printing/escpos_decode.py" "$job" "$job.pbm" > "$job.txt" 2>&1 || continue
    [ "$(zbarimg -q --raw "$job.pbm" 2>/dev/null | head -1 | tr -d -)" = "$code" ] && found=$job
  done
  [ -n "$found" ] && ok "the receipt printed through the guest's CUPS queue 'receipt' ($(stat -c %s "$found") ESC/POS bytes) carries $code in its QR" \
    || bad "no printed receipt carries $code (jobs: $(ls "$W/receipts" | tr '\n' ' '))"
done
echo "store's balances:"; admin "$URL/v1/admin/balances" | python3 -m json.tool | head -40 | sed 's/^/    /'
finish
