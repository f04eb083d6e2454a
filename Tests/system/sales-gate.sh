#!/usr/bin/env bash
# sales-gate: one readiness rule (SalesReadiness) closes sales for the screen and the bill acceptor
# alike. `kiosk run` from a config file, the bill-acceptor emulator on a pty, receipts to a folder
# whose `paper-out` switch makes the printer report an empty roll:
#   [sales] show_code_when_printer_down = false
#     paper out at idle        → sales closed (out of service); a note offered is refused at the
#                                slot (the acceptor stays inhibited), nothing is stacked
#     paper out mid-payment    → the payment ends at once, the acceptor is inhibited, what was
#                                inserted is kept as the customer's credit
#     paper back               → sales open, and a note sells a ticket
#   [sales] show_code_when_printer_down = true (the default)
#     paper out                → sales stay open; a note sells a ticket, the code shown, receipt
#                                "paperOut"
#   Tests/system/sales-gate.sh          (any folder; WORK=DIR keeps the files)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
start_test sales-gate
need_commands python3:python3
KIOSK=$(kiosk_binary kiosk) && EMULATOR=$(kiosk_binary ccnet-emulator) || { bad "kiosk or ccnet-emulator did not build"; finish; }
W=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/sales-gate.XXXXXX")}
mkdir -p "$W"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done; return 0; }
on_exit cleanup
# wait_count FILE PATTERN N SECONDS: the pattern is in the file at least N times
wait_count() {
  for _ in $(seq $(( $4 * 20 ))); do [ "$(grep -cF -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0; sleep 0.05; done
  return 1
}
ctl() { "$EMULATOR" ctl "$W/ctl" "$@" 2>&1; }
insert_when_enabled() {  # the acceptor is enabled a moment after a payment says it started
  for _ in $(seq 60); do
    case "$(ctl status)" in *state=idling*) ctl insert "$1" >/dev/null; return 0;; esac
    sleep 0.05
  done
  return 1
}

"$EMULATOR" run --link "$W/tty" --control "$W/ctl" --note-log "$W/notes.log" >"$W/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$W/ctl" ] && break; sleep 0.05; done
stacked() { grep -c ' stacked ' "$W/notes.log" 2>/dev/null || true; }

run_kiosk() {  # run_kiosk NAME SHOW_CODE SCRIPT
  mkdir -p "$W/$1/paper"
  cat >"$W/$1/kiosk.toml" <<EOF
[store]
path = "$W/$1/kiosk.sqlite"
[sales]
show_code_when_printer_down = $2
[devices]
display = "png"
png_path = "$W/$1/screen.png"
cash = "$W/tty"
receipt_folder = "$W/$1/paper"
EOF
  printf "$3" >"$W/$1/script"
  KIOSK_CONFIG="$W/$1/kiosk.toml" KIOSK_DATA_DIR="$W/$1" "$KIOSK" run --script "$W/$1/script" >"$W/$1/kiosk.log" 2>&1 &
  kiosk=$!
  pids+=($kiosk)
  wait_log "$W/$1/kiosk.log" "kiosk: running on" 30 || { bad "$1: the kiosk did not start (see $W/$1/kiosk.log)"; return 1; }
}

# --- fallback off ------------------------------------------------------------------------------
L=$W/off/kiosk.log
# The script presses the plan once paper is out (12 s), then again after paper is back (24 s).
# (A tap, not a press, at the plan's place while closed: a press of a button that is not there
# ends an input script.)
run_kiosk off false 'wait 5\npress choosePlan internet-1h\nwait 7\nscreen\ntap 338 271\nwait 10\npress finish\nwait 0.5\npress choosePlan game-3h\nwait 30\n' || finish
wait_log "$L" "payment for Internet 1 hour started" 10 || bad "off: the first payment did not start"
insert_when_enabled 100 >/dev/null || bad "off: the acceptor was never enabled for the first payment"
wait_log "$L" "sold Internet 1 hour: code" 15 && ok "off, paper in: a note sold a ticket" || bad "off: no first sale"
before=$(stacked)
touch "$W/off/paper/paper-out"
if wait_log "$L" "sales closed: printer:" 10; then
  ok "off, paper out: $(grep -o 'sales closed: printer:.*' "$L" | head -1 | cut -c1-110)"
else bad "off, paper out: sales did not close (see $L)"; fi
case "$(ctl status)" in *enabled=0x00*|*state=disabled*) ok "off, paper out: the acceptor is inhibited ($(ctl status | grep -o 'state=[a-z]* enabled=0x[0-9a-f]*'))";;
                          *) bad "off, paper out: the acceptor is not inhibited: $(ctl status)";; esac
ctl insert 100 >/dev/null; sleep 2
[ "$(stacked)" = "$before" ] && ok "off, paper out: a note offered at the slot was not stacked" || bad "off, paper out: a note was stacked while sales were closed"
wait_log "$L" "script: screen:" 15
sleep 1
[ "$(grep -c 'payment for Internet 1 hour started' "$L")" = 1 ] && grep -q "script: tap 338,271" "$L" \
  && ok "off, paper out: a tap where the plan was starts no payment" || bad "off, paper out: a payment started while sales were closed (see $L)"
rm -f "$W/off/paper/paper-out"
wait_count "$L" "sales open" 2 10 && ok "off, paper back: sales open again" || bad "off, paper back: sales stayed closed"
if wait_log "$L" "payment for Games 3 hours started" 20; then
  # One 100 note towards 250, then paper out while the payment waits for the rest: the payment
  # must end at once, the acceptor inhibited, the 100 kept as the customer's credit.
  insert_when_enabled 100 >/dev/null
  wait_log "$L" "kiosk: cash: ccnet $W/tty: note" 10; sleep 0.5
  touch "$W/off/paper/paper-out"
  if wait_log "$L" "sales closed during a payment" 10; then ok "off, paper out mid-payment: the payment was ended"; else bad "off, paper out mid-payment: the payment went on"; fi
  wait_log "$L" "payment for Games 3 hours cancelled, customer credit" 10 \
    && ok "off, paper out mid-payment: the 100 inserted is kept as a customer credit" || bad "off, paper out mid-payment: no credit kept (see $L)"
  case "$(ctl status)" in *enabled=0x00*|*state=disabled*) ok "off, paper out mid-payment: the acceptor is inhibited";;
                            *) bad "off, paper out mid-payment: the acceptor is not inhibited: $(ctl status)";; esac
else bad "off, paper back: the plan could not be chosen again (see $L)"; fi
kill "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null

# --- fallback on (the default) -------------------------------------------------------------------
L=$W/on/kiosk.log
run_kiosk on true 'wait 3\npress choosePlan internet-1h\nwait 30\n' || finish
touch "$W/on/paper/paper-out"
sleep 2.5
grep -q "sales closed: printer" "$L" && bad "on, paper out: sales closed although the fallback is on" || ok "on, paper out: sales stay open"
wait_log "$L" "payment for Internet 1 hour started" 10 && insert_when_enabled 100 >/dev/null
wait_log "$L" "sold Internet 1 hour: code" 15 && grep -q "sold Internet 1 hour: code.*receipt paperOut" "$L" \
  && ok "on, paper out: a note sold a ticket, receipt paperOut (the code shown on screen)" || bad "on, paper out: no sale (see $L)"
kill "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null
[ "$failed" = 0 ] && [ -z "${WORK:-}" ] && rm -rf "$W"
finish
