#!/bin/bash
# guest-kernel.sh WORK: puts the test guest's kernel and userland in WORK (cached between runs):
# Debian's generic -amd64 kernel (the -cloud one has no DRM drivers), only extracted, as WORK/vmlinux
# with its modules under WORK/kernel and its version in WORK/kver; busybox-static in WORK/busybox.
set -euo pipefail
WORK=$1
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
# busybox-static for the guest: downloaded and extracted, not installed (it conflicts with busybox).
if [ ! -x "$WORK/busybox/bin/busybox" ]; then
  mkdir -p "$WORK/debs"
  ls "$WORK"/debs/busybox-static_*.deb >/dev/null 2>&1 || (cd "$WORK/debs" && apt-get download busybox-static)
  rm -rf "$WORK/busybox"; dpkg-deb -x "$WORK"/debs/busybox-static_*.deb "$WORK/busybox"
fi
