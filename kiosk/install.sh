#!/bin/bash
# Installs the kiosk on this machine, or into a folder that stands for one (a dry-run root).
#
# Usage: kiosk/install.sh --bin DIR [--root DIR] [--no-enable]
#   --bin DIR    folder holding the built `kiosk` (and, if this machine runs the store, `kiosk-store`)
#                binaries, e.g. .build/release
#   --root DIR   install under DIR instead of / (nothing outside DIR is touched; users and groups
#                are written to DIR/etc/passwd and DIR/etc/group; no systemctl/udevadm calls)
#   --no-enable  install units without enabling them or masking the console login on tty1
#
# Idempotent: every file is compared before it is written, users and groups are added only when
# missing, an existing /etc/kiosk/kiosk.toml is never overwritten. A second run prints
# "nothing changed". What it installs:
#   /usr/local/bin/kiosk, /usr/local/bin/kiosk-store           (0755)
#   /etc/systemd/system/kiosk.service, kiosk-store.service      (0644)
#   /etc/udev/rules.d/70-kiosk.rules                            (0644)
#   /etc/kiosk/kiosk.toml (from kiosk.sample.toml, 0640 root:kiosk), /etc/kiosk/store-admin-token (0600)
#   /var/lib/kiosk (0750 kiosk:kiosk), user and group `kiosk` (system, no login shell)
#   enabled: kiosk.service (and kiosk-store.service); masked: getty@tty1.service
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROOT=/
BIN=
ENABLE=1
usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a folder}; shift 2 ;;
    --bin) BIN=${2:?--bin needs a folder}; shift 2 ;;
    --no-enable) ENABLE=0; shift ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$BIN" ] || { echo "install.sh: give --bin DIR (the folder with the built kiosk binary)" >&2; exit 2; }
[ -x "$BIN/kiosk" ] || { echo "install.sh: $BIN/kiosk is missing: build it with 'swift build -c release --product kiosk'" >&2; exit 1; }
mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd)
R=${ROOT%/}                      # prefix for paths: "" for the real system
REAL=0; [ "$ROOT" = / ] && REAL=1
AS_ROOT=0; [ "$(id -u)" = 0 ] && AS_ROOT=1
if [ $REAL = 1 ] && [ $AS_ROOT = 0 ]; then echo "install.sh: installing into / needs root (or give --root DIR)" >&2; exit 1; fi
STORE=0; [ -x "$BIN/kiosk-store" ] && STORE=1
changes=0
changed() { changes=$((changes + 1)); echo "changed: $*"; }

# --- users and groups ------------------------------------------------------------------------
# On the real system through groupadd/useradd; in a dry-run root by editing its passwd/group the
# same way (a system id below 1000 that is free in that root).
free_id() {  # free_id FILE: lowest id in 100…999 not used in FILE's third field
  local id
  for id in $(seq 100 999); do
    awk -F: -v id="$id" '$3 == id { found = 1 } END { exit !found }' "$1" 2>/dev/null || { echo "$id"; return; }
  done
  echo "install.sh: no free system id in $1" >&2; exit 1
}
ensure_group() {  # ensure_group NAME [STATIC_ID]: Debian's base-passwd id when the root has it free
  if [ $REAL = 1 ]; then
    getent group "$1" >/dev/null || { groupadd --system "$1"; changed "group $1"; }
  else
    mkdir -p "$R/etc"; [ -e "$R/etc/group" ] || : > "$R/etc/group"
    grep -q "^$1:" "$R/etc/group" && return 0
    local id=${2:-}
    if [ -z "$id" ] || awk -F: -v id="$id" '$3 == id { found = 1 } END { exit !found }' "$R/etc/group"; then
      id=$(free_id "$R/etc/group")
    fi
    echo "$1:x:$id:" >> "$R/etc/group"; changed "group $1 in $R/etc/group"
  fi
}
ensure_user() {  # ensure_user NAME HOME
  if [ $REAL = 1 ]; then
    getent passwd "$1" >/dev/null || {
      useradd --system --gid "$1" --home-dir "$2" --no-create-home --shell /usr/sbin/nologin --comment "kiosk service" "$1"
      changed "user $1"; }
  else
    [ -e "$R/etc/passwd" ] || : > "$R/etc/passwd"
    grep -q "^$1:" "$R/etc/passwd" || {
      local gid; gid=$(awk -F: -v n="$1" '$1 == n { print $3 }' "$R/etc/group")
      echo "$1:x:$gid:$gid:kiosk service:$2:/usr/sbin/nologin" >> "$R/etc/passwd"
      changed "user $1 in $R/etc/passwd"; }
  fi
}
# Numeric ids as the target root sees them (for chown inside a dry-run root).
uid_of() { if [ $REAL = 1 ]; then id -u "$1"; else awk -F: -v n="$1" '$1 == n { print $3 }' "$R/etc/passwd"; fi; }
gid_of() { if [ $REAL = 1 ]; then getent group "$1" | cut -d: -f3; else awk -F: -v n="$1" '$1 == n { print $3 }' "$R/etc/group"; fi; }

# --- files -------------------------------------------------------------------------------------
# put SRC DEST MODE [OWNER:GROUP]: copy when the content differs, then fix mode and owner.
put() {
  local src=$1 dest=$R$2 mode=$3 owner=${4:-}
  mkdir -p "$(dirname "$dest")"
  if ! cmp -s "$src" "$dest"; then
    cp "$src" "$dest.kiosk-new" && chmod "$mode" "$dest.kiosk-new" && mv -f "$dest.kiosk-new" "$dest"
    changed "$2"
  fi
  [ "$(stat -c %a "$dest")" = "${mode#0}" ] || { chmod "$mode" "$dest"; changed "mode $mode $2"; }
  own "$dest" "$owner"
}
own() {  # own PATH OWNER:GROUP (names resolved in the target root; only root can chown)
  [ -n "$2" ] && [ $AS_ROOT = 1 ] || return 0
  local want; want="$(uid_of "${2%%:*}"):$(gid_of "${2##*:}")"
  [ "$(stat -c %u:%g "$1")" = "$want" ] || { chown "$want" "$1"; changed "owner ${2} ${1#$R}"; }
}
directory() {  # directory PATH MODE [OWNER:GROUP]
  local dest=$R$1
  [ -d "$dest" ] || { mkdir -p "$dest"; changed "$1/"; }
  [ "$(stat -c %a "$dest")" = "${2#0}" ] || { chmod "$2" "$dest"; changed "mode $2 $1/"; }
  own "$dest" "${3:-}"
}
link() {  # link TARGET PATH: a symlink as systemctl enable/mask would make it
  local dest=$R$2
  mkdir -p "$(dirname "$dest")"
  [ "$(readlink "$dest" 2>/dev/null)" = "$1" ] || { ln -sfn "$1" "$dest"; changed "$2 -> $1"; }
}

if [ $REAL = 0 ]; then  # a dry-run root starts empty: give it root, whom the files belong to
  mkdir -p "$R/etc"; for f in passwd group; do [ -e "$R/etc/$f" ] || : > "$R/etc/$f"; done
  grep -q '^root:' "$R/etc/group" || { echo "root:x:0:" >> "$R/etc/group"; changed "group root in $R/etc/group"; }
  grep -q '^root:' "$R/etc/passwd" || { echo "root:x:0:0:root:/root:/bin/sh" >> "$R/etc/passwd"; changed "user root in $R/etc/passwd"; }
fi
ensure_group lp 7; ensure_group dialout 20; ensure_group video 44; ensure_group input; ensure_group kiosk
ensure_user kiosk /var/lib/kiosk

put "$BIN/kiosk" /usr/local/bin/kiosk 0755 root:root
[ $STORE = 1 ] && put "$BIN/kiosk-store" /usr/local/bin/kiosk-store 0755 root:root
put "$HERE/kiosk.service" /etc/systemd/system/kiosk.service 0644 root:root
[ $STORE = 1 ] && put "$HERE/kiosk-store.service" /etc/systemd/system/kiosk-store.service 0644 root:root
put "$REPO/udev/70-kiosk.rules" /etc/udev/rules.d/70-kiosk.rules 0644 root:root

directory /etc/kiosk 0755 root:root
# The config is the technician's from the first run on: installed once, never overwritten.
if [ -e "$R/etc/kiosk/kiosk.toml" ]; then own "$R/etc/kiosk/kiosk.toml" root:kiosk
else put "$HERE/kiosk.sample.toml" /etc/kiosk/kiosk.toml 0640 root:kiosk; fi
if [ $STORE = 1 ] && [ ! -e "$R/etc/kiosk/store-admin-token" ]; then
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$R/etc/kiosk/store-admin-token")
  changed "/etc/kiosk/store-admin-token (new random admin token)"
fi
[ $STORE = 1 ] && own "$R/etc/kiosk/store-admin-token" root:root
directory /var/lib/kiosk 0750 kiosk:kiosk

if [ $ENABLE = 1 ]; then
  link /etc/systemd/system/kiosk.service /etc/systemd/system/multi-user.target.wants/kiosk.service
  [ $STORE = 1 ] && link /etc/systemd/system/kiosk-store.service /etc/systemd/system/multi-user.target.wants/kiosk-store.service
  # The kiosk draws on tty1; a login prompt there would fight it for the screen.
  link /dev/null /etc/systemd/system/getty@tty1.service
fi

# --- tell the running system -------------------------------------------------------------------
if [ $REAL = 1 ] && [ $changes -gt 0 ]; then
  if [ -d /run/systemd/system ]; then systemctl daemon-reload; echo "systemd reloaded"; fi
  if command -v udevadm >/dev/null && [ -d /run/udev ]; then
    udevadm control --reload-rules && udevadm trigger --action=change --subsystem-match=drm --subsystem-match=graphics \
      --subsystem-match=input --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=usb
    echo "udev rules reloaded"
  fi
  # The bill acceptor's pin (udev/README.md): the one USB-serial adapter attached becomes it.
  if [ ! -e /etc/udev/rules.d/71-kiosk-cash.rules ] && [ -d /run/udev ]; then
    /usr/local/bin/kiosk doctor --pin-cash \
      || echo "no bill acceptor pinned: plug in its adapter alone and run 'sudo kiosk doctor --pin-cash'"
  fi
  echo "next: edit /etc/kiosk/kiosk.toml, check with 'kiosk doctor' as the service would run it (docs/deploy.md), then 'systemctl start kiosk'"
fi
if [ $changes = 0 ]; then echo "install.sh: nothing changed in $ROOT"; else echo "install.sh: $changes change(s) in $ROOT"; fi
