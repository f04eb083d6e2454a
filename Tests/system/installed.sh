#!/bin/bash
# installed: the kiosk as kiosk/install.sh installs it and kiosk.service starts it takes money.
#
# The other system tests start `kiosk run` as the unit does too, but with configs and folders of
# their own; a real box runs only what the install put there. Here:
#   1. kiosk/install.sh --no-enable into a throwaway root (the binary, unit, config, data folder);
#   2. the kiosk started the way the INSTALLED unit says (ExecStart=, Environment=, User=, Group=,
#      SupplementaryGroups=, UMask= read from the unit file, nothing copied into this script),
#      in a mount namespace where the throwaway root's /etc/kiosk, /var/lib/kiosk and
#      /usr/local/bin sit at their real paths;
#   3. devices as on a box: ccnet-emulator on a pty (the bill acceptor), a private cupsd on the
#      socket path Debian's cupsd uses with a raw queue to a fake ESC/POS network printer;
#      the technician's only change is [devices] of the installed kiosk.toml (diff printed);
#   4. a VNC tap on the plan and a note sell a ticket; CUPS delivers the raster receipt; zbarimg
#      reads its QR and it is the sold code; `kiosk doctor` (kiosk stopped, same user, same mounts)
#      calls bill acceptor, printer and database OK;
#   5. the acceptor unplugged: sales close; plugged back on the same link: sales open again at the
#      kiosk's next status round and a second ticket is sold and printed.
#
# Usage: Tests/system/installed.sh          (as root: useradd, mounts, cupsd)
# Env:   KIOSK=PATH, CCNET_EMULATOR=PATH  use these binaries instead of building them
#        KEEP=1  keep the working folder (it is kept anyway when something failed)
# Leaves on the machine: the system user and group `kiosk` when they were missing (a box has them;
# a second run reuses them) and vncdotool in <repo>/.work/installed-venv when it was not on PATH.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FIX=$HERE/printing
. "$HERE/lib.sh"
start_test installed

[ "$(id -u)" = 0 ] || { bad "must run as root: it adds the kiosk user, mounts in a namespace and starts cupsd"; finish; }
need_commands cupsd:cups-daemon lpadmin:cups-client python3:python3 zbarimg:zbar-tools sqlite3:sqlite3 \
  unshare:util-linux setpriv:util-linux useradd:passwd
need_files /usr/lib/cups/backend/socket:cups /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
# vncdotool is a VNC client nobody here wrote (PyPI); a venv keeps it off the system's Python.
VNCDO=$(command -v vncdotool || echo "$REPO/.work/installed-venv/bin/vncdotool")
if [ ! -x "$VNCDO" ]; then
  need_packages python3-venv
  python3 -m venv "$REPO/.work/installed-venv" && "$REPO/.work/installed-venv/bin/pip" install -q vncdotool \
    || { bad "pip install vncdotool"; finish; }
fi

KIOSK_BIN=$(kiosk_binary kiosk "${KIOSK:-}") || { bad "kiosk was not built"; finish; }
EMU=$(kiosk_binary ccnet-emulator "${CCNET_EMULATOR:-}") || { bad "ccnet-emulator was not built"; finish; }

W=$(mktemp -d /tmp/installed.XXXXXX)
chmod 755 "$W"   # the kiosk user reaches the pty link here, and cupsd's lp the spool
R=$W/root
PIDS=()          # every process this script started, stopped by id in cleanup
MADE=()          # mount points made on this machine for the namespace, removed again
KPID=""
cleanup() {
  [ -n "$KPID" ] && kill -TERM "$KPID" 2>/dev/null
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in $KPID "${PIDS[@]}"; do
    for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null
  done
  for d in "${MADE[@]}"; do rmdir "$d" 2>/dev/null; done
  # The machine is left as it was: a user (and group) made for this run goes again, so other
  # tests (deploy.sh's install into / expects no kiosk user) and the next run see no trace.
  [ "${MADE_USER:-0}" = 1 ] && userdel "$RUN_USER" 2>/dev/null
  [ "${MADE_GROUP:-0}" = 1 ] && groupdel "$RUN_GROUP" 2>/dev/null
  if [ "$failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$W"; else echo "working folder kept: $W"; fi
}
on_exit cleanup

lines() { wc -l < "$1" 2>/dev/null || echo 0; }

# --- 1. install into a throwaway root ----------------------------------------------------------
# Only the kiosk in --bin: this box does not run the store (install.sh adds kiosk-store when it
# finds that binary beside the kiosk, as it may in a build folder).
mkdir -p "$W/bin" && cp "$KIOSK_BIN" "$W/bin/kiosk"
if "$REPO/kiosk/install.sh" --bin "$W/bin" --root "$R" --no-enable > "$W/install.log" 2>&1; then
  ok "kiosk/install.sh --root --no-enable: $(tail -1 "$W/install.log")"
else cat "$W/install.log"; bad "kiosk/install.sh failed"; finish; fi
UNIT=$R/etc/systemd/system/kiosk.service
CONFIG_FILE=$R/etc/kiosk/kiosk.toml
[ -f "$UNIT" ] && [ -f "$CONFIG_FILE" ] || { bad "the install left no kiosk.service or kiosk.toml"; finish; }

# --- 2. what the installed unit says -----------------------------------------------------------
unit_values() {  # unit_values KEY: every KEY= value of the unit's [Service] section
  awk -v key="$1" '/^\[/ { service = ($0 == "[Service]") }
                   service && index($0, key "=") == 1 { print substr($0, length(key) + 2) }' "$UNIT"
}
# systemd splits these values like a shell does (quotes, spaces): shlex does the same.
words() { python3 -c 'import shlex, sys; [print(w) for line in sys.stdin for w in shlex.split(line)]'; }
mapfile -t EXEC < <(unit_values ExecStart | tail -1 | sed -E 's/^[-@:+!]+//' | words)
mapfile -t UNIT_ENV < <(unit_values Environment | words)
RUN_USER=$(unit_values User | tail -1)
RUN_GROUP=$(unit_values Group | tail -1); RUN_GROUP=${RUN_GROUP:-$RUN_USER}
mapfile -t WANT_GROUPS < <(unit_values SupplementaryGroups | words)
RUN_UMASK=$(unit_values UMask | tail -1); RUN_UMASK=${RUN_UMASK:-0022}
[ -n "$(unit_values EnvironmentFile)" ] && bad "the unit has EnvironmentFile=, which this test does not read yet"
if [ "${#EXEC[@]}" -gt 0 ] && [ "${EXEC[0]#/}" != "${EXEC[0]}" ] && [ -n "$RUN_USER" ]; then
  ok "installed unit: ExecStart=${EXEC[*]} User=$RUN_USER Group=$RUN_GROUP SupplementaryGroups=${WANT_GROUPS[*]} Environment=${UNIT_ENV[*]}"
else bad "cannot read ExecStart= and User= from $UNIT"; finish; fi

# The dry-run root wrote its users into $R/etc/passwd only; the process needs a user this machine
# knows. Made as install.sh makes it on a real root.
if ! getent passwd "$RUN_USER" > /dev/null; then
  getent group "$RUN_GROUP" > /dev/null || { groupadd --system "$RUN_GROUP" && MADE_GROUP=1; }
  home=$(awk -F: -v n="$RUN_USER" '$1 == n { print $6 }' "$R/etc/passwd")
  useradd --system --gid "$RUN_GROUP" --home-dir "${home:-/nonexistent}" --no-create-home --shell /usr/sbin/nologin \
    --comment "kiosk service" "$RUN_USER" || { bad "useradd $RUN_USER"; finish; }
  MADE_USER=1
  echo "this machine had no user '$RUN_USER': created it with useradd --system (removed again at the end)"
fi
RUN_UID=$(id -u "$RUN_USER"); RUN_GID=$(getent group "$RUN_GROUP" | cut -d: -f3)
# install.sh chowned the root's files to the ids of the root's own passwd/group, which name other
# users here (or none): give them to this machine's kiosk, as install.sh on / would have.
root_uid=$(awk -F: -v n="$RUN_USER" '$1 == n { print $3 }' "$R/etc/passwd")
root_gid=$(awk -F: -v n="$RUN_GROUP" '$1 == n { print $3 }' "$R/etc/group")
[ -n "$root_uid" ] && [ "$root_uid" != "$RUN_UID" ] && find "$R" -uid "$root_uid" -exec chown -h "$RUN_UID" {} +
[ -n "$root_gid" ] && [ "$root_gid" != "$RUN_GID" ] && find "$R" -gid "$root_gid" -exec chgrp -h "$RUN_GID" {} +
# systemd would refuse to start with a group that does not exist; a test machine may lack one
# (containers often have no "input"): run with those that exist and say which were left out.
HAVE_GROUPS=()
for g in "${WANT_GROUPS[@]}"; do
  if getent group "$g" > /dev/null; then HAVE_GROUPS+=("$g"); else echo "no group '$g' on this machine: the kiosk runs without it"; fi
done
GROUP_LIST=$(IFS=,; echo "${HAVE_GROUPS[*]:-$RUN_GROUP}")
# The environment systemd gives a system service: its default PATH and the user's identity, then
# the unit's Environment=; nothing from this shell.
RUN_HOME=$(getent passwd "$RUN_USER" | cut -d: -f6); RUN_SHELL=$(getent passwd "$RUN_USER" | cut -d: -f7)
RUN_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$RUN_HOME" USER="$RUN_USER"
         LOGNAME="$RUN_USER" SHELL="$RUN_SHELL" "${UNIT_ENV[@]}")
BIN_DIR=$(dirname "${EXEC[0]}")

# Mount points on this machine for what the namespace puts there (none of them hold anything here;
# made empty and removed at the end). /run/cups is volatile and cupsd makes it anyway.
for d in /etc/kiosk /var/lib/kiosk /run/cups "$BIN_DIR"; do
  [ -d "$d" ] || { mkdir -p "$d" && MADE=("$d" "${MADE[@]}"); }
done

# as_installed CMD...: CMD as kiosk.service runs its ExecStart, in a mount namespace of its own:
#   - the throwaway root's /etc/kiosk and /var/lib/kiosk at their real paths (the unit's
#     Environment= names those, so the kiosk finds its config and database where a box has them);
#   - the root's /usr/local/bin at ExecStart's folder: ExecStart's path runs verbatim, the same
#     file install.sh put there, and the folder exists on every Debian, so no placeholder file is
#     needed on this machine (bind-mounting one file would need one);
#   - the private cupsd's socket at /run/cups/cups.sock, on a tmpfs that hides this machine's own
#     cupsd: a real box has cupsd there and no client.conf, and the unit sets no CUPS_SERVER, so
#     libcups's built-in default is the path under test; a client.conf would be a file no box has;
#   - working folder /, the unit's UMask=, its user, group and supplementary groups (setpriv sets
#     exactly those, as systemd does for User= with SupplementaryGroups=), an empty environment
#     plus the unit's.
# Not reproduced: the unit's sandboxing (ProtectSystem=, PrivateTmp=, SystemCallFilter=, …) and
# sd_notify; only systemd as PID 1 applies those.
# It execs all the way down, so run it in a subshell or in the background: that process's id is
# then the kiosk's own, as systemd's main PID is, and a SIGTERM to it reaches the kiosk.
as_installed() {
  exec unshare -m --propagation private -- /bin/bash -c '
    set -e
    root=$1 sock=$2 bindir=$3 umask=$4; shift 4
    mount --bind "$root/etc/kiosk" /etc/kiosk
    mount --bind "$root/var/lib/kiosk" /var/lib/kiosk
    mount --bind "$root$bindir" "$bindir"
    mount -t tmpfs -o mode=0755 kiosk-cups /run/cups
    : > /run/cups/cups.sock
    mount --bind "$sock" /run/cups/cups.sock
    cd /
    umask "$umask"
    exec "$@"' as-installed "$R" "$CUPS_SOCK" "$BIN_DIR" "$RUN_UMASK" \
    setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --groups="$GROUP_LIST" -- env -i "${RUN_ENV[@]}" "$@"
}

# --- 3. the devices ----------------------------------------------------------------------------
# A private cupsd (Tests/system/printing) with a raw queue to a fake network ESC/POS printer.
CUPS_PORT=$(free_port); PRINTER_PORT=$(free_port); VNC_PORT=$(free_port)
C=$W/cups
"$FIX/write-conf.sh" "$C" "$CUPS_PORT" > /dev/null || { bad "write cupsd configuration"; finish; }
CUPS_SOCK=$C/run/cups.sock
export CUPS_SERVER=$CUPS_SOCK   # for this script's lpadmin/lpstat only: the kiosk gets env -i
python3 "$FIX/escpos_listener.py" "$PRINTER_PORT" "$C/out" "$C/run/paper-out" > "$C/log/listener.log" 2>&1 < /dev/null &
PIDS+=($!)
/usr/sbin/cupsd -f -c "$C/etc/cupsd.conf" -s "$C/etc/cups-files.conf" > "$C/log/cupsd.stdout" 2>&1 < /dev/null &
PIDS+=($!)
for _ in $(seq 200); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.05; done
lpstat -r 2>/dev/null | grep -q 'is running' || { tail "$C/log/error_log"; bad "cupsd did not start"; finish; }
wait_log "$C/log/listener.log" listening 10 || { bad "the fake printer did not start"; finish; }
QUEUE=kiosk-receipt
lpadmin -p "$QUEUE" -E -v "socket://127.0.0.1:$PRINTER_PORT/?contimeout=10" -m raw 2>/dev/null \
  || { bad "lpadmin could not add queue $QUEUE"; finish; }

# The bill acceptor: ccnet-emulator's pty behind a link, as udev links /dev/kiosk/cash. The pty is
# root's (mode 620, group tty); the installed udev rule says what a real adapter's node gets.
mkdir -p "$W/dev"
CASH=$W/dev/cash
cash_rule=$(grep -v '^#' "$R/etc/udev/rules.d/70-kiosk.rules" | grep -F 'ATTRS{idVendor}=="0403"' | head -1)   # the FTDI adapter's group and mode
CASH_GROUP=$(sed -nE 's/.*GROUP="([^"]+)".*/\1/p' <<< "$cash_rule")
CASH_MODE=$(sed -nE 's/.*MODE="([0-7]+)".*/\1/p' <<< "$cash_rule")
[ -n "$CASH_GROUP" ] && [ -n "$CASH_MODE" ] || { bad "no GROUP/MODE for kiosk/cash in the installed udev rules"; finish; }
plug_acceptor() {  # starts the emulator on $CASH, then does to the node what the udev rule does
  "$EMU" run --link "$CASH" --control "$W/cash.sock" --note-log "$W/notes.log" >> "$W/emulator.log" 2>&1 < /dev/null &
  EMU_PID=$!; PIDS+=($EMU_PID)
  for _ in $(seq 100); do [ -e "$CASH" ] && [ -S "$W/cash.sock" ] && break; sleep 0.05; done
  [ -e "$CASH" ] || return 1
  chgrp "$CASH_GROUP" "$(readlink -f "$CASH")" && chmod "$CASH_MODE" "$(readlink -f "$CASH")"
}
# The kiosk opens the port exclusively (TIOCEXCL), which only root may override. A USB-serial node
# drops that flag when its last user closes it, so on a box the kiosk's restart and the doctor
# after it open the port again. The emulator holds its pty open on both sides, so the flag outlives
# the kiosk there: after each process that used the port exits, clear it where the kernel would.
release_port() {
  python3 -c 'import fcntl, os, sys, termios
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
fcntl.ioctl(fd, termios.TIOCNXCL)
os.close(fd)' "$CASH"
}
plug_acceptor || { bad "the emulator did not start"; finish; }
ok "bill acceptor: ccnet-emulator on $(readlink "$CASH") ($(stat -c '%G %a' "$(readlink -f "$CASH")")), linked as $CASH"

# The technician's edit: [devices] of the installed kiosk.toml, nothing else. A commented default
# ("# cash = …") is replaced where it stands, as by hand; a key the file lacks ends the section.
set_device() {  # set_device KEY VALUE [FILE]: one key of FILE's [devices] (default: the installed config)
  local file=${3:-$CONFIG_FILE}
  awk -v key="$1" -v value="$2" '
    /^\[/ { if (devices && !done) { print key " = " value; done = 1 }; devices = ($0 == "[devices]") }
    devices && !done && $0 ~ ("^(# *)?" key " *=") { print key " = " value; done = 1; next }
    { print }
    END { if (devices && !done) print key " = " value }' "$file" > "$W/kiosk.toml.new" \
  && cat "$W/kiosk.toml.new" > "$file"   # in place: the file keeps install.sh's owner and mode
}
cp -p "$CONFIG_FILE" "$W/kiosk.toml.installed"
set_device cash "\"$CASH\""
set_device printer "\"$QUEUE\""
set_device display '"vnc"'
set_device vnc_port "$VNC_PORT"
echo "--- the technician's edit of /etc/kiosk/kiosk.toml:"
diff -u --label "kiosk.toml as installed" --label "kiosk.toml edited" "$W/kiosk.toml.installed" "$CONFIG_FILE"
outside_devices() { awk '/^\[/ { devices = ($0 == "[devices]") } !devices' "$1"; }
changed=$(diff "$W/kiosk.toml.installed" "$CONFIG_FILE" | grep -c '^>')
if cmp -s <(outside_devices "$W/kiosk.toml.installed") <(outside_devices "$CONFIG_FILE") && [ "$changed" = 4 ] \
   && [ "$(stat -c '%a %U' "$CONFIG_FILE")" = "$(stat -c '%a %U' "$W/kiosk.toml.installed")" ]; then
  ok "the config edit changed 4 lines, all in [devices]; the file keeps mode and owner $(stat -c '%a %U:%G' "$CONFIG_FILE")"
else bad "the config edit touched more than [devices] cash, printer, display, vnc_port"; fi

# Where the plan button is depends on size, dpi, language and catalog; the kiosk knows its layout:
# the same binary and config on a PNG screen, with its own emulator and a receipt folder, logs
# "script: press choosePlan internet-1h at X,Y" for an input script. It runs from a copy of the
# edited config whose [devices] name that screen, emulator and folder; its data is thrown away.
P=$W/layout
mkdir -p "$P"
cp "$CONFIG_FILE" "$P/kiosk.toml"
set_device display '"png"' "$P/kiosk.toml"
set_device png_path "\"$P/screen.png\"" "$P/kiosk.toml"
set_device cash "\"$P/cash\"" "$P/kiosk.toml"
set_device receipt_folder "\"$P/receipts\"" "$P/kiosk.toml"
"$EMU" run --link "$P/cash" --control "$P/cash.sock" > "$P/emulator.log" 2>&1 < /dev/null &
probe_emu=$!; PIDS+=($probe_emu)
for _ in $(seq 100); do [ -e "$P/cash" ] && break; sleep 0.05; done
printf 'wait 5\npress choosePlan internet-1h\n' > "$P/press.script"
KIOSK_CONFIG=$P/kiosk.toml KIOSK_DATA_DIR=$P "$R${EXEC[0]}" run --script "$P/press.script" --exit-after 60 \
  > "$P/kiosk.log" 2>&1 &
probe=$!; PIDS+=($probe)
wait_log "$P/kiosk.log" 'script: press choosePlan internet-1h at' 60
read -r TAP_X TAP_Y < <(sed -nE 's/.*script: press choosePlan internet-1h at ([0-9]+),([0-9]+) on idle.*/\1 \2/p' "$P/kiosk.log")
kill "$probe" "$probe_emu" 2>/dev/null
if [ -n "${TAP_X:-}" ]; then ok "the kiosk's layout puts plan internet-1h at $TAP_X,$TAP_Y"
else tail -5 "$P/kiosk.log"; bad "no position for plan internet-1h"; finish; fi

# --- 4. the kiosk as installed sells --------------------------------------------------------------
start_kiosk() {  # start_kiosk LOG: the unit's ExecStart, as the unit runs it (stderr is its journal)
  as_installed "${EXEC[@]}" > "$1" 2>&1 < /dev/null &
  KPID=$!
  wait_log "$1" "running on vnc" 90
}
stop_kiosk() {  # as systemctl stop: SIGTERM to the main process, then wait for it
  kill -TERM "$KPID" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$KPID" 2>/dev/null; wait "$KPID" 2>/dev/null; KPID=""
}
vnc() { timeout 30 "$VNCDO" -s "127.0.0.1::$VNC_PORT" "$@"; }
# sell LOG AFTER_LINE: a tap on the plan over VNC and a 100 note; prints the sold code, ungrouped.
sell() {
  vnc move "$TAP_X" "$TAP_Y" click 1
  wait_log "$1" "payment for Internet 1 hour started" 30 "$2" || { echo "no payment started" >&2; return 1; }
  sleep 2   # the payment enables the acceptor a moment after it starts
  "$EMU" ctl "$W/cash.sock" insert 100 > /dev/null || { echo "the emulator refused the note" >&2; return 1; }
  wait_log "$1" "sold Internet 1 hour: code" 60 "$2" || { echo "no sale after the note" >&2; return 1; }
  tail -n +"$(( $2 + 1 ))" "$1" | grep -o 'sold Internet 1 hour: code [0-9A-Z-]*' | head -1 | awk '{ print $NF }' | tr -d -
}
# receipt_qr N: the QR of the fake printer's capture N, through the test's own ESC/POS reader.
receipt_qr() {
  for _ in $(seq 300); do [ -s "$C/out/capture-$1.bin" ] && break; sleep 0.1; done
  python3 "$FIX/escpos_decode.py" "$C/out/capture-$1.bin" "$W/receipt-$1.pbm" > "$W/receipt-$1.txt" 2>&1 \
    && zbarimg -q --raw "$W/receipt-$1.pbm" 2>/dev/null | head -1
}
in_database() {  # in_database CODE: the ticket's balance row in the installed database
  [ -n "$(sqlite3 "$R/var/lib/kiosk/kiosk.sqlite" "SELECT amount FROM balances WHERE holder = 'ticket:$1'" 2>/dev/null)" ]
}

L1=$W/kiosk-1.log
if start_kiosk "$L1"; then ok "the kiosk started as the unit starts it: $(grep -o 'running on vnc.*' "$L1")"
else tail -20 "$L1"; bad "the kiosk did not start (see $L1)"; finish; fi
ids=$(awk '/^Uid:/ { u = $2 } /^Gid:/ { g = $2 } /^Groups:/ { $1 = ""; s = $0 } END { print u, g, s }' "/proc/$KPID/status")
read -r uid gid groups <<< "$ids"
names=$(for g in $groups; do getent group "$g" | cut -d: -f1; done | sort | tr '\n' ' ')
if [ "$uid" = "$RUN_UID" ] && [ "$gid" = "$RUN_GID" ] && [ "${names% }" = "$(printf '%s\n' "${HAVE_GROUPS[@]}" | sort | tr '\n' ' ' | sed 's/ $//')" ]; then
  ok "its process runs as $RUN_USER:$RUN_GROUP with groups ${names% }, config $(tr '\0' '\n' < "/proc/$KPID/environ" | grep ^KIOSK_CONFIG=)"
else bad "its process runs as uid $uid gid $gid groups '$groups'"; fi

code1=$(sell "$L1" 0)
if [ -n "$code1" ]; then ok "a VNC tap on the plan and a 100 note sold a ticket: code $code1"
else tail -20 "$L1"; bad "no ticket sold (see $L1)"; finish; fi
qr1=$(receipt_qr 1)
if [ "$qr1" = "$code1" ]; then ok "CUPS delivered the raster receipt to the printer; zbarimg reads its QR: $qr1"
else bad "receipt 1: QR '$qr1' is not the sold code $code1 ($(head -3 "$W/receipt-1.txt" | tr '\n' ' '))"; fi
in_database "$code1" && ok "the ticket is in /var/lib/kiosk/kiosk.sqlite" || bad "ticket $code1 not in the database"

# kiosk doctor, the way docs/deploy.md and its own help say: the same user, config and mounts,
# with the kiosk stopped (the bill acceptor handshake needs the port to itself).
stop_kiosk; release_port
(as_installed "${EXEC[0]}" doctor > "$W/doctor.log" 2>&1 < /dev/null)
release_port
echo "--- kiosk doctor (kiosk stopped):"; sed 's/^/    /' "$W/doctor.log"
for check in cash printer database; do
  if grep -qE "^OK +$check " "$W/doctor.log" && ! grep -qE "^FAIL.*\b$check\b" "$W/doctor.log"; then
    ok "kiosk doctor: $(grep -E "^OK +$check " "$W/doctor.log" | sed -E 's/ +/ /g')"
  else bad "kiosk doctor on $check: $(grep -E "^[A-Z]+ +$check " "$W/doctor.log")"; fi
done

# --- 5. the acceptor unplugged and back ------------------------------------------------------------
L2=$W/kiosk-2.log
start_kiosk "$L2" || { tail -20 "$L2"; bad "the kiosk did not start again"; finish; }
sleep 3   # a status round or two with the acceptor connected
# Selling before the unplug: the kiosk logs only changes, so its last word must not be "closed".
grep -oE 'sales (open|closed)' "$L2" | tail -1 | grep -q closed && bad "the restarted kiosk was not selling: $(grep -o 'sales closed: .*' "$L2" | tail -1)"
unplugged_at=$(lines "$L2")
kill -TERM "$EMU_PID"; wait "$EMU_PID" 2>/dev/null
rm -f "$CASH"   # udev removes the link with the device node
if wait_log "$L2" "sales closed: " 60 "$unplugged_at"; then ok "acceptor unplugged: $(grep -o 'sales closed: .*' "$L2" | tail -1)"
else tail -10 "$L2"; bad "the kiosk did not close sales without its acceptor"; fi
closed_at=$(lines "$L2")
plug_acceptor || bad "the emulator did not start again"
if wait_log "$L2" "sales open" 60 "$closed_at"; then ok "acceptor back on $CASH ($(readlink "$CASH")): the kiosk logged 'sales open'"
else tail -10 "$L2"; bad "sales did not open again after the acceptor came back"; fi
sleep 1
code2=$(sell "$L2" "$closed_at")
if [ -n "$code2" ] && [ "$code2" != "$code1" ]; then ok "after the replug a tap and a note sold a second ticket: code $code2"
else tail -20 "$L2"; bad "no second ticket after the replug (see $L2)"; fi
qr2=$(receipt_qr 2)
[ -n "$code2" ] && [ "$qr2" = "$code2" ] && ok "the second receipt's QR reads $qr2" \
  || bad "receipt 2: QR '$qr2' is not the sold code '$code2'"
[ -n "$code2" ] && in_database "$code2" && ok "the second ticket is in the database" || bad "ticket '$code2' not in the database"
stacked=$(grep -c ' stacked 100 ' "$W/notes.log" 2>/dev/null)
[ "$stacked" = 2 ] && ok "the acceptor stacked 2 notes of 100 (emulator's note log)" || bad "the emulator's note log has $stacked notes stacked"
stop_kiosk
finish
