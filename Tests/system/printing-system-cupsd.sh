#!/bin/bash
# printing-system-cupsd: the kiosk's CUPS client against the cupsd a box really has.
#
# printing-cups.sh tests every printing path against a private cupsd; this script checks that
# the same client keeps the scheduler alive as Debian ships it:
#   1. the system's own cupsd with Debian's default /etc/cups (started here when none runs,
#      stopped again afterwards), a raw socket:// queue to a fake ESC/POS printer;
#   2. the previous Debian 12 build of cupsd (downloaded with apt-get download, unpacked here,
#      never installed) on a private configuration.
# Each gets raw files, text and raster receipts whose titles contain spaces (the document-name
# that made Debian's 2.4.2-3+deb12u10 crash: docs/printing.md): every job must complete, every
# byte reach the printer and the scheduler's process stay the same.
#
# Usage: Tests/system/printing-system-cupsd.sh        (as root: it runs the system's cupsd)
# Env:   JOBS=N  jobs per scheduler (default 12)   PREVIOUS_CUPS=VERSION  the older build to try
#        (default: the newest cups-daemon version apt knows below the installed one)
#        KIOSK_PRINT=PATH  use this kiosk-print binary instead of building one
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FIX=$HERE/printing
. "$HERE/lib.sh"
start_test printing-system-cupsd
JOBS=${JOBS:-12}

[ "$(id -u)" = 0 ] || { bad "must run as root: it starts and configures the system's cupsd"; finish; }
need_commands cupsd:cups-daemon lpadmin:cups-client python3:python3 runuser:util-linux
need_files /usr/lib/cups/backend/socket:cups /usr/include/cups/cups.h:libcups2-dev

P=$(kiosk_binary kiosk-print "${KIOSK_PRINT:-}") || { bad "kiosk-print was not built"; finish; }

W=$(mktemp -d /tmp/printing-system-cupsd.XXXXXX); chmod 755 "$W"
QUEUE=kiosk-check-$$
started_pid=""
cleanup() {
  lpadmin -h /run/cups/cups.sock -x "$QUEUE" 2>/dev/null
  for f in "$W"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  [ -n "$started_pid" ] && kill "$started_pid" 2>/dev/null
  sleep 0.3
  if [ "$failed" = 0 ]; then rm -rf "$W"; else echo "working folder kept: $W"; fi
}
on_exit cleanup

# Waits until the scheduler at $1 answers, or its process $2 is gone.
wait_scheduler() {
  for _ in $(seq 200); do
    lpstat -h "$1" -r 2>/dev/null | grep -q 'is running' && return 0
    [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && return 1
    sleep 0.05
  done
  return 1
}

# prints_through NAME SERVER PID PORT: JOBS jobs of three kinds, each completed and captured,
# and the scheduler process PID alive after each.
prints_through() {
  local name=$1 server=$2 pid=$3 port=$4 out=$W/out-$1 i kind done_jobs=0 lost=""
  mkdir -p "$out"; chmod 777 "$out"
  python3 "$FIX/escpos_listener.py" "$port" "$out" "$out/paper-out" > "$W/listener-$name.log" 2>&1 < /dev/null &
  echo $! > "$W/listener-$name.pid"
  until grep -q listening "$W/listener-$name.log" 2>/dev/null; do sleep 0.02; done
  lpadmin -h "$server" -p "$QUEUE" -E -v "socket://127.0.0.1:$port/?contimeout=10" -m raw 2>/dev/null \
    || { bad "$name: lpadmin could not add the queue"; return; }
  printf 'kiosk raw job\n' > "$W/raw.txt"
  for i in $(seq 1 "$JOBS"); do
    kind=$(( i % 3 ))
    case $kind in
      0) CUPS_SERVER=$server "$P" raw "$QUEUE" "$W/raw.txt" --timeout 20 ;;
      1) CUPS_SERVER=$server "$P" receipt "$QUEUE" --mode text --width 576 --timeout 20 ;;
      2) CUPS_SERVER=$server "$P" receipt "$QUEUE" --mode raster --width 576 --timeout 20 ;;
    esac > "$W/job-$name-$i.log" 2>&1
    if grep -q completed "$W/job-$name-$i.log" && kill -0 "$pid" 2>/dev/null; then
      done_jobs=$((done_jobs + 1))
    else
      lost="job $i: $(tail -1 "$W/job-$name-$i.log")"
      break
    fi
  done
  local captured
  for _ in $(seq 100); do
    captured=$(ls "$out"/capture-*.bin 2>/dev/null | wc -l)
    [ "$captured" -ge "$done_jobs" ] && break
    sleep 0.05
  done
  if [ "$done_jobs" = "$JOBS" ] && kill -0 "$pid" 2>/dev/null; then
    ok "$name: $JOBS jobs completed (raw, text and raster receipts, titles with spaces), scheduler pid $pid still running"
  else
    bad "$name: $done_jobs of $JOBS jobs completed; $lost; scheduler $(kill -0 "$pid" 2>/dev/null && echo alive || echo DEAD)"
  fi
  [ "$captured" -ge "$done_jobs" ] && [ "$captured" -gt 0 ] \
    && ok "$name: the printer received $captured documents" \
    || bad "$name: the printer received $captured documents for $done_jobs jobs"
  lpadmin -h "$server" -x "$QUEUE" 2>/dev/null
}

# --- 1. the system's cupsd, Debian's configuration ---------------------------------------------
SYS=/run/cups/cups.sock
if ! wait_scheduler "$SYS" ""; then
  mkdir -p /run/cups
  /usr/sbin/cupsd -f < /dev/null > "$W/system-cupsd.log" 2>&1 &
  started_pid=$!
  wait_scheduler "$SYS" "$started_pid" || { tail -5 "$W/system-cupsd.log"; bad "the system's cupsd did not start"; finish; }
fi
sys_pid=${started_pid:-$(pgrep -xo cupsd)}
echo "system cupsd $(dpkg-query -W -f='${Version}' cups-daemon), pid $sys_pid"
prints_through system "$SYS" "$sys_pid" $((30000 + RANDOM % 10000))

# --- 2. the previous Debian build of cupsd, private configuration ------------------------------
installed=$(dpkg-query -W -f='${Version}' cups-daemon)
previous=${PREVIOUS_CUPS:-$(apt-cache madison cups-daemon 2>/dev/null | awk '{print $3}' \
  | while read -r v; do dpkg --compare-versions "$v" lt "$installed" && echo "$v"; done | head -1)}
if [ -z "$previous" ]; then
  apt-get update -qq >/dev/null 2>&1
  previous=$(apt-cache madison cups-daemon | awk '{print $3}' \
    | while read -r v; do dpkg --compare-versions "$v" lt "$installed" && echo "$v"; done | head -1)
fi
if [ -z "$previous" ]; then
  bad "no cups-daemon older than $installed is known to apt (set PREVIOUS_CUPS)"
elif ! (cd "$W" && apt-get download -qq "cups-daemon=$previous" >/dev/null 2>&1); then
  bad "apt-get download cups-daemon=$previous failed"
else
  dpkg-deb -x "$W"/cups-daemon_*.deb "$W/previous"
  port=$((40000 + RANDOM % 10000))
  "$FIX/write-conf.sh" "$W/private" "$port" >/dev/null
  "$W/previous/usr/sbin/cupsd" -f -c "$W/private/etc/cupsd.conf" -s "$W/private/etc/cups-files.conf" \
    < /dev/null > "$W/previous-cupsd.log" 2>&1 &
  echo $! > "$W/previous-cupsd.pid"
  if wait_scheduler "$W/private/run/cups.sock" "$(cat "$W/previous-cupsd.pid")"; then
    echo "previous cupsd $previous, pid $(cat "$W/previous-cupsd.pid")"
    prints_through "previous-$previous" "$W/private/run/cups.sock" "$(cat "$W/previous-cupsd.pid")" $((port + 1))
  else
    tail -5 "$W/previous-cupsd.log"; bad "cupsd $previous did not start"
  fi
fi
finish
