#!/bin/bash
# kiosk/image/build.sh: the kiosk appliance, a bootable Debian 12 disk image (docs/deploy.md,
# "The appliance image"). From Debian's packages and the kiosk's own .deb:
#
#   GPT disk: 1 ESP (FAT, systemd-boot, the kernel and initrd)  2 root (ext4, mounted read-only)
#             3 data (ext4, /var/lib/kiosk: the ledger, the store token; read-write)
#   systemd as init, the kiosk installed with `apt install ./kiosk_*.deb` as docs/deploy.md says
#   (udev rules and kiosk.service with it), CUPS with the queue `receipt`, getty masked on tty1
#   (the kiosk's VT) and no login prompts on VT switches, journal in RAM, systemd-networkd (DHCP).
#
# Why mmdebstrap: it is what Tests/system/package.sh already uses (one tool, one cache), it makes a
# root from Debian's packages alone in one command without loop devices, and its hooks run in the
# root with /proc and /dev mounted for it and unmounted after. The disk is put together without
# mounting anything: `mke2fs -d` fills each ext4 file system from a folder, mtools fills the FAT
# one, sfdisk writes the partition table, dd places the partitions. debootstrap needs more steps
# for the same root, mkosi (Debian 12's is v14) wants loop devices or systemd-repart for the disk.
#
# Usage: kiosk/image/build.sh --deb kiosk_V_amd64.deb [--root-password-file FILE] [--test-copy] [--out DIR]
#   --deb FILE     the kiosk package to install (scripts/package makes it)
#   --root-password-file FILE
#                  the technician's way into a box: FILE holds a crypt(3) hash for root (e.g.
#                  `openssl passwd -6 > FILE`), a login prompt on tty2 and a boot menu entry
#                  "service mode" (kiosk.service masked: while the kiosk holds the screen another
#                  VT does not show); a key held at power-on shows systemd-boot's menu. Without
#                  this option the image has no login at all.
#   --test-copy    also make the test's copy (appliance-test.img): the same root plus what
#                  Tests/system/appliance.sh needs to watch and drive it (a shell on ttyS1, the
#                  journal and a login prompt on the serial console ttyS0). Never ship that one.
#   --out DIR      where the images are cached (default: $KIOSK_CACHE/appliance, KIOSK_CACHE
#                  defaulting to ~/.cache/kiosk), in a folder named by the hash of the inputs:
#                  the .deb, this folder's files (script and package list), mmdebstrap's version
#                  and this machine's apt sources. A second run with the same inputs builds nothing.
#                  The newest $KIOSK_IMAGE_KEEP (default 3) image folders and 2 base roots are kept.
# Prints the image folder on its last line ("image: DIR"); it holds appliance.img (ship this),
# appliance-test.img with --test-copy, layout.env (partition offsets, UUIDs, the kiosk's uid) and
# build.log. Needs root (mmdebstrap's root mode, file owners) and mmdebstrap, e2fsprogs, mtools,
# dosfstools, fdisk (installed when missing).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DEB="" TEST_COPY=0 OUT="" ROOT_HASH_FILE=""
while [ $# -gt 0 ]; do
  case $1 in
    --deb) DEB=$2; shift 2 ;;
    --test-copy) TEST_COPY=1; shift ;;
    --root-password-file) ROOT_HASH_FILE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: $0 --deb kiosk_V_amd64.deb [--test-copy] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -s "$DEB" ] || { echo "build.sh: --deb names no file" >&2; exit 2; }
ROOT_HASH=""
if [ -n "$ROOT_HASH_FILE" ]; then
  ROOT_HASH=$(head -1 "$ROOT_HASH_FILE")
  [[ $ROOT_HASH == \$* ]] || { echo "build.sh: $ROOT_HASH_FILE holds no crypt(3) hash (openssl passwd -6)" >&2; exit 2; }
fi
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (mmdebstrap, file owners)" >&2; exit 2; }
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
missing=()
for pair in mmdebstrap:mmdebstrap mke2fs:e2fsprogs mcopy:mtools mkfs.vfat:dosfstools sfdisk:fdisk; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- the cache keys -------------------------------------------------------------------------------
# Two layers, so that a new kiosk build does not fetch and unpack Debian again:
#   the base root: minbase + `packages` + what the .deb depends on (its Depends: field, not its
#     bytes), as a tar in $CACHE/appliance-base, keyed by the package list, mmdebstrap's version,
#     this machine's apt sources and the base recipe below (about 4 minutes to make);
#   the images: the base + `apt install ./kiosk_*.deb` + files/, keyed by the base's key, the
#     .deb's hash and this folder's files (about a minute and a half).
mapfile -t PACKAGES < <(sed -e 's/#.*//' -e '/^ *$/d' "$HERE/packages")
# The .deb's Depends:, each one's first alternative, without versions: Debian 12's are new enough.
mapfile -t DEB_DEPENDS < <(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/ //g' | sed '/^$/d' | LC_ALL=C sort -u)
BASE_RECIPE="base recipe 1: minbase, no recommends, MODULES=most"
BASE_KEY=$( { echo "$BASE_RECIPE"; printf '%s\n' "${PACKAGES[@]}" "${DEB_DEPENDS[@]}"; mmdebstrap --version
              cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true
            } | sha256sum | cut -c1-16)
KEY=$( { echo "$BASE_KEY"; sha256sum < "$DEB"; echo "root password: $ROOT_HASH"; cat "$HERE"/build.sh
         find "$HERE/files" "$HERE/test-copy" -type f | LC_ALL=C sort | xargs sha256sum | sed "s|$HERE/||"
       } | sha256sum | cut -c1-16)
CACHE=${KIOSK_CACHE:-$HOME/.cache/kiosk}
OUT=${OUT:-$CACHE/appliance}
IMG_DIR=$OUT/$KEY
if [ -s "$IMG_DIR/appliance.img" ] && { [ "$TEST_COPY" = 0 ] || [ -s "$IMG_DIR/appliance-test.img" ]; }; then
  echo "cached: the inputs are unchanged"
  echo "image: $IMG_DIR"
  exit 0
fi
mkdir -p "$OUT" "$CACHE/appliance-base" "$CACHE/appliance-apt-archives"
W=$(mktemp -d "$OUT/.build.XXXXXX")
# On failure the log is kept beside the cache ($OUT/last-failed-build.log).
trap 'status=$?; [ $status = 0 ] || { cp "$W/build.log" "$OUT/last-failed-build.log" 2>/dev/null; echo "build.sh: failed (status $status), log: $OUT/last-failed-build.log" >&2; }; rm -rf --one-file-system "$W"' EXIT
R=$W/root
LOG=$W/build.log
started=$SECONDS
say() { echo "[$((SECONDS - started)) s] $*" | tee -a "$LOG"; }

# --- 1. the base root, from the cache or made ----------------------------------------------------------
# mmdebstrap in a mount namespace of its own: whatever it mounts goes with it. apt's downloads are
# kept in $CACHE/appliance-apt-archives (sync-in before, sync-out after), so a new base after a
# change of the list fetches only what is new. initramfs-tools is told MODULES=most before the
# kernel is installed (the default, but said: the initrd must boot any box, not the build machine).
BASE_TAR=$CACHE/appliance-base/base-$BASE_KEY.tar
if [ -s "$BASE_TAR" ]; then
  say "base root: cached $(basename "$BASE_TAR")"
else
  say "base root: mmdebstrap, Debian 12 minbase + ${#PACKAGES[@]} packages + the kiosk's ${#DEB_DEPENDS[@]} dependencies"
  unshare -m --propagation private -- mmdebstrap --variant=minbase --mode=root --format=tar --skip=download/empty \
    --include="$(IFS=,; echo "${PACKAGES[*]},${DEB_DEPENDS[*]}")" \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives"' --setup-hook="sync-in $CACHE/appliance-apt-archives /var/cache/apt/archives" \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=most > "$1/etc/initramfs-tools/conf.d/kiosk-appliance"' \
    --customize-hook="sync-out /var/cache/apt/archives $CACHE/appliance-apt-archives" \
    bookworm "$BASE_TAR.new" >> "$LOG" 2>&1 || { tail -30 "$LOG"; rm -f "$BASE_TAR.new"; echo "build.sh: mmdebstrap failed" >&2; exit 1; }
  mv "$BASE_TAR.new" "$BASE_TAR"
  say "base root made: $(du -h "$BASE_TAR" | cut -f1)"
fi

# --- 2. the kiosk, as docs/deploy.md installs it ----------------------------------------------------------
# `apt install ./kiosk_V_amd64.deb` in the root (a chroot in a mount namespace; policy-rc.d keeps
# daemons from starting there). Its Depends are in the base, and so are its Recommends (systemd,
# udev, cups-daemon, cups-client are in `packages`): apt adds the package alone, offline.
mkdir -p "$R" && tar -C "$R" --numeric-owner -xpf "$BASE_TAR"
cp "$DEB" "$R/tmp/kiosk.deb"
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d" && chmod 755 "$R/usr/sbin/policy-rc.d"
unshare -m --propagation private -- /bin/sh -c '
  set -e
  mount -t proc proc "$1/proc"
  mount --rbind /dev "$1/dev"
  exec chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends /tmp/kiosk.deb' in-root "$R" >> "$LOG" 2>&1 \
  || { tail -20 "$LOG"; echo "build.sh: apt install ./kiosk.deb failed" >&2; exit 1; }
rm -f "$R/tmp/kiosk.deb" "$R/usr/sbin/policy-rc.d"
say "root: $(du -sh --apparent-size "$R" | cut -f1), $(chroot "$R" dpkg-query -W -f '${Package}\n' | wc -l) packages, kiosk $(chroot "$R" dpkg-query -W -f '${Version}' kiosk)"

# --- 2. the appliance's own settings ----------------------------------------------------------------
ROOT_UUID=$(cat /proc/sys/kernel/random/uuid) DATA_UUID=$(cat /proc/sys/kernel/random/uuid)
ESP_ID=$(printf '%08X' $((RANDOM * 65536 + RANDOM)))
KIOSK_UID=$(chroot "$R" id -u kiosk) KIOSK_GID=$(chroot "$R" id -g kiosk)
# files/: fstab template, journald, logind, networkd, wait-online, the CUPS queue (see each file).
cp -a "$HERE/files/." "$R/"
chown -R root:root "$R/etc/systemd" "$R/etc/cups/printers.conf" 2>/dev/null || true
sed -i -e "s/@ROOT_UUID@/$ROOT_UUID/" -e "s/@DATA_UUID@/$DATA_UUID/" "$R/etc/fstab"
chown root:lp "$R/etc/cups/printers.conf" && chmod 0600 "$R/etc/cups/printers.conf"
# No login prompt on the kiosk's VT (as kiosk/install.sh does; the package's drop-in does the
# same while the kiosk is enabled, the mask holds even if it is disabled on the box).
chroot "$R" systemctl mask getty@tty1.service >> "$LOG" 2>&1
chroot "$R" systemctl enable systemd-networkd.service >> "$LOG" 2>&1
# The technician's login, when asked for: root's password and a login prompt on tty2 (logind
# starts none by itself: NAutoVTs=0). tty1 stays the kiosk's.
if [ -n "$ROOT_HASH" ]; then
  chroot "$R" usermod -p "$ROOT_HASH" root
  chroot "$R" systemctl enable getty@tty2.service >> "$LOG" 2>&1
fi
# The random seed file cannot be saved on the read-only root; the kernel (6.1) seeds itself.
chroot "$R" systemctl mask systemd-random-seed.service >> "$LOG" 2>&1
[ -L "$R/etc/systemd/system/multi-user.target.wants/kiosk.service" ] || { echo "build.sh: the package did not enable kiosk.service" >&2; exit 1; }
# The read-only root: an empty machine-id makes systemd use a fresh one per boot in RAM, the
# data partition's mount point belongs to the kiosk as the package made it.
: > "$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
echo kiosk > "$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tkiosk\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$R/etc/hosts"
rm -rf "$R/var/cache/apt/archives/"*.deb "$R/var/lib/apt/lists/"* "$R/tmp/"*
# What the ESP gets: the kernel and initrd the packages installed.
KVER=$(ls "$R/lib/modules" | head -1)
[ -s "$R/boot/vmlinuz-$KVER" ] && [ -s "$R/boot/initrd.img-$KVER" ] || { echo "build.sh: no kernel or initrd in the root" >&2; exit 1; }
say "settings applied: kernel $KVER, kiosk uid $KIOSK_UID"

# --- 3. the partitions --------------------------------------------------------------------------------
MiB=$((1024 * 1024))
ESP_MB=160 DATA_MB=256
used_mb=$(( $(du -s --block-size=1M "$R" | cut -f1) ))
ROOT_MB=$(( (used_mb * 13 / 10 + 64 + 15) / 16 * 16 ))   # 30 % and 64 MiB free, for inodes and the journal

# The kernel command line: root by UUID, read-only (fstab says the same), fsck repairs what a
# power cut left, a kernel panic reboots after 10 s, no blinking cursor on the kiosk's VT.
CMDLINE="root=UUID=$ROOT_UUID ro rootfstype=ext4 fsck.repair=yes panic=10 quiet loglevel=3 systemd.show_status=false vt.global_cursor_default=0"
make_esp() {  # make_esp FILE ENTRY_OPTIONS: a FAT file system with systemd-boot, kernel, initrd, one entry
  rm -f "$1"
  mkfs.vfat -C -F 32 -n KIOSK-ESP -i "$ESP_ID" "$1" $((ESP_MB * 1024)) >> "$LOG" 2>&1
  export MTOOLS_SKIP_CHECK=1
  mmd -i "$1" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries
  mcopy -i "$1" "$R/usr/lib/systemd/boot/efi/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
  mcopy -i "$1" "$R/boot/vmlinuz-$KVER" ::/vmlinuz
  mcopy -i "$1" "$R/boot/initrd.img-$KVER" ::/initrd.img
  # timeout 0: no menu (a key held at power-on shows it); the editor off: no one at the box edits
  # the kernel command line (init=/bin/sh) from a USB keyboard.
  printf 'default kiosk.conf\ntimeout 0\neditor no\n' > "$W/loader.conf"
  printf 'title kiosk\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' "$2" > "$W/kiosk.conf"
  mcopy -i "$1" "$W/loader.conf" ::/loader/loader.conf
  mcopy -i "$1" "$W/kiosk.conf" ::/loader/entries/kiosk.conf
  if [ -n "${3:-}" ]; then  # the test's copy: a second entry, chosen by a copy's loader.conf
    printf 'title bare Debian (kiosk.service masked)\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' "$3" > "$W/bare.conf"
    mcopy -i "$1" "$W/bare.conf" ::/loader/entries/bare.conf
  fi
  if [ -n "$ROOT_HASH" ]; then  # the technician's entry: the kiosk stopped, so tty2's login shows
    printf 'title kiosk service mode (kiosk stopped; Ctrl+Alt+F2: login)\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s systemd.mask=kiosk.service\n' \
      "$2" > "$W/service.conf"
    mcopy -i "$1" "$W/service.conf" ::/loader/entries/service.conf
  fi
}
make_root() {  # make_root FILE: the root folder as ext4 (owners, modes, links as they are)
  rm -f "$1"
  mke2fs -q -F -t ext4 -L kiosk-root -U "$ROOT_UUID" -d "$R" "$1" "${ROOT_MB}M" >> "$LOG" 2>&1
}
make_data() {  # make_data FILE: the empty data file system, its top folder as the package made /var/lib/kiosk
  rm -rf "$W/data" "$1" && mkdir -p "$W/data" && chown "$KIOSK_UID:$KIOSK_GID" "$W/data" && chmod 0750 "$W/data"
  mke2fs -q -F -t ext4 -L kiosk-data -U "$DATA_UUID" -d "$W/data" "$1" "${DATA_MB}M" >> "$LOG" 2>&1
}
# assemble DISK ESP ROOT DATA: a GPT disk with the three partitions at 1 MiB boundaries.
ESP_START=1 ROOT_START=$((1 + ESP_MB)) DATA_START=$((1 + ESP_MB + ROOT_MB))
DISK_MB=$((DATA_START + DATA_MB + 1))
assemble() {
  rm -f "$1" && truncate -s "${DISK_MB}M" "$1"
  sfdisk -q "$1" >> "$LOG" 2>&1 <<EOF
label: gpt
start=$((ESP_START * 2048)), size=$((ESP_MB * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="esp"
start=$((ROOT_START * 2048)), size=$((ROOT_MB * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root"
start=$((DATA_START * 2048)), size=$((DATA_MB * 2048)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="kiosk-data"
EOF
  dd if="$2" of="$1" bs=1M seek=$ESP_START conv=notrunc,sparse status=none
  dd if="$3" of="$1" bs=1M seek=$ROOT_START conv=notrunc,sparse status=none
  dd if="$4" of="$1" bs=1M seek=$DATA_START conv=notrunc,sparse status=none
}
make_data "$W/data.part"
make_esp "$W/esp.part" "$CMDLINE"
make_root "$W/root.part"
assemble "$W/appliance.img" "$W/esp.part" "$W/root.part" "$W/data.part"
say "appliance.img: ${DISK_MB} MiB (ESP $ESP_MB, root $ROOT_MB with $used_mb used, data $DATA_MB), $(du -m "$W/appliance.img" | cut -f1) MiB allocated"

# --- 4. the test's copy -------------------------------------------------------------------------------
# Only here: a root shell on the second UART (ttyS1) for the test to send commands, and the kernel,
# systemd's messages, the journal and a login prompt on the first (ttyS0), which the test reads.
# The shipped image has no serial console, no shell on any port and no root password.
if [ "$TEST_COPY" = 1 ]; then
  install -D -m 0755 "$HERE/test-copy/kiosk-test-shell" "$R/usr/local/sbin/kiosk-test-shell"
  install -D -m 0644 "$HERE/test-copy/kiosk-test-shell.service" "$R/etc/systemd/system/kiosk-test-shell.service"
  chroot "$R" systemctl enable kiosk-test-shell.service >> "$LOG" 2>&1
  # The second entry, bare.conf, boots the same system with kiosk.service masked: the test times
  # Debian's own boot to a login prompt with it (a copy whose loader.conf says default bare.conf).
  TEST_CMDLINE="$CMDLINE console=tty1 console=ttyS0,115200 systemd.journald.forward_to_console=1 systemd.show_status=true"
  make_esp "$W/esp-test.part" "$TEST_CMDLINE" "$TEST_CMDLINE systemd.mask=kiosk.service"
  make_root "$W/root-test.part"
  assemble "$W/appliance-test.img" "$W/esp-test.part" "$W/root-test.part" "$W/data.part"
  say "appliance-test.img: the test's copy"
fi

cat > "$W/layout.env" <<EOF
# The images' layout (MiB offsets into the disk), for scripts that change a copy of them.
KEY=$KEY
KERNEL=$KVER
ESP_START_MB=$ESP_START ESP_MB=$ESP_MB
ROOT_START_MB=$ROOT_START ROOT_MB=$ROOT_MB ROOT_UUID=$ROOT_UUID
DATA_START_MB=$DATA_START DATA_MB=$DATA_MB DATA_UUID=$DATA_UUID
DISK_MB=$DISK_MB
KIOSK_UID=$KIOSK_UID KIOSK_GID=$KIOSK_GID
CMDLINE="$CMDLINE"
EOF
chroot "$R" dpkg-query -W -f '${Package} ${Version}\n' > "$W/packages.txt"
mkdir -p "$IMG_DIR.new"
mv "$W/appliance.img" "$W/layout.env" "$W/packages.txt" "$IMG_DIR.new/"
[ "$TEST_COPY" = 1 ] && mv "$W/appliance-test.img" "$IMG_DIR.new/"
say "built in $((SECONDS - started)) s"
cp "$LOG" "$IMG_DIR.new/build.log"
rm -rf "$IMG_DIR" && mv "$IMG_DIR.new" "$IMG_DIR"
# The cache keeps the newest images and base roots only (each image folder is 1-2 GiB): every new
# kiosk build makes a new key, and CI makes one per commit.
KEEP_IMAGES=${KIOSK_IMAGE_KEEP:-3}
ls -dt "$OUT"/[0-9a-f]*/ 2>/dev/null | grep -E '/[0-9a-f]{16}/$' | tail -n +$((KEEP_IMAGES + 1)) | xargs -r rm -rf --one-file-system
ls -t "$CACHE"/appliance-base/base-*.tar 2>/dev/null | tail -n +3 | xargs -r rm -f
echo "image: $IMG_DIR"
