#!/bin/bash
# kiosk-qemu.sh [WORK]: one customer journey with the real `kiosk run` in a real kernel. Boots
# Debian's kernel under qemu-system-x86_64 (TCG) with the kiosk (debug build) in a busybox
# initramfs: it draws on DRM (bochs-drm, -vga std), reads touch from a virtio tablet through evdev,
# and talks CCNET through the guest's second UART to ccnet-emulator running on the host (its pty is
# the UART's backend, so the kernel's 8250 driver carries the protocol). Its data folder is an ext2
# disk image. The host taps the first plan through QMP, inserts a 100 note through the emulator's
# control socket and screendumps the screens (see qemu/journey.py); the done screen's QR must be
# the sold code. After the guest powers off the host reads the disk: `kiosk store verify` must pass,
# the database must hold the sale, the note and the cash box row, and the ESC/POS receipt, read
# back by printing/escpos_decode.py, must carry the same code in its QR.
#
# WORK (default: <repo>/.work/kiosk-qemu) caches the kernel and busybox; each run's files are in
# WORK/out. Needs root for apt-get when packages are missing. Prints "kiosk-qemu: N passed, M failed" last.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${1:-${KIOSK_QEMU_WORK:-$ROOT/.work/kiosk-qemu}}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
Q=$HERE/qemu
OUT=$WORK/out
. "$HERE/lib.sh"
start_test kiosk-qemu
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
on_exit cleanup

# 1. Host packages (apt-get only for what is missing): QEMU, what guest-kernel.sh and mkinitramfs.sh
#    use, mke2fs/debugfs for the data disk, and the libraries the kiosk links (pkg-config finds them).
need_packages qemu-system-x86 cpio kmod xz-utils binutils python3 e2fsprogs zbar-tools sqlite3 fonts-dejavu-core tzdata \
  pkg-config libdrm-dev libvncserver-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libcups2-dev \
  libsqlite3-dev

# 2. Guest kernel and busybox (cached), the kiosk (debug: a release build takes far longer than the
#    journey) and the emulator, and the initramfs with the kiosk, its libraries, fonts and time zone.
"$Q/guest-kernel.sh" "$WORK" || { bad "guest kernel"; finish; }
echo "building kiosk and ccnet-emulator…"
(cd "$ROOT" && swift build --product kiosk && swift build --product ccnet-emulator) >"$WORK/build.log" 2>&1 \
  || { tail -20 "$WORK/build.log"; bad "build"; finish; }
BIN=$(cd "$ROOT" && swift build --show-bin-path)
DEJAVU=/usr/share/fonts/truetype/dejavu
# The guest's /etc/kiosk/kiosk.toml: the devices of this box (DRM, the bill acceptor on the second
# UART, receipts on the data disk); kiosk-init starts `kiosk run` with it as kiosk.service does.
printf '[devices]\ndisplay = "drm"\ncash = "/dev/ttyS1"\nreceipt_folder = "/data/receipts"\n' >"$WORK/guest-kiosk.toml"
EXTRA_MODS="virtio_blk ext4" BIN_NAME=kiosk INIT="$Q/kiosk-init" OUT=initramfs-kiosk.cpio.gz \
  EXTRA_FILES="$WORK/guest-kiosk.toml:/etc/kiosk/kiosk.toml
               $DEJAVU/DejaVuSans.ttf:$DEJAVU/DejaVuSans.ttf $DEJAVU/DejaVuSans-Bold.ttf:$DEJAVU/DejaVuSans-Bold.ttf
               /usr/share/zoneinfo/Europe/Moscow:/usr/share/zoneinfo/Europe/Moscow /usr/share/zoneinfo/UTC:/usr/share/zoneinfo/UTC" \
  "$Q/mkinitramfs.sh" "$WORK" "$BIN/kiosk" "$DEJAVU/DejaVuSans.ttf" || { bad "initramfs"; finish; }

# 3. A fresh data disk and the bill acceptor emulator on the host.
rm -rf "$OUT"; mkdir -p "$OUT"
truncate -s 64M "$OUT/data.img" && mke2fs -q -F -t ext2 "$OUT/data.img" || { bad "mke2fs"; finish; }
"$BIN/ccnet-emulator" run --link "$OUT/bv" --control "$OUT/bv.sock" >"$OUT/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "$OUT/bv" ] && [ -S "$OUT/bv.sock" ] && break; sleep 0.1; done
[ -e "$OUT/bv" ] || { bad "emulator did not start"; finish; }

# 4. The idle screen as the PNG sink draws it on the host, at the guest's mode (bochs-drm's preferred
#    mode is QEMU's EDID default, 1280x800): the guest's DRM scanout must show exactly this.
SIZE=1280x800
mkdir -p "$OUT/host"
#    Started as kiosk.service starts it: the devices from the config, the config and the data
#    folder from the environment; the font is the default one (DejaVu Sans from Debian).
printf '[devices]\ndisplay = "png"\npng_path = "%s"\nsize = "%s"\ncash = "%s"\n' "$OUT/host/idle.png" $SIZE "$OUT/bv" \
  >"$OUT/host/kiosk.toml"
KIOSK_CONFIG="$OUT/host/kiosk.toml" KIOSK_DATA_DIR="$OUT/host" "$BIN/kiosk" run --exit-after 4 >"$OUT/host/kiosk.log" 2>&1
grep -q "screen at exit: idle" "$OUT/host/kiosk.log" && [ -s "$OUT/host/idle.png" ] && ok "host PNG sink drew the idle screen at $SIZE" \
  || { bad "host render of the idle screen (see $OUT/host/kiosk.log)"; finish; }

# 5. The journey in the guest. (227,198) is the centre of the first plan button (Internet 1 hour)
#    at 1280x800, read off the idle screen.
python3 "$Q/journey.py" --work "$WORK" --out "$OUT" --disk "$OUT/data.img" --cash-pty "$(readlink "$OUT/bv")" \
  --emulator "$BIN/ccnet-emulator" --control "$OUT/bv.sock" --size $SIZE --idle-golden "$OUT/host/idle.png" \
  --tap 227,198 | tee "$OUT/journey.log"
passed=$((passed + $(grep -c '^PASS' "$OUT/journey.log")))
failed=$((failed + $(grep -c '^FAIL' "$OUT/journey.log")))
grep -q '^JOURNEY:' "$OUT/journey.log" || bad "journey.py did not finish"
code=$(cat "$OUT/sold-code" 2>/dev/null)

# 6. The data disk, read on the host after the guest's poweroff.
D=$OUT/data
mkdir -p "$D"
for f in kiosk.sqlite kiosk.sqlite-wal; do debugfs -R "dump /$f $D/$f" "$OUT/data.img" >/dev/null 2>&1; done
debugfs -R "rdump /receipts $D" "$OUT/data.img" >/dev/null 2>&1
[ -s "$D/kiosk.sqlite" ] && ok "the database is on the guest's disk" || { bad "no kiosk.sqlite on the disk"; finish; }
if KIOSK_DATA_DIR=$D "$BIN/kiosk" store verify >"$OUT/verify.log" 2>&1; then ok "store verify: ledger consistent ($(tail -1 "$OUT/verify.log"))"
else bad "store verify reported problems (see $OUT/verify.log)"; fi
q() { sqlite3 -batch -noheader "$D/kiosk.sqlite" "$1" 2>&1; }
sale=$(q "SELECT price_minor, state, replace(ticket_code, '-', '') FROM purchases")
if [ -n "$code" ] && { [ "$sale" = "10000|receipt_printed|$code" ] || [ "$sale" = "10000|completed|$code" ]; }; then
  ok "one purchase of 100.00 with the sold code, receipt printed ($sale)"
else bad "purchases: '$sale' (sold code '$code')"; fi
ticket=$(q "SELECT state, plan_id FROM tickets WHERE replace(code, '-', '') = '$code'")
[ "$ticket" = "sold|internet-1h" ] && ok "ticket $code sold for plan internet-1h" || bad "tickets: '$ticket'"
cash=$(q "SELECT (SELECT group_concat(amount_minor || ' ' || status) FROM notes), (SELECT group_concat(denomination || 'x' || count) FROM cash_box WHERE count > 0)")
[ "$cash" = "10000 stacked|10000x1" ] && ok "one 100 note stacked and counted in the cash box ($cash)" || bad "notes|cash box: '$cash'"
stacked=$(q "SELECT count(*) FROM ledger WHERE kind = 'note_stacked' AND delta = 10000")
[ "$stacked" = 1 ] && ok "the ledger credits the note once" || bad "ledger note_stacked rows with 10000: '$stacked'"

# 7. The receipt the guest wrote: ESC/POS bytes read back by the test's own decoder, QR decoded.
receipts=("$D"/receipts/*.escpos)
if [ -s "${receipts[0]}" ] && [ ${#receipts[@]} = 1 ]; then
  ok "one ESC/POS receipt on the disk ($(stat -c %s "${receipts[0]}") bytes)"
  if python3 "$HERE/printing/escpos_decode.py" "${receipts[0]}" "$OUT/receipt.pbm" >"$OUT/receipt.txt"; then
    rqr=$(zbarimg -q --raw "$OUT/receipt.pbm" 2>/dev/null | head -1 | tr -d -)
    [ -n "$code" ] && [ "$rqr" = "$code" ] && ok "the printed receipt's QR is the sold code ($rqr)" \
      || bad "receipt QR '$rqr', sold '$code'"
  else bad "the receipt's bytes do not decode: $(tail -1 "$OUT/receipt.txt")"; fi
else bad "expected one .escpos receipt in $D/receipts, found: $(ls "$D/receipts" 2>/dev/null | tr '\n' ' ')"; fi
finish
