#!/usr/bin/env bash
# power-cut: SIGKILL the kiosk customers use — `kiosk run` started the way kiosk.service starts it
# (a config file, no device flags) with its screen (png), scripted input, receipt printer (a
# folder) and sync to a running kiosk-store — at every moment that matters, and check that no
# note is ever lost or credited twice.
#
# The bill acceptor is ccnet-emulator on a pty: it keeps running across kills (it has its own
# power) and writes an fsynced log of every note it stacked; that log is the ground truth. Each
# run starts the kiosk, lets it reconcile what the last kill left, and kills it again, aimed at
# the phase with the fewest kills so far:
#   escrow                 a note in escrow               ("step escrow" in the kiosk's log)
#   stacking               STACK sent                     ("step stack-sent")
#   stacked-not-committed  the device said stacked, the write under way ("step stacked-reported")
#   after-commit           the credit committed           ("step stacked-committed")
#   printing               the receipt being printed      ("printing")
#   sync                   a batch of events in flight to the store ("sync: sending")
#   collection             staff confirming a cash collection ("press confirmCollection")
# and every fifth run at a random moment. A kill counts for a phase only when the kiosk's log
# shows it got there. At the end: the emulator's log equals the kiosk's ledger per denomination,
# `kiosk store verify` is clean, the store holds each of the kiosk's events, sales and collections
# exactly once, and the collections plus the cash box hold exactly the notes stacked.
#
#   Tests/system/power-cut.sh [KILLS]   KILLS defaults to 70 (>= 8 per phase, CI's sample);
#                                       200 (>= 20 per phase) is the full campaign (scripts/test --full)
#   SEED=N repeats a run's choices; WORK=DIR keeps the files there (default <repo>/.work/power-cut)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test power-cut

# CI's sample by default; `scripts/test --full` (FULL=1) runs the full campaign.
kills=${1:-$([ "${FULL:-0}" = 1 ] && echo 200 || echo 70)}
phases=(escrow stacking stacked-not-committed after-commit printing sync collection)
markers=("kiosk: step escrow" "kiosk: step stack-sent" "kiosk: step stacked-reported" "kiosk: step stacked-committed"
         "kiosk: printing" "kiosk: sync: sending" "script: press confirmCollection")
per_phase=$(( kills * 4 / 5 / ${#phases[@]} ))   # four kills in five are aimed
work=${WORK:-$REPO/.work/power-cut}
rm -rf "$work"; mkdir -p "$work/runs" "$work/receipts"

need_commands python3:python3 sqlite3:sqlite3 curl:curl pkg-config:pkg-config
# kiosk and kiosk-store link every C library of the package.
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev libvncserver-dev \
  libcups2-dev
KIOSK=$(kiosk_binary kiosk) && STORE=$(kiosk_binary kiosk-store) && EMULATOR=$(kiosk_binary ccnet-emulator) \
  || { bad "the kiosk, kiosk-store or ccnet-emulator did not build"; finish; }

pids=()
cleanup() {   # the servers, the emulator and its control coprocess; waits for those alone
  local p
  for p in "${pids[@]}" ${CONTROL_PID:-}; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  return 0
}
on_exit cleanup

# lib.sh's wait_log, polled every 5 ms: the cuts aim at moments of a sale.
WAIT_LOG_POLL=0.005

# --- the store, its catalog, this kiosk's registration; the bill acceptor, with its own power ------
export KIOSK_STORE_ADMIN_TOKEN=power-cut-admin-token-0123456789
start_store "$work" || { cat "$work/store.log"; bad "kiosk-store did not start"; finish; }
pids+=("$STORE_PID")
register_kiosk "$work" power-cut || { bad "catalog upload or kiosk store register"; finish; }
start_emulator "$work" || { bad "ccnet-emulator did not start"; finish; }
# One persistent control connection: starting `ccnet-emulator ctl` per note would cost more than
# the moments being aimed at.
coproc CONTROL { python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
for line in sys.stdin:
    f.write(line); f.flush(); print(f.readline().strip())
' "$work/ctl"; }
# ctl COMMAND...: the emulator's answer is left in $answer (the coprocess's descriptors do not
# reach a $(…) subshell, so it cannot be printed and captured).
ctl() { echo "$*" >&"${CONTROL[1]}"; answer=""; read -r -t 10 answer <&"${CONTROL[0]}"; }
# insert AMOUNT: the note goes in once the kiosk has enabled the acceptor (a payment that just
# started enables it a moment after it says so; a note offered to a disabled acceptor is refused
# at the slot); gives up after about 3 s.
insert() {
  for _ in $(seq 60); do
    ctl status
    case "$answer" in *state=idling*) ctl insert "$1"; case "$answer" in *state=accepting*) return 0;; esac;; esac
    sleep 0.05
  done
  return 1
}

# --- the kiosk as installed: a config file and nothing else on the command line -------------------
PIN_HASH=$(printf '%s' 24681012 | "$KIOSK" staff hash-pin)
cat >"$work/kiosk.toml" <<EOF
[kiosk]
id = "$KID"
namespace = $NS

[store]
path = "$work/kiosk.sqlite"

[devices]
display = "png"
png_path = "$work/screen.png"
size = "1920x1080"
cash = "$work/tty"
receipt_folder = "$work/receipts"
store_url = "$URL"
store_token_file = "$work/token"
sync_seconds = 0.3

[[staff]]
name = "Anna"
pin_hash = "$PIN_HASH"
EOF
DB=$work/kiosk.sqlite
sale_script='wait 0.2\npress choosePlan internet-1h\nwait 60\n'
# The hidden gesture (bottom corners of 1920x1080: left, right, left, right), the PIN, the collection form, confirm.
collection_script='wait 0.2\ntap 34 1046\ntap 1886 1046\ntap 34 1046\ntap 1886 1046\nchar 2\nchar 4\nchar 6\nchar 8\nchar 1\nchar 0\nchar 1\nchar 2\nenter\nwait 1\npress staffOpen collection\nwait 0.5\npress editCollectionField collector\nchar a\nchar n\nchar n\nenter\nwait 0.2\npress editCollectionField bag\nchar 7\nenter\nwait 0.2\npress confirmCollection\nwait 60\n'

start_kiosk() {  # start_kiosk LOG SCRIPT
  printf "$2" >"$1.script"
  KIOSK_CONFIG="$work/kiosk.toml" KIOSK_DATA_DIR="$work" "$KIOSK" run --script "$1.script" >"$1" 2>&1 &
  kiosk=$!
}
ready() { wait_log "$1" "kiosk: running on" 30; }
rand_ms() { printf '0.%03d' $((RANDOM % $1)); }

seed=${SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
echo "== $kills kills of kiosk run (>= $per_phase per phase), seed $seed (repeat with SEED=$seed)"
declare -A hit=() aimed=()
run=0
short() { local name; for name in "${phases[@]}"; do [ "${hit[$name]:-0}" -lt "$per_phase" ] && return 0; done; return 1; }
# Kills go on until the sample is complete: KILLS in all and every phase hit often enough; a miss
# (the kiosk never reached the phase before the wait ran out) costs one more run, up to 3 × KILLS.
while { [ "$run" -lt "$kills" ] || short; } && [ "$run" -lt $(( kills * 3 )) ]; do
  run=$((run + 1))
  log=$work/runs/$run.log
  if [ $((run % 5)) -eq 0 ]; then
    start_kiosk "$log" "$sale_script"
    if [ $((RANDOM % 4)) -eq 0 ]; then sleep "$(rand_ms 900)"    # during start-up and reconciliation
    else
      ready "$log" && for _ in $(seq $((RANDOM % 3 + 1))); do ctl insert $([ $((RANDOM % 2)) = 0 ] && echo 50 || echo 100); sleep "$(rand_ms 400)"; done
    fi
    name=random
  else
    phase=0
    for index in "${!phases[@]}"; do [ "${hit[${phases[$index]}]:-0}" -lt "${hit[${phases[$phase]}]:-0}" ] && phase=$index; done
    name=${phases[$phase]}
    aimed[$name]=$(( ${aimed[$name]:-0} + 1 ))
    if [ "$name" = collection ]; then start_kiosk "$log" "$collection_script"; else start_kiosk "$log" "$sale_script"; fi
    landed=1
    if ready "$log" && [ "$name" != collection ]; then
      # A credit kept by an earlier kill may pay part of the plan (credits are 50s and 100s), or
      # all of it (then no note is asked for). A 50 always fits what is left, so it is stacked,
      # never given back as overpaying; a second 50 finishes the sale when the phase is later.
      if wait_log "$log" "payment for Internet 1 hour started" 5; then
        insert 50
        wait_log "$log" "${markers[$phase]}" 4 || { insert 50; wait_log "$log" "${markers[$phase]}" 10; } || landed=0
      else wait_log "$log" "${markers[$phase]}" 10 || landed=0
      fi
    else wait_log "$log" "${markers[$phase]}" 15 || landed=0
    fi
    if [ "$landed" = 1 ]; then
      hit[$name]=$(( ${hit[$name]:-0} + 1 ))
      [ "$name" = stacked-not-committed ] || sleep "$(rand_ms 25)"
    fi
  fi
  kill -9 "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null
  echo "$name $(grep -E '^kiosk: (step|printing|sync:|sold|committed|reconciled|cash collection)' "$log" | tail -1 | cut -c1-60)" >>"$work/kills.txt"
  [ $((run % 20)) -eq 0 ] && echo "  kill $run: $(grep -c ' stacked ' "$work/notes.log" 2>/dev/null) notes stacked so far"
done

echo "== final start: reconcile, sync everything, stop"
start_kiosk "$work/final.log" 'wait 60\n'
ready "$work/final.log" || { tail -20 "$work/final.log"; bad "the final start never got ready"; }
for _ in $(seq 150); do [ "$(sqlite3 -cmd '.timeout 5000' "$DB" 'SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL')" = 0 ] && break; sleep 0.2; done
kill "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null

echo "kills: $run in all"
for name in "${phases[@]}"; do
  echo "  phase $name: ${hit[$name]:-0} kills there (of ${aimed[$name]:-0} aimed)"
  [ "${hit[$name]:-0}" -ge "$per_phase" ] && ok "phase $name: ${hit[$name]:-0} kills landed there" \
    || bad "phase $name: only ${hit[$name]:-0} kills landed there (wanted $per_phase)"
done
grep -h '^kiosk: reconciled' "$work"/runs/*.log "$work/final.log" | sed -E 's/^kiosk: reconciled //; s/\(.*//' | sort | uniq -c | sed 's/^/  /'

# --- the money ----------------------------------------------------------------------------------
python3 - "$work/notes.log" "$DB" "$work/store.sqlite" "$KID" >"$work/check.txt" <<'PY'
import collections, sqlite3, sys
log, db, store_db, kiosk_id = sys.argv[1:]
stacked = collections.Counter()
for line in open(log):
    fields = line.split()
    if len(fields) > 3 and fields[2] == "stacked": stacked[int(fields[3]) * 100] += 1
k = sqlite3.connect(db)
credited = collections.Counter(dict(k.execute("SELECT amount_minor, count(*) FROM notes WHERE status = 'stacked' GROUP BY amount_minor")))
print("ledger", "ok" if stacked == credited else "MISMATCH",
      f"emulator stacked {dict(stacked)}, kiosk credited {dict(credited)}")
pending = k.execute("SELECT count(*) FROM notes WHERE status = 'stacking'").fetchone()[0]
print("pending", "ok" if pending == 0 else "MISMATCH", f"{pending} notes still 'stacking'")
collected = k.execute("SELECT COALESCE(SUM(counted_minor), 0), COALESCE(SUM(expected_minor), 0), count(*) FROM cash_collections").fetchone()
box = k.execute("SELECT COALESCE(SUM(count * denomination), 0) FROM cash_box").fetchone()[0]
total = sum(amount * n for amount, n in stacked.items())
print("cashbox", "ok" if collected[0] + box == total and collected[0] == collected[1] else "MISMATCH",
      f"{collected[2]} collections of {collected[0]} (expected {collected[1]}) + box {box} = stacked {total}")
outbox = {row[0] for row in k.execute("SELECT idempotency_key FROM outbox")}
unsent = k.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
s = sqlite3.connect(store_db)
events = collections.Counter(row[0] for row in s.execute("SELECT kiosk_event_id FROM events WHERE kiosk_id = ?", (kiosk_id,)))
twice = [key for key, n in events.items() if n > 1]
print("events", "ok" if set(events) == outbox and not twice and unsent == 0 else "MISMATCH",
      f"kiosk outbox {len(outbox)} ({unsent} unsent), store {sum(events.values())} events, {len(set(events) - outbox)} unknown, {len(outbox - set(events))} missing")
sales = k.execute("SELECT count(*) FROM outbox WHERE kind = 'sale'").fetchone()[0]
store_sales = s.execute("SELECT count(*) FROM events WHERE kiosk_id = ? AND type = 'ticket_sold'", (kiosk_id,)).fetchone()[0]
print("sales", "ok" if sales == store_sales and sales > 0 else "MISMATCH", f"kiosk sold {sales}, the store holds {store_sales}")
store_collections = s.execute("SELECT count(*), COALESCE(SUM(counted), 0) FROM cash_collections WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
print("collections", "ok" if store_collections[0] == collected[2] and store_collections[1] == collected[0] else "MISMATCH",
      f"kiosk {collected[2]} of {collected[0]}, the store {store_collections[0]} of {store_collections[1]}")
PY
while read -r what verdict rest; do
  [ "$verdict" = ok ] && ok "$what: $rest" || bad "$what: $rest"
done <"$work/check.txt"
verify=$("$KIOSK" store verify --database "$DB" 2>&1) && ok "kiosk store verify: $(echo "$verify" | tail -1)" \
  || { echo "$verify" | tail -5; bad "kiosk store verify"; }
echo "seed $seed; files in $work"
finish
