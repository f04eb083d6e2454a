#!/bin/bash
# deploy: the udev rules, the systemd units and kiosk/install.sh, without touching this machine.
#
#  1. udev/check-rules.py passes our rules and every rules file Debian ships, and names each
#     mistake in deliberately broken rules;
#  2. `udevadm test` (in a private mount namespace: our rules bind-mounted over /etc/udev/rules.d,
#     tmpfs over /dev and /run) parses them without complaint, and applies a copy of the
#     bill-acceptor rule re-targeted at ttyS0: group dialout, mode 0660, and no /dev/kiosk/cash
#     (that link comes only from the pin `kiosk doctor --pin-cash` writes, see doctor.sh);
#  3. kiosk/install.sh into a throwaway root, twice: the second run changes nothing (same checksum
#     listing, same owners, modes and times), and an edited config survives a third run; then
#     into / for real (useradd, owners) inside a mount namespace whose /etc, /usr/local, /var
#     folders are overlays, so the host is never written;
#  4. `systemd-analyze --root verify` passes on the installed units (stand-in binaries at the
#     paths they name), and fails when a binary is missing; the units carry the settings the
#     deployment relies on; `systemd-analyze security --offline` exposure is printed.
#
# Usage: Tests/system/deploy.sh        (from any folder; as root for apt-get and udevadm test)
# Env:   DEPLOY_WORK=DIR  working folder (default: mktemp); KEEP=1 keeps it
#        KIOSK_BIN=DIR    install real binaries from DIR instead of stand-ins
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test deploy

# useradd/groupadd: kiosk/install.sh makes the kiosk user when it installs into / (3b).
# man-db: systemd-analyze verify checks the units' Documentation=man: pages, so it needs `man`.
need_commands systemd-analyze:systemd udevadm:udev python3:python3 unshare:util-linux useradd:passwd man:man-db

W=${DEPLOY_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/deploy.XXXXXX")}
mkdir -p "$W"; W=$(cd "$W" && pwd)
cleanup() { if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$W"; else echo "working folder kept: $W"; fi; }
on_exit cleanup
RULES=$REPO/udev/70-kiosk.rules
CHECK=$REPO/udev/check-rules.py

# --- 1. rules checker ----------------------------------------------------------------------------
if out=$(python3 "$CHECK" --kiosk "$RULES"); then ok "check-rules: $(echo "$out" | tail -1)"; else echo "$out"; bad "our rules have problems"; fi
shipped=$(ls /usr/lib/udev/rules.d/*.rules /lib/udev/rules.d/*.rules 2>/dev/null | xargs -r realpath | sort -u)
if [ -n "$shipped" ] && out=$(python3 "$CHECK" $shipped); then ok "check-rules accepts Debian's own rules: $(echo "$out" | tail -1)"
else echo "$out" | tail -5; bad "check-rules refuses rules udev accepts (checker too strict)"; fi
mkdir -p "$W/broken"
broken_case() {  # broken_case NAME EXPECTED-TEXT RULE-LINE
  printf '%s\n' "$3" > "$W/broken/$1.rules"
  if out=$(python3 "$CHECK" --kiosk "$W/broken/$1.rules"); then bad "check-rules missed $1"
  elif grep -q -- "$2" <<< "$out"; then ok "check-rules names $1: $(echo "$out" | head -1 | sed 's/^[^:]*:/line /')"
  else echo "$out"; bad "check-rules did not say '$2' for $1"; fi
}
broken_case typo-key "unknown key 'SUBSYTEM'" 'SUBSYTEM=="tty", GROUP="dialout"'
broken_case match-on-assign "'GROUP' cannot be matched" 'KERNEL=="ttyUSB0", GROUP=="dialout"'
broken_case missing-quote "cannot parse" 'KERNEL=="ttyUSB0", GROUP="dialout'
broken_case upper-hex "4 lower-case hex" 'SUBSYSTEM=="tty", ATTRS{idVendor}=="067B", ATTRS{idProduct}=="2303", SYMLINK+="kiosk/cash"'
broken_case world-mode "every user" 'SUBSYSTEM=="tty", KERNEL=="ttyUSB0", MODE="0666"'
broken_case dangling-goto 'has no LABEL' 'ACTION=="remove", GOTO="nowhere"'

# --- 2. udevadm test in a private mount namespace ---------------------------------------------------
mkdir -p "$W/rules-ok" "$W/rules-bad" "$W/rules-ttyS0"
cp "$RULES" "$W/rules-ok/70-kiosk.rules"
cp "$W/broken/typo-key.rules" "$W/rules-bad/70-kiosk.rules"
# The FTDI rule, re-targeted at a tty every machine has, so its actions can be watched.
grep 'ATTRS{idVendor}=="0403"' "$RULES" | sed 's/KERNEL=="ttyUSB\[0-9\]\*", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001"/KERNEL=="ttyS0"/' \
  > "$W/rules-ttyS0/70-kiosk.rules"
# udev_test RULES-DIR: `udevadm test` of ttyS0 with RULES-DIR as /etc/udev/rules.d. udevadm test
# really creates links and sets owners, so /dev and /run are private tmpfs in the namespace: the
# host's /dev and udev database are never touched. Afterwards it prints what the node became.
udev_test() {
  unshare -m sh -c 'mount --make-rprivate / && mount --bind "$1" /etc/udev/rules.d \
    && mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /dev \
    && mknod -m 666 /dev/null c 1 3 && mknod -m 600 /dev/ttyS0 c 4 64 \
    && udevadm test --action=add /sys/class/tty/ttyS0 \
    && echo "node: $(stat -c "%G %a" /dev/ttyS0) link: $(readlink /dev/kiosk/cash)"' sh "$1" 2>&1
}
if [ "$(id -u)" != 0 ]; then
  echo "SKIP udevadm test needs root (mount namespace); the checker above still ran"
elif [ ! -e /sys/class/tty/ttyS0 ]; then
  echo "SKIP udevadm test: no /sys/class/tty/ttyS0 here"
else
  out=$(udev_test "$W/rules-ok")
  if ! grep -q "Reading rules file: /etc/udev/rules.d/70-kiosk.rules" <<< "$out"; then echo "$out" | tail -5; bad "udevadm test did not read our rules"
  elif grep -q "70-kiosk.rules:[0-9]" <<< "$out"; then echo "$out" | grep "70-kiosk.rules:"; bad "udevadm test complains about our rules"
  else ok "udevadm test (systemd $(udevadm --version)) reads 70-kiosk.rules without complaint"; fi
  out=$(udev_test "$W/rules-bad")
  if grep -q "70-kiosk.rules:1 Invalid key 'SUBSYTEM'" <<< "$out"; then ok "udevadm test itself names a broken rule (so silence above means something)"
  else echo "$out" | grep rules.d | tail -3; bad "udevadm test did not report the broken rule"; fi
  out=$(udev_test "$W/rules-ttyS0")
  # Group and mode, but no /dev/kiosk/cash: only the pin kiosk doctor --pin-cash writes links it.
  if ! grep -q "^DEVLINKS=.*/dev/kiosk/cash" <<< "$out" && grep -qE "70-kiosk.rules:1 GROUP (20|dialout)" <<< "$out" \
     && grep -q "ID_MM_DEVICE_IGNORE=1" <<< "$out" && grep -q "^node: dialout 660 link: $" <<< "$out"; then
    ok "bill-acceptor rule applied to ttyS0 (private /dev): $(grep '^node:' <<< "$out")(none: an unpinned adapter is not the bill acceptor), ModemManager told to keep off"
  else echo "$out" | grep -iE "DEVLINKS|GROUP|MODE|70-kiosk|ID_MM" | head; bad "bill-acceptor rule actions"; fi
fi

# --- 3. install.sh into a throwaway root, twice ------------------------------------------------------
ROOT=$W/root
BIN=${KIOSK_BIN:-$W/bin}
if [ -z "${KIOSK_BIN:-}" ]; then
  mkdir -p "$BIN"
  for tool in kiosk kiosk-store; do printf '#!/bin/sh\n# stand-in for %s in deploy.sh\nexit 0\n' "$tool" > "$BIN/$tool"; chmod 755 "$BIN/$tool"; done
fi
# The root needs systemd's own units (targets the kiosk units order against) to be verified.
mkdir -p "$ROOT/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$ROOT/usr/lib/systemd/" 2>/dev/null || cp -a /lib/systemd/system "$ROOT/usr/lib/systemd/"
listing() { (cd "$ROOT" && find . -path ./usr/lib/systemd -prune -o -printf '%p %y %m %U:%G %T@ %l\n' | sort
             find . -path ./usr/lib/systemd -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
if "$REPO/kiosk/install.sh" --root "$ROOT" --bin "$BIN" > "$W/install1.log" 2>&1; then
  ok "install.sh first run: $(tail -1 "$W/install1.log")"
else cat "$W/install1.log"; bad "install.sh first run"; finish; fi
listing > "$W/listing1"
sleep 1.1   # so that any rewrite would show in the modification times
if "$REPO/kiosk/install.sh" --root "$ROOT" --bin "$BIN" > "$W/install2.log" 2>&1 && grep -q "nothing changed" "$W/install2.log"; then
  ok "install.sh second run: $(tail -1 "$W/install2.log")"
else cat "$W/install2.log"; bad "install.sh second run changed something"; fi
listing > "$W/listing2"
if cmp -s "$W/listing1" "$W/listing2"; then ok "checksum listing identical after the second run ($(wc -l < "$W/listing1") lines: paths, modes, owners, mtimes, sha256)"
else diff "$W/listing1" "$W/listing2" | head; bad "second run changed the root"; fi
echo '# edited by the technician' >> "$ROOT/etc/kiosk/kiosk.toml"
"$REPO/kiosk/install.sh" --root "$ROOT" --bin "$BIN" > "$W/install3.log" 2>&1
if grep -q 'edited by the technician' "$ROOT/etc/kiosk/kiosk.toml" && grep -q "nothing changed" "$W/install3.log"; then
  ok "an edited /etc/kiosk/kiosk.toml is kept"
else cat "$W/install3.log"; bad "install.sh overwrote the edited config"; fi
checks=(
  "etc/passwd:^kiosk:x:[0-9]*:[0-9]*:.*:/var/lib/kiosk:/usr/sbin/nologin$"
  "etc/group:^kiosk:x:" "etc/group:^dialout:x:" "etc/group:^video:x:" "etc/group:^input:x:" "etc/group:^lp:x:"
)
all=1
for c in "${checks[@]}"; do grep -q "${c#*:}" "$ROOT/${c%%:*}" || { echo "missing in ${c%%:*}: ${c#*:}"; all=0; }; done
[ "$(readlink "$ROOT/etc/systemd/system/getty@tty1.service")" = /dev/null ] || { echo "getty@tty1 not masked"; all=0; }
[ -L "$ROOT/etc/systemd/system/multi-user.target.wants/kiosk.service" ] || { echo "kiosk.service not enabled"; all=0; }
[ "$(stat -c %a "$ROOT/var/lib/kiosk")" = 750 ] || { echo "/var/lib/kiosk mode"; all=0; }
[ "$(stat -c %a "$ROOT/etc/kiosk/store-admin-token")" = 600 ] || { echo "admin token mode"; all=0; }
if [ "$(id -u)" = 0 ]; then
  kid=$(awk -F: '$1 == "kiosk" { print $3 }' "$ROOT/etc/passwd")
  [ "$(stat -c %u "$ROOT/var/lib/kiosk")" = "$kid" ] || { echo "/var/lib/kiosk not owned by kiosk ($kid)"; all=0; }
fi
[ $all = 1 ] && ok "user/group kiosk (no login), device groups, getty@tty1 masked, kiosk enabled, data 0750, token 0600" || bad "installed root content"

# --- 3b. the real-system path (groupadd/useradd, --root /) in a private mount namespace: /etc,
# /usr/local, /var/lib and /var/log are overlays whose upper layers live in $W, /run is a tmpfs
# (so no systemctl/udevadm reload happens). The host's files are never written.
if [ "$(id -u)" = 0 ] && grep -qw overlay /proc/filesystems; then
  O=$W/overlay
  host_kiosk=$(getent passwd kiosk)   # normally none; "untouched" means: the same as before
  unshare -m bash -c '
    set -e
    mount --make-rprivate /
    for d in etc usr/local var/lib var/log; do
      n=${d//\//_}; mkdir -p "$1/$n/up" "$1/$n/work"
      mount -t overlay overlay -o "lowerdir=/$d,upperdir=$1/$n/up,workdir=$1/$n/work" "/$d"
    done
    mount -t tmpfs tmpfs /run
    "$2/kiosk/install.sh" --bin "$3" > "$1/real1.log" 2>&1
    "$2/kiosk/install.sh" --bin "$3" > "$1/real2.log" 2>&1
    { getent passwd kiosk; stat -c "%U:%G %a" /var/lib/kiosk /etc/kiosk/kiosk.toml; readlink /etc/systemd/system/getty@tty1.service; } > "$1/real.txt"
  ' sh "$O" "$REPO" "$BIN" || true
  if grep -q '^kiosk:x:[0-9]*:[0-9]*:kiosk service:/var/lib/kiosk:/usr/sbin/nologin$' "$O/real.txt" 2>/dev/null \
     && grep -q '^kiosk:kiosk 750$' "$O/real.txt" && grep -q '^root:kiosk 640$' "$O/real.txt" && grep -q '^/dev/null$' "$O/real.txt" \
     && grep -q 'nothing changed in /$' "$O/real2.log" && [ "$(getent passwd kiosk)" = "$host_kiosk" ] && [ ! -e /etc/kiosk ]; then
    ok "install.sh into / (overlay namespace): useradd made $(head -1 "$O/real.txt" | cut -d: -f1-4), $(tail -1 "$O/real1.log"); second run: nothing changed; host untouched"
  else cat "$O/real1.log" "$O/real2.log" "$O/real.txt" 2>/dev/null | tail -15; bad "install.sh into / in an overlay namespace"; fi
else
  echo "SKIP install.sh into / (needs root and overlayfs); the dry-run root above covers the same files"
fi

# --- 4. systemd-analyze verify ---------------------------------------------------------------------
units=(kiosk.service kiosk-store.service)
if out=$(systemd-analyze --root="$ROOT" verify "${units[@]}" 2>&1) && [ -z "$out" ]; then
  ok "systemd-analyze verify (systemd $(systemd-analyze --version | head -1 | awk '{print $2}')): ${units[*]} clean"
else echo "$out"; bad "systemd-analyze verify"; fi
mv "$ROOT/usr/local/bin/kiosk" "$W/kiosk.away"
if out=$(systemd-analyze --root="$ROOT" verify kiosk.service 2>&1); then bad "verify passed with /usr/local/bin/kiosk missing"
else ok "verify fails without the binary: $(echo "$out" | grep -m1 'not executable')"; fi
mv "$W/kiosk.away" "$ROOT/usr/local/bin/kiosk"
unit=$ROOT/etc/systemd/system/kiosk.service
missing=()
for line in "Type=notify" "WatchdogSec=" "Restart=always" "User=kiosk" "SupplementaryGroups=video input dialout lp" \
            "NoNewPrivileges=yes" "ProtectSystem=strict" "PrivateTmp=yes" "ReadWritePaths=/var/lib/kiosk" \
            "Environment=KIOSK_DATA_DIR=/var/lib/kiosk" "Environment=KIOSK_CONFIG=/etc/kiosk/kiosk.toml" \
            "StandardOutput=journal" "Conflicts=getty@tty1.service"; do
  grep -q "^$line" "$unit" || missing+=("$line")
done
[ ${#missing[@]} = 0 ] && ok "kiosk.service carries notify+watchdog, restart, user/groups, sandboxing, environment, journal, getty conflict" \
  || bad "kiosk.service lacks: ${missing[*]}"
for u in "${units[@]}"; do
  score=$(systemd-analyze security --offline=yes --root="$ROOT" "$u" 2>/dev/null | grep -o 'Overall exposure level for.*')
  echo "info: $score"
done
finish
