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
. "$HERE/lib.sh"
start_test display-qemu
WORK=${1:-${DISPLAY_QEMU_WORK:-$ROOT/.work/display-qemu}}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
Q=$HERE/qemu
GOLD=$Q/golden
# check NAME CMD...: runs CMD, counts it as passed (exit 0) or failed.
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

# 1. Host packages (apt-get only for what is missing): QEMU, what guest-kernel.sh and mkinitramfs.sh
#    use (cpio, depmod/modprobe, xz, strip), and the libraries the probe links (pkg-config finds them).
need_packages qemu-system-x86 cpio kmod xz-utils binutils python3 pkg-config libdrm-dev libvncserver-dev \
  libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev

# 2. Guest kernel and busybox (cached in WORK).
"$Q/guest-kernel.sh" "$WORK"

# 3. The probe (release: it draws under TCG) and the initramfs around it.
swift build -c release --product kiosk-display-probe --package-path "$ROOT" 2>&1 | tail -1
BIN=$(swift build -c release --product kiosk-display-probe --package-path "$ROOT" --show-bin-path)/kiosk-display-probe
FONT=$ROOT/Assets/fonts/DejaVuSans.ttf
"$Q/mkinitramfs.sh" "$WORK" "$BIN" "$FONT"

# 4. The probe's PNG sink must render the committed goldens (UPDATE_GOLDEN=1 rewrites them after a
#    deliberate change of the test card), and the comparator must reject a frame one pixel off.
for r in 0 90; do
  for s in 1 2; do
    g=$GOLD/test-card-1024x768-r$r-screen$s.png
    "$BIN" --sink png --png "$WORK/host-r$r-screen$s.png" --size 1024x768 --rotate $r --screen $s --input none \
      --font "$FONT" >/dev/null
    [ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$WORK/host-r$r-screen$s.png" "$g"
    check "host PNG sink renders golden r$r screen $s" python3 "$Q/pixels.py" compare "$g" "$WORK/host-r$r-screen$s.png"
  done
done
G="$GOLD/test-card-1024x768-r0"
check "comparator rejects a frame shifted by one pixel" python3 "$Q/pixels.py" selftest "$G-screen1.png"

# 5. Seven boots: three display devices, each through DRM and through fbdev, each with the tap test,
#    plus cirrusfb. Variations ride along:
#    - bochs DRM: a second probe started meanwhile must be refused DRM master;
#    - bochs fbdev: a twice-as-tall virtual screen, which the sink must NOT pan on (DRM's fbdev
#      emulation flushes only the first screen's lines on Linux 6.1, a second page stays black);
#    - virtio DRM: the tablet is unplugged and another hot-plugged before the taps;
#    - cirrus DRM: a portrait kiosk, the UI drawn 768x1024 and shown rotated 90 degrees;
#    - cirrusfb (native fbdev, cirrus DRM left out, 16 bpp): pan double buffering.
boot() { python3 "$Q/boot.py" --work "$WORK" --taps --timeout 45 "$@"; }
R0=(--golden1 "$G-screen1.png" --golden2 "$G-screen2.png")
R90=(--golden1 "$GOLD/test-card-1024x768-r90-screen1.png" --golden2 "$GOLD/test-card-1024x768-r90-screen2.png")
check "qemu bochs-drm DRM: screendumps equal goldens, taps arrive, second DRM master refused" \
  boot --display std --sink drm --busy-check "${R0[@]}"
check "qemu bochs-drm fbdev: screendumps equal goldens, taps arrive, no pan on emulated fbdev" \
  boot --display std --sink fbdev --append drm_kms_helper.drm_fbdev_overalloc=200 --expect-fbdev single "${R0[@]}"
check "qemu virtio-gpu DRM: screendumps equal goldens, taps arrive through a hot-plugged tablet" \
  boot --display virtio --sink drm --hotplug "${R0[@]}"
check "qemu virtio-gpu fbdev: screendumps equal goldens, taps arrive" \
  boot --display virtio --sink fbdev "${R0[@]}"
check "qemu cirrus DRM rotated 90: screendumps equal rotated goldens, taps follow the rotation" \
  boot --display cirrus --sink drm --rotate 90 "${R90[@]}"
check "qemu cirrus fbdev (rgb565): screendumps equal goldens, taps arrive" \
  boot --display cirrus --sink fbdev "${R0[@]}"
check "qemu cirrusfb (rgb565): pan double buffering, screendumps equal goldens, taps arrive" \
  boot --display cirrus --sink fbdev --expect-fbdev double \
    --append "skipmods=cirrus cirrusfb.mode_option=1024x768-16@60" "${R0[@]}"
finish
