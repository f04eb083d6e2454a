#!/bin/bash
# package: the kiosk's Debian packages install with apt on a Debian 12 box that has no Swift
# toolchain, run there, reinstall, upgrade and purge as docs/deploy.md says.
#
#   1. scripts/package builds kiosk_V_amd64.deb and kiosk-store_V_amd64.deb from the debug build
#      (what CI builds already; --full: a release build with the static Swift runtime);
#   2. a root made with `mmdebstrap --variant=minbase bookworm` (no toolchain, no developer
#      packages), cached in $KIOSK_CACHE (default ~/.cache/kiosk) under a key of its inputs, gets
#      both with `apt install --no-install-recommends ./….deb` (apt fetches the Depends from
#      Debian, so the binaries must run on those alone; --full: with the Recommends, as a
#      technician's apt does; apt's downloads are cached in $KIOSK_CACHE too);
#   3. there: `ldd` of every ELF file the packages installed resolves every library, each to a
#      file some installed package owns (nothing from outside the root); `kiosk --version` and
#      `kiosk-store --version` say V; lintian's tags on both are the ones docs/deploy.md explains;
#   4. the technician's edit of /etc/kiosk/kiosk.toml ([devices]: ccnet-emulator's pty, a receipt
#      folder, a PNG screen); `kiosk doctor` as the unit's user: no FAIL, cash and database OK; the
#      kiosk started as the installed kiosk.service says (ExecStart=, Environment=, User=, Group=,
#      SupplementaryGroups=, UMask=; only --script, the customer's taps, and --exit-after added)
#      sells a ticket for a note inserted into the emulator;
#   5. a second install of the same packages (apt install --reinstall) changes nothing: a listing
#      of paths, types, modes, owners, sizes, times and checksums is the same before and after;
#   6. an upgrade to a second build with a higher version keeps the edited config and the
#      database (the sold ticket), and the binaries say the new version;
#   7. purge removes the packages' files and config and keeps /var/lib/kiosk (the ledger) and its
#      user; a purge with KIOSK_PURGE_DATA=yes removes those too.
# Everything in the root runs in a chroot inside a mount namespace of its own (proc, /dev, a
# read-only /sys, apt's download cache): nothing stays mounted on this machine.
#
# Usage: Tests/system/package.sh [--full]   (as root: mmdebstrap, chroot, mount namespaces)
#        --full (or FULL=1, as scripts/test --full sets it): package a release build instead
# Env:   KIOSK_CACHE=DIR  the cached root and apt's downloads (default ~/.cache/kiosk)
#        KEEP=1           keep the working folder (kept anyway when something failed)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test package
FULL_BUILD=${FULL:-0}   # `scripts/test --full` sets FULL=1
[ "${1:-}" = --full ] && FULL_BUILD=1

[ "$(id -u)" = 0 ] || { bad "must run as root: mmdebstrap, chroot and mount namespaces need it"; finish; }
need_commands mmdebstrap:mmdebstrap dpkg-shlibdeps:dpkg-dev patchelf:patchelf strip:binutils help2man:help2man \
  lintian:lintian python3:python3 sqlite3:sqlite3 unshare:util-linux
step_started=$SECONDS
TOOK=""
mark() { TOOK="($((SECONDS - step_started)) s)"; step_started=$SECONDS; }   # the seconds of the step that ends here

EMU=$(kiosk_binary ccnet-emulator "${CCNET_EMULATOR:-}") || { bad "ccnet-emulator was not built"; finish; }
W=$(mktemp -d /tmp/package.XXXXXX)
chmod 755 "$W"
R=$W/root
PIDS=()
KPID=""
cleanup() {
  [ -n "$KPID" ] && kill -TERM "$KPID" 2>/dev/null
  for p in $KPID "${PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null
  done
  # Nothing is mounted under $W outside the namespaces; say so rather than delete through a mount.
  if findmnt -rn -o TARGET | grep -q "^$W"; then echo "something is still mounted under $W: not removing it"; return; fi
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf --one-file-system "$W"; else echo "working folder kept: $W"; fi
}
on_exit cleanup

# --- 1. the packages ---------------------------------------------------------------------------
V1=$(tr -d ' \n' < "$REPO/VERSION")
V2=$V1+upgrade1
if [ "$FULL_BUILD" = 1 ]; then
  PACKAGE_ARGS=()   # scripts/package builds the release binaries itself
else
  KIOSK_BIN=$(kiosk_binary kiosk "${KIOSK:-}") || { bad "kiosk was not built"; finish; }
  STORE_BIN=$(kiosk_binary kiosk-store "${KIOSK_STORE:-}") || { bad "kiosk-store was not built"; finish; }
  mkdir -p "$W/bin" && cp "$KIOSK_BIN" "$STORE_BIN" "$W/bin/"
  PACKAGE_ARGS=(--bin "$W/bin")
fi
# The debug build's packages with gzip -1 (--fast): xz would take minutes for their 140 MB each.
[ "$FULL_BUILD" = 1 ] || PACKAGE_ARGS+=(--fast)
if "$REPO/scripts/package" "${PACKAGE_ARGS[@]}" --version "$V1" --out "$W/v1" > "$W/package-v1.log" 2>&1; then
  grep -E '\.deb: |Depends:|libraries|staged' "$W/package-v1.log" | sed 's/^/    /'
  mark; ok "scripts/package built kiosk and kiosk-store $V1 $TOOK"
else cat "$W/package-v1.log"; bad "scripts/package failed"; finish; fi
# While the root is made: the upgrade's packages from the same binaries, stamped with the higher
# version, and lintian on the first ones.
[ "$FULL_BUILD" = 1 ] && PACKAGE_ARGS=(--bin "$(swift build --package-path "$REPO" -c release --static-swift-stdlib --show-bin-path)")
"$REPO/scripts/package" "${PACKAGE_ARGS[@]}" --version "$V2" --out "$W/v2" > "$W/package-v2.log" 2>&1 &
V2_PID=$!; PIDS+=($V2_PID)
lintian --tag-display-limit 0 "$W"/v1/*.deb > "$W/lintian.txt" 2>&1 &
LINTIAN_PID=$!; PIDS+=($LINTIAN_PID)

# --- 2. the root, from the cache ---------------------------------------------------------------
KIOSK_CACHE=${KIOSK_CACHE:-$HOME/.cache/kiosk}
ROOT_ARGS=(--variant=minbase --skip=cleanup/apt/lists bookworm)
# mmdebstrap takes the mirrors from this machine's apt sources: they are inputs too.
key=$( { echo "root recipe 1"; mmdebstrap --version; echo "${ROOT_ARGS[*]}"
         cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null; } | sha256sum | cut -c1-16)
ROOT_TAR=$KIOSK_CACHE/package-root/minbase-bookworm-$key.tar
APT_CACHE=$KIOSK_CACHE/package-apt-archives
mkdir -p "$KIOSK_CACHE/package-root" "$APT_CACHE/partial"
if [ -s "$ROOT_TAR" ]; then
  cache_note="cached $(basename "$ROOT_TAR")"
else
  if mmdebstrap --format=tar "${ROOT_ARGS[@]}" "$ROOT_TAR.new" > "$W/mmdebstrap.log" 2>&1 && mv "$ROOT_TAR.new" "$ROOT_TAR"; then
    cache_note="made and cached as $ROOT_TAR"
  else tail -5 "$W/mmdebstrap.log"; rm -f "$ROOT_TAR.new"; bad "mmdebstrap failed"; finish; fi
fi
mkdir -p "$R" && tar -C "$R" -xf "$ROOT_TAR" || { bad "cannot unpack $ROOT_TAR"; finish; }
# What an installed Debian has and minbase lacks: /etc/hosts naming localhost (the installer
# writes it), this machine's resolver for apt; and no daemon a package brings (cupsd) may start
# in the chroot.
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$R/etc/hosts"
cp /etc/resolv.conf "$R/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d" && chmod 755 "$R/usr/sbin/policy-rc.d"
minbase=$(chroot "$R" dpkg-query -W -f '${Package}\n' | wc -l)
if [ ! -e "$R/usr/bin/swift" ] && ! chroot "$R" dpkg-query -W -f '${Package}\n' | grep -qE -- '-dev$|^(gcc|gcc-[0-9]+|g\+\+.*|clang.*|cpp.*|binutils|make|swift.*)$'; then
  mark; ok "the root: Debian 12 minbase, $minbase packages, no Swift toolchain, no compiler or -dev package ($cache_note) $TOOK"
else bad "the root has a toolchain or developer packages"; fi

# in_root CMD...: CMD in the root, in a mount namespace of its own (proc, this machine's /dev,
# /sys read-only, apt's download cache), with a clean environment. It execs all the way down:
# run in the background, its process id is CMD's.
in_root() {
  exec unshare -m --propagation private -- /bin/bash -c '
    set -e
    r=$1 cache=$2; shift 2
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mount --bind /sys "$r/sys" && mount -o remount,bind,ro "$r/sys"
    mount --bind "$cache" "$r/var/cache/apt/archives"
    exec chroot "$r" "$@"' in-root "$R" "$APT_CACHE" \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
apt_in_root() {  # apt_in_root ARGS...: apt in the root; on a stale package list, update once and retry
  local args=(-y -q -o APT::Keep-Downloaded-Packages=true "$@")
  (in_root apt "${args[@]}") > "$W/apt.log" 2>&1 && return 0
  (in_root apt-get update -qq) >> "$W/apt.log" 2>&1 && (in_root apt "${args[@]}") >> "$W/apt.log" 2>&1
}

# --- 3. apt install ./….deb ----------------------------------------------------------------------
mkdir -p "$R/tmp/debs"
cp "$W"/v1/*.deb "$R/tmp/debs/"
K1=/tmp/debs/kiosk_${V1}_amd64.deb S1=/tmp/debs/kiosk-store_${V1}_amd64.deb
K2=/tmp/debs/kiosk_${V2}_amd64.deb S2=/tmp/debs/kiosk-store_${V2}_amd64.deb
# CI's run installs what the packages depend on, not what they recommend (systemd, udev, cups: 170
# packages, minutes): the binaries must run on Depends: alone. --full installs as a technician's
# apt does, with the recommended packages.
RECOMMENDS=(--no-install-recommends); WHAT="depend on"
[ "$FULL_BUILD" = 1 ] && { RECOMMENDS=(); WHAT="depend on and recommend"; }
if apt_in_root install "${RECOMMENDS[@]}" "$K1" "$S1"; then
  added=$(( $(chroot "$R" dpkg-query -W -f '${Package}\n' | wc -l) - minbase ))
  mark; ok "apt install ${RECOMMENDS[*]} ./kiosk_${V1}_amd64.deb ./kiosk-store_${V1}_amd64.deb: with the $((added - 2)) Debian packages they $WHAT $TOOK"
else tail -20 "$W/apt.log"; bad "apt install of the packages failed"; finish; fi
grep -E '^kiosk(-store)?: ' "$W/apt.log" | sed 's/^/    /'

# ldd of every ELF file the two packages installed, inside the root.
elf_files() { chroot "$R" dpkg -L kiosk kiosk-store | while read -r f; do
  [ -f "$R$f" ] && [ ! -L "$R$f" ] && [ "$(head -c 4 "$R$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"; done; }
mapfile -t ELFS < <(elf_files)
ldd_problems=()
for f in "${ELFS[@]}"; do
  out=$(in_root ldd "$f" 2>&1) || { ldd_problems+=("$f: ldd failed: $out"); continue; }
  grep -q 'not found' <<< "$out" && ldd_problems+=("$f: $(grep 'not found' <<< "$out" | tr -s ' \t' ' ' | sort -u | paste -sd ';')")
  while read -r lib; do
    [ -e "$R$lib" ] && chroot "$R" dpkg -S "$lib" > /dev/null 2>&1 ||
      chroot "$R" dpkg -S "$(chroot "$R" readlink -f "$lib")" > /dev/null 2>&1 ||
      ldd_problems+=("$f loads $lib, which no package in the root owns")
  done < <(sed -nE 's/.*=> (\/[^ ]+) .*/\1/p' <<< "$out")
done
runtime=$(chroot "$R" dpkg -L kiosk | grep -c '^/usr/lib/kiosk/.*\.so')
if [ "${#ELFS[@]}" -gt 0 ] && [ "${#ldd_problems[@]}" = 0 ]; then
  ok "ldd of the ${#ELFS[@]} ELF files in both packages (binaries and $runtime bundled Swift runtime libraries of kiosk): every library found, each owned by a package in the root"
else printf '    %s\n' "${ldd_problems[@]}"; bad "ldd in the root: ${#ldd_problems[@]} problems in ${#ELFS[@]} files"; fi

for product in kiosk kiosk-store; do
  said=$(in_root "/usr/bin/$product" --version 2>&1)
  [ "$said" = "$product $V1" ] && ok "in the root, $product --version says '$said'" || bad "$product --version in the root says '$said', want '$product $V1'"
done

# --- 4. the technician's edit, doctor, a sale -----------------------------------------------------
UNIT=$R/lib/systemd/system/kiosk.service
CONFIG_FILE=$R/etc/kiosk/kiosk.toml
unit_values() {  # unit_values KEY: every KEY= value of the installed unit's [Service] section
  awk -v key="$1" '/^\[/ { service = ($0 == "[Service]") }
                   service && index($0, key "=") == 1 { print substr($0, length(key) + 2) }' "$UNIT"
}
words() { python3 -c 'import shlex, sys; [print(w) for line in sys.stdin for w in shlex.split(line)]'; }
mapfile -t EXEC < <(unit_values ExecStart | tail -1 | sed -E 's/^[-@:+!]+//' | words)
mapfile -t UNIT_ENV < <(unit_values Environment | words)
RUN_USER=$(unit_values User | tail -1); RUN_GROUP=$(unit_values Group | tail -1)
RUN_GROUPS=$(unit_values SupplementaryGroups | words | paste -sd,)
RUN_UMASK=$(unit_values UMask | tail -1)
if [ "${EXEC[0]:-}" = /usr/bin/kiosk ] && [ -n "$RUN_USER" ] && chroot "$R" getent passwd "$RUN_USER" > /dev/null; then
  ok "installed unit: ExecStart=${EXEC[*]} User=$RUN_USER Group=$RUN_GROUP SupplementaryGroups=$RUN_GROUPS; the user exists: $(chroot "$R" getent passwd "$RUN_USER")"
else bad "the installed unit's ExecStart=${EXEC[*]:-} or User=$RUN_USER is not what the package made"; finish; fi
RUN_HOME=$(chroot "$R" getent passwd "$RUN_USER" | cut -d: -f6)
# as_unit CMD...: CMD in the root as the unit runs its ExecStart: user, groups, umask, / as the
# working folder, systemd's PATH and the unit's Environment= only.
as_unit() {
  in_root /bin/sh -c 'cd / && umask "$1" && shift && exec "$@"' as-unit "${RUN_UMASK:-0022}" \
    setpriv --reuid="$RUN_USER" --regid="$RUN_GROUP" --groups="$RUN_GROUPS" -- \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$RUN_HOME" USER="$RUN_USER" \
    LOGNAME="$RUN_USER" "${UNIT_ENV[@]}" "$@"
}

# The bill acceptor: ccnet-emulator on this machine (it is the hardware), its pty linked inside
# the root where [devices] cash points; the node gets the udev rule's group and mode.
mkdir -p "$R/run/kiosk-test"
CASH=/run/kiosk-test/cash
"$EMU" run --link "$R$CASH" --control "$W/cash.sock" --note-log "$W/notes.log" > "$W/emulator.log" 2>&1 < /dev/null &
PIDS+=($!)
for _ in $(seq 100); do [ -e "$R$CASH" ] && [ -S "$W/cash.sock" ] && break; sleep 0.05; done
cash_rule=$(grep -v '^#' "$R/lib/udev/rules.d/70-kiosk.rules" | grep -F 'ATTRS{idVendor}=="0403"' | head -1)   # the FTDI adapter's group and mode
CASH_GROUP=$(sed -nE 's/.*GROUP="([^"]+)".*/\1/p' <<< "$cash_rule"); CASH_MODE=$(sed -nE 's/.*MODE="([0-7]+)".*/\1/p' <<< "$cash_rule")
pty=$(readlink "$R$CASH")
if [ -n "$pty" ] && chgrp "$(chroot "$R" getent group "$CASH_GROUP" | cut -d: -f3)" "$pty" && chmod "$CASH_MODE" "$pty"; then
  ok "bill acceptor: ccnet-emulator on $pty, linked as $CASH in the root ($CASH_GROUP, $CASH_MODE as the installed udev rule says)"
else bad "the emulator did not start"; finish; fi
release_port() {  # the kiosk holds the pty exclusively; a USB node would drop that flag on close
  python3 -c 'import fcntl, os, sys, termios
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
fcntl.ioctl(fd, termios.TIOCNXCL)
os.close(fd)' "$pty"
}

set_device() {  # set_device KEY VALUE: one key of [devices] in the installed config, edited in place
  awk -v key="$1" -v value="$2" '
    /^\[/ { if (devices && !done) { print key " = " value; done = 1 }; devices = ($0 == "[devices]") }
    devices && !done && $0 ~ ("^(# *)?" key " *=") { print key " = " value; done = 1; next }
    { print }
    END { if (devices && !done) print key " = " value }' "$CONFIG_FILE" > "$W/kiosk.toml.new" && cat "$W/kiosk.toml.new" > "$CONFIG_FILE"
}
cp -p "$CONFIG_FILE" "$W/kiosk.toml.installed"
set_device display '"png"'
set_device png_path '"/var/lib/kiosk/screen.png"'
set_device cash "\"$CASH\""
set_device receipt_folder '"/var/lib/kiosk/receipts"'
mkdir -p "$R/var/lib/kiosk/receipts" && chroot "$R" chown "$RUN_USER:$RUN_GROUP" /var/lib/kiosk/receipts
echo "--- the technician's edit of /etc/kiosk/kiosk.toml:"
diff -u --label "as installed" --label "edited" "$W/kiosk.toml.installed" "$CONFIG_FILE" | sed 's/^/    /'
EDITED_SUM=$(md5sum < "$CONFIG_FILE")
[ "$(stat -c '%U:%G %a' "$CONFIG_FILE")" = "root:$(stat -c %G "$R/var/lib/kiosk") 640" ] &&
  ok "the config is the package's conffile, $(stat -c '%a' "$CONFIG_FILE") root:kiosk, $(grep -c . "$W/kiosk.toml.installed") lines as installed" ||
  bad "the installed config's owner and mode: $(stat -c '%U:%G %a' "$CONFIG_FILE")"

(as_unit "${EXEC[0]}" doctor > "$W/doctor.log" 2>&1 < /dev/null); doctor_status=$?
release_port
sed 's/^/    /' "$W/doctor.log"
if [ "$doctor_status" != 1 ] && ! grep -q '^FAIL' "$W/doctor.log" && grep -qE '^OK +cash ' "$W/doctor.log" \
   && grep -qE '^OK +database ' "$W/doctor.log" && grep -qE '^OK +printer ' "$W/doctor.log"; then
  ok "kiosk doctor in the root as user $RUN_USER: exit $doctor_status, no FAIL; cash, database and receipt folder OK"
else bad "kiosk doctor in the root: exit $doctor_status"; fi

printf 'wait 3\npress choosePlan internet-1h\nwait 120\n' > "$R/tmp/sale.script"
as_unit "${EXEC[@]}" --script /tmp/sale.script --exit-after 120 > "$W/kiosk.log" 2>&1 < /dev/null &
KPID=$!
code=
if wait_log "$W/kiosk.log" "payment for Internet 1 hour started" 60; then
  sleep 2   # the payment enables the acceptor a moment after it starts
  "$EMU" ctl "$W/cash.sock" insert 100 > /dev/null
  wait_log "$W/kiosk.log" "sold Internet 1 hour: code" 60 &&
    code=$(grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' "$W/kiosk.log" | head -1 | awk '{ print $NF }' | tr -d -)
fi
ticket() { sqlite3 "$R/var/lib/kiosk/kiosk.sqlite" "SELECT amount FROM balances WHERE holder = 'ticket:$1'" 2>/dev/null; }
if [ -n "$code" ] && [ -n "$(ticket "$code")" ] && ls "$R/var/lib/kiosk/receipts" | grep -q .; then
  mark; ok "the kiosk as the unit starts it sold a ticket for a 100 note: code $code, in /var/lib/kiosk/kiosk.sqlite, receipt in the folder $TOOK"
else tail -15 "$W/kiosk.log" | sed 's/^/    /'; bad "no sale in the root (see $W/kiosk.log)"; fi
kill -TERM "$KPID" 2>/dev/null
for _ in $(seq 100); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$KPID" 2>/dev/null; wait "$KPID" 2>/dev/null; KPID=""
release_port

# --- 5. the same packages again ---------------------------------------------------------------------
# Paths, types, modes, owners and sizes of the system's files, the times of all but folders (dpkg
# writes each file of a package anew, which touches its folder) and of deb-systemd-helper's notes
# (rewritten, same content), and a checksum of each file the packages or their scripts touch
# (config, users, units, data, those notes). Not dpkg's and apt's own books.
snapshot() {
  (cd "$R" && find etc usr var/lib -xdev \( -path var/lib/dpkg -o -path var/lib/apt -o -path var/cache -o -path etc/ld.so.cache \) -prune \
      -o \( -type d -o -path 'var/lib/systemd/deb-systemd-helper-enabled/*' \) -printf '%p %y %m %u %g\n' \
      -o -printf '%p %y %m %u %g %s %T@ %l\n' | LC_ALL=C sort
   find etc usr/bin usr/lib/kiosk usr/lib/kiosk-store usr/lib/systemd var/lib/kiosk var/lib/systemd -xdev -type f 2>/dev/null \
      -not -path etc/ld.so.cache -exec md5sum {} + | LC_ALL=C sort -k2)
}
snapshot > "$W/before-reinstall.txt"
if apt_in_root install "${RECOMMENDS[@]}" --reinstall "$K1" "$S1" && grep -q 'reinstalled' "$W/apt.log"; then
  snapshot > "$W/after-reinstall.txt"
  if cmp -s "$W/before-reinstall.txt" "$W/after-reinstall.txt"; then
    mark; ok "apt install --reinstall of the same packages ran their scripts again and changed nothing ($(wc -l < "$W/before-reinstall.txt") entries compared) $TOOK"
  else diff "$W/before-reinstall.txt" "$W/after-reinstall.txt" | head -20 | sed 's/^/    /'; bad "the reinstall changed files"; fi
else tail -10 "$W/apt.log"; bad "apt install --reinstall failed"; fi

# --- 6. the upgrade ----------------------------------------------------------------------------------
if wait "$V2_PID"; then ok "scripts/package built the upgrade's packages, $V2, from the same binaries (meanwhile)"
else cat "$W/package-v2.log"; bad "scripts/package --version $V2 failed"; finish; fi
cp "$W"/v2/*.deb "$R/tmp/debs/"
db_before=$(sqlite3 "$R/var/lib/kiosk/kiosk.sqlite" "SELECT COUNT(*), SUM(amount) FROM balances" 2>/dev/null)
if apt_in_root install "${RECOMMENDS[@]}" "$K2" "$S2"; then
  versions=$(chroot "$R" dpkg-query -W -f '${Package} ${Version}\n' kiosk kiosk-store | paste -sd, | sed 's/,/, /')
  said=$(in_root /usr/bin/kiosk --version 2>&1)
  if [ "$said" = "kiosk $V2" ] && [ "$versions" = "kiosk $V2, kiosk-store $V2" ]; then mark; ok "upgraded: $versions; kiosk --version says '$said' $TOOK"
  else bad "after the upgrade: $versions, kiosk --version '$said'"; fi
  db_after=$(sqlite3 "$R/var/lib/kiosk/kiosk.sqlite" "SELECT COUNT(*), SUM(amount) FROM balances" 2>/dev/null)
  if [ "$(md5sum < "$CONFIG_FILE")" = "$EDITED_SUM" ] && [ ! -e "$CONFIG_FILE.dpkg-new" ] && [ -n "$code" ] && [ -n "$(ticket "$code")" ] \
     && [ "$db_after" = "$db_before" ]; then
    ok "the upgrade kept the edited config (same checksum, no .dpkg-new) and the database (ticket $code, balances $db_after)"
  else bad "the upgrade lost the config or the data (balances before '$db_before', after '$db_after')"; fi
  (as_unit "${EXEC[0]}" doctor > "$W/doctor-2.log" 2>&1 < /dev/null)
  release_port
  grep -qE '^OK +database ' "$W/doctor-2.log" && ! grep -q '^FAIL' "$W/doctor-2.log" &&
    ok "kiosk doctor after the upgrade: $(grep -E '^OK +database ' "$W/doctor-2.log" | tr -s ' ')" ||
    { sed 's/^/    /' "$W/doctor-2.log"; bad "kiosk doctor after the upgrade"; }
else tail -10 "$W/apt.log"; bad "apt install of the upgrade failed"; fi

# --- 7. purge --------------------------------------------------------------------------------------
chroot "$R" dpkg -L kiosk kiosk-store | sort -u > "$W/package-files.txt"
if apt_in_root purge kiosk kiosk-store; then
  # Every file, and the folders only these packages had (the others belong to Debian's too).
  left=$(while read -r f; do { [ -e "$R$f" ] || [ -L "$R$f" ]; } && [ ! -d "$R$f" ] && echo "$f"; done < "$W/package-files.txt"
         for d in /etc/kiosk /usr/lib/kiosk /usr/lib/kiosk-store "/lib/systemd/system/getty@tty1.service.d"; do [ -e "$R$d" ] && echo "$d"; done)
  if [ -z "$left" ] && [ -n "$(ticket "$code")" ] && chroot "$R" getent passwd kiosk > /dev/null \
     && [ ! -e "$R/etc/systemd/system/multi-user.target.wants/kiosk.service" ]; then
    mark; ok "apt purge removed every file of both packages, /etc/kiosk and the enable links; kept /var/lib/kiosk (ticket $code) and the user kiosk $TOOK"
  else bad "after purge: left '$(echo $left)', ticket '$(ticket "$code")', user kiosk '$(chroot "$R" getent passwd kiosk)'"; fi
else tail -10 "$W/apt.log"; bad "apt purge failed"; fi
if apt_in_root install "${RECOMMENDS[@]}" "$K2" "$S2" && [ -n "$(ticket "$code")" ] && (in_root env KIOSK_PURGE_DATA=yes apt -y -q purge kiosk kiosk-store) > "$W/purge-data.log" 2>&1; then
  if [ ! -e "$R/var/lib/kiosk" ] && ! chroot "$R" getent passwd kiosk > /dev/null; then
    mark; ok "installed again, the kept database was there; KIOSK_PURGE_DATA=yes apt purge removed /var/lib/kiosk and the user kiosk $TOOK"
  else bad "KIOSK_PURGE_DATA=yes purge left /var/lib/kiosk or the user kiosk"; fi
else tail -10 "$W/apt.log" "$W/purge-data.log"; bad "install again and purge with KIOSK_PURGE_DATA=yes"; fi

# --- lintian (it ran meanwhile): every tag it reports must be one docs/deploy.md explains ------------
wait "$LINTIAN_PID"
explained=$(awk '/^### lintian/ { on = 1; next } /^#/ { on = 0 } on' "$REPO/docs/deploy.md" | grep -oE '^\| `[a-z0-9.-]+`' | tr -d '|` ' | sort -u)
grep -v 'running with root privileges' "$W/lintian.txt" | sed 's/^/    /'
unexplained=$(grep -E '^[EWIPX]: ' "$W/lintian.txt" | awk '{ print $3 }' | sort -u | comm -23 - <(echo "$explained"))
if [ -z "$unexplained" ] && ! grep -qi 'internal error' "$W/lintian.txt"; then
  ok "lintian on both packages: $(grep -cE '^E: ' "$W/lintian.txt") errors, $(grep -cE '^W: ' "$W/lintian.txt") warnings, each tag explained in docs/deploy.md"
else bad "lintian tags not explained in docs/deploy.md: $(echo $unexplained)"; fi
finish
