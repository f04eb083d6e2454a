#!/bin/bash
# mkinitramfs.sh WORK PROBE FONT: builds WORK/initramfs.cpio.gz from busybox-static, the display and
# input kernel modules (with their dependencies) of the kernel extracted in WORK/kernel, the probe
# and its shared-library closure (ldd: Debian ships no static HarfBuzz/FreeType), its font, and ./init.
#
# Other guests reuse it through the environment (defaults build the display probe's guest):
#   EXTRA_MODS="virtio_blk ext4"   more kernel modules (with their dependencies), loaded after the rest
#   BIN_NAME=kiosk                 the binary's name in the guest's /bin (default kiosk-display-probe)
#   INIT=PATH                      the guest's /init (default ./init)
#   EXTRA_FILES="HOST:GUEST ..."   more files copied in at GUEST
#   OUT=NAME                       WORK/NAME (default initramfs.cpio.gz), built in WORK/rootfs-NAME
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$1
PROBE=$2
FONT=$3
K=$(cat "$WORK/kver")
KROOT=$WORK/kernel
BIN_NAME=${BIN_NAME:-kiosk-display-probe}
OUT=${OUT:-initramfs.cpio.gz}
R=$WORK/rootfs
[ "$OUT" = initramfs.cpio.gz ] || R=$WORK/rootfs-${OUT%%.*}
# cirrusfb (legacy fbdev, real panning) comes after cirrus DRM, which claims the device unless skipped.
MODS="bochs virtio-gpu cirrus evdev virtio_pci virtio_input cirrusfb ${EXTRA_MODS:-}"
rm -rf "$R"
mkdir -p "$R/bin" "$R/sbin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/etc" "$R/lib/modules/$K"
cp "$WORK/busybox/bin/busybox" "$R/bin/busybox"
for a in $("$R/bin/busybox" --list); do
  [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
done
# Module closure in load order (the guest has no modprobe configuration: plain insmod).
depmod -b "$KROOT" "$K"
: > "$R/etc/insmod.list"
for m in $MODS; do
  modprobe -d "$KROOT" -S "$K" --show-depends "$m" | awk '$1=="insmod"{print $2}'
done | awk '!seen[$0]++' | while read -r ko; do
  rel=${ko#"$KROOT"/}
  mkdir -p "$R/$(dirname "$rel")"
  cp "$ko" "$R/$rel"
  echo "/$rel" >> "$R/etc/insmod.list"
done
# The probe and every shared library it loads, at the same paths as on the host.
cp "$PROBE" "$R/bin/$BIN_NAME"
strip "$R/bin/$BIN_NAME" 2>/dev/null || true
ldd "$PROBE" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | while read -r lib; do
  mkdir -p "$R/$(dirname "$lib")"
  cp -L "$lib" "$R/$lib"
  strip --strip-unneeded "$R/$lib" 2>/dev/null || true
done
mkdir -p "$R/usr/share/kiosk/fonts"
cp "$FONT" "$R/usr/share/kiosk/fonts/DejaVuSans.ttf"
for pair in ${EXTRA_FILES:-}; do
  mkdir -p "$R/$(dirname "${pair#*:}")"
  cp -L "${pair%%:*}" "$R/${pair#*:}"
done
cp "${INIT:-$HERE/init}" "$R/init"
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet) | gzip -1 > "$WORK/$OUT"
echo "$OUT: $(du -h "$WORK/$OUT" | cut -f1), $(wc -l < "$R/etc/insmod.list") modules"
