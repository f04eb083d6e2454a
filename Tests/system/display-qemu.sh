#!/bin/bash
# display-qemu.sh [WORK]: the display adapters against a real kernel. Boots Debian's kernel under
# qemu-system-x86_64 (TCG) with kiosk-display-probe in a busybox initramfs, on bochs-drm (-vga std),
# virtio-gpu and cirrus (16 bpp fbdev); each through DRM and, in a second boot, through fbdev. Every
# QMP screendump must equal the committed golden test card pixel for pixel (which the probe's own PNG
# sink must also reproduce on the host), and taps injected on a virtio tablet must reach the probe
# through evdev: a tap on the button leads to screen 2, a tap on empty space changes nothing.
#
# WORK (default: <repo>/.work/display-qemu) caches the kernel .deb, vmlinux and the initramfs.
# Needs root for apt-get when packages are missing. Prints "display-qemu: N passed, M failed" last.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${1:-${DISPLAY_QEMU_WORK:-$ROOT/.work/display-qemu}}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
Q=$HERE/qemu
GOLD=$Q/golden
pass=0; fail=0
# check NAME CMD...: runs CMD, counts it as passed (exit 0) or failed.
check() { local name=$1; shift; if "$@"; then pass=$((pass+1)); echo "PASS $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }
finish() { echo "display-qemu: $pass passed, $fail failed"; [ "$fail" = 0 ] && [ "$pass" -gt 0 ]; }
start=$(date +%s)

# 1. Host packages (apt-get only for what is missing).
need=()
for p in qemu-system-x86 cpio busybox-static kmod xz-utils binutils python3 libdrm-dev libvncserver-dev \
         libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# 2. Guest kernel: Debian's generic -amd64 flavour (the -cloud one has no DRM drivers), only extracted.
if [ ! -s "$WORK/vmlinux" ]; then
  K=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-\(.*-amd64\)$/\1/p' | head -1)
  [ -n "$K" ] || { apt-get update -qq; K=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: linux-image-\(.*-amd64\)$/\1/p' | head -1); }
  [ -n "$K" ] || { echo "cannot resolve the guest kernel version (apt-cache depends linux-image-amd64)"; exit 1; }
  echo "$K" > "$WORK/kver"
  mkdir -p "$WORK/debs"
  ls "$WORK"/debs/linux-image-"$K"_*.deb >/dev/null 2>&1 || (cd "$WORK/debs" && apt-get download "linux-image-$K")
  rm -rf "$WORK/kernel"; dpkg-deb -x "$WORK"/debs/linux-image-"$K"_*.deb "$WORK/kernel"
  # The uncompressed vmlinux boots directly (PVH), about 2 s faster under TCG than the bzImage.
  off=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().find(b'\xfd7zXZ\x00')+1)" "$WORK/kernel/boot/vmlinuz-$K")
  tail -c +"$off" "$WORK/kernel/boot/vmlinuz-$K" | xz -dc > "$WORK/vmlinux" 2>/dev/null || true
  [ -s "$WORK/vmlinux" ] || { echo "vmlinux extraction failed"; exit 1; }
fi
mkdir -p "$WORK/busybox/bin"; cp /bin/busybox "$WORK/busybox/bin/busybox"

# 3. The probe (release: it draws under TCG) and the initramfs around it.
swift build -c release --product kiosk-display-probe --package-path "$ROOT" 2>&1 | tail -1
BIN=$(swift build -c release --product kiosk-display-probe --package-path "$ROOT" --show-bin-path)/kiosk-display-probe
"$Q/mkinitramfs.sh" "$WORK" "$BIN"

# 4. The comparator must reject a frame one pixel off, and the probe's PNG must be the golden.
check "comparator rejects a frame shifted by one pixel" python3 "$Q/pixels.py" selftest "$GOLD/test-card-1024x768-screen1.png"
for s in 1 2; do
  "$BIN" --sink png --png "$WORK/host-screen$s.png" --size 1024x768 --screen $s --input none >/dev/null
  check "host PNG sink renders golden screen $s" \
    python3 "$Q/pixels.py" compare "$GOLD/test-card-1024x768-screen$s.png" "$WORK/host-screen$s.png"
done

# 5. Six boots: three display devices, each through DRM and through fbdev, each with the tap test.
for display in std virtio cirrus; do
  for sink in drm fbdev; do
    check "qemu $display $sink: screendumps equal goldens, taps reach the probe" \
      python3 "$Q/boot.py" --work "$WORK" --display $display --sink $sink --taps --timeout 45 \
        --golden1 "$GOLD/test-card-1024x768-screen1.png" --golden2 "$GOLD/test-card-1024x768-screen2.png"
  done
done
echo "total $(( $(date +%s) - start )) s"
finish
