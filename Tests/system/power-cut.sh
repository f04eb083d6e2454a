#!/usr/bin/env bash
# Power-cut test of the kiosk's money flow: the real CCNET driver, SQLite store, CashPayment,
# SellTicket and ReconcileAfterRestart (in `kiosk cash sell`, and in `kiosk-bench cash
# --power-cut-kiosk` with a stalling disk) sell tickets for notes fed by ccnet-emulator on a pty,
# and are killed with SIGKILL RUNS times: most kills aimed at a phase of a sale (note in escrow,
# stacking, stacked but not yet committed, after commit, printing; at least RUNS/10 each), the
# rest at random. The emulator keeps running (it is the bill acceptor, with its own power) and
# writes an fsynced log of every note it stacked: that log is the ground truth. At the end every
# stacked note must be credited exactly once in the store (count per denomination), none credited
# that was not stacked, no note left half-recorded, and `kiosk store verify` must pass. It prints
# the seed (SEED=… repeats a run's choices) and the kills per phase.
#   Tests/system/power-cut.sh [RUNS]      RUNS defaults to 200
#   WORK=/some/dir to keep the logs elsewhere (default: <repo>/.work/power-cut)
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-200}"
work="${WORK:-$repo/.work/power-cut}"
rm -rf "$work"
mkdir -p "$work/runs"
cd "$repo"
command -v python3 >/dev/null || apt-get install -y python3 >/dev/null

echo "== building kiosk-bench, ccnet-emulator, kiosk"
for product in ccnet-emulator kiosk-bench kiosk; do
    swift build --product "$product" 2>&1 | grep -E 'error|Compiling|Build' | grep -v '^\[' || true
done
bin="$(swift build --show-bin-path)"
for tool in ccnet-emulator kiosk-bench kiosk; do
    [ -x "$bin/$tool" ] || { echo "power-cut: 0 passed, 1 failed ($tool did not build)"; exit 1; }
done

"$bin/ccnet-emulator" --link "$work/tty" --control "$work/ctl" --note-log "$work/notes.log" \
    --accept-ms 30 --stack-ms 80 --return-ms 30 --reject-ms 30 --init-ms 50 --escrow-timeout-ms 3000 \
    >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null' EXIT
for _ in $(seq 200); do [ -S "$work/ctl" ] && [ -e "$work/tty" ] && break; sleep 0.05; done
# One persistent control connection (a python coprocess): starting `ccnet-emulator ctl` per
# command would cost more than the moments being tested.
coproc CONTROL { python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
for line in sys.stdin:
    f.write(line); f.flush(); print(f.readline().strip())
' "$work/ctl"; }
ctl() { echo "$*" >&"${CONTROL[1]}"; local reply; read -r reply <&"${CONTROL[0]}"; echo "$reply"; }
db="$work/kiosk.sqlite"

# Waits (up to $2 seconds) until the kiosk's log $1 says "ready".
wait_ready() {
    local log=$1 limit=$2 waited=0
    until grep -q '^ready' "$log" 2>/dev/null; do
        sleep 0.05; waited=$((waited + 1))
        if [ "$waited" -ge $((limit * 20)) ]; then return 1; fi
    done
    return 0
}

# Two runs in three: the kiosk itself (`kiosk cash sell`), its kill aimed at a phase. Every third:
# the same use cases hosted by `kiosk-bench cash --power-cut-kiosk`, whose store stalls 0-40 ms
# before each note write (a busy disk), killed at a random moment. Each reconciles the other's leftovers.
start_kiosk() {
    if [ $(($2 % 3)) -ne 0 ]; then
        "$bin/kiosk" cash sell --device "$work/tty" --database "$db" --sales 1000000 --settle-ms 400 \
            --receipts "$work/receipts" >"$1" 2>&1 &
    else
        "$bin/kiosk-bench" cash --power-cut-kiosk "$db" --device "$work/tty" >"$1" 2>&1 &
    fi
    kiosk=$!
}

rand_ms() { printf '0.%03d' $((RANDOM % $1)); }

# Waits (up to $3 seconds) until the kiosk's log $1 has a line starting with $2.
wait_line() {
    local waited=0
    until grep -q "^$2" "$1" 2>/dev/null; do
        sleep 0.005; waited=$((waited + 1))
        if [ "$waited" -ge $(($3 * 200)) ]; then return 1; fi
    done
}

# Aimed runs kill right after the kiosk prints the line that starts a phase of a sale: the note
# in escrow, stacking (STACK sent), stacked but not yet committed (the device's report received,
# the write under way), after the commit, and printing. Each run aims at the phase with the fewest
# kills so far, so every phase gets at least RUNS/10 even when a run misses its moment.
phases=(escrow stacking stacked-not-committed after-commit printing)
markers=("step escrow" "step stack-sent" "step stacked-reported" "step stacked-committed" "printing")
declare -A aimed=() hit=()
seed=${SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
echo "== $runs runs, each killed with SIGKILL; seed $seed (repeat with SEED=$seed)"
not_ready=0
for run in $(seq 1 "$runs"); do
    log="$work/runs/$run.log"
    start_kiosk "$log" "$run"
    if [ $((run % 3)) -ne 0 ]; then
        phase=0
        for index in "${!phases[@]}"; do
            [ "${hit[${phases[$index]}]:-0}" -lt "${hit[${phases[$phase]}]:-0}" ] && phase=$index
        done
        name=${phases[$phase]}
        aimed[$name]=$(( ${aimed[$name]:-0} + 1 ))
        if ! wait_ready "$log" 30; then not_ready=$((not_ready + 1)); fi
        ctl insert 100 >/dev/null
        if wait_line "$log" "${markers[$phase]}" 15; then
            hit[$name]=$(( ${hit[$name]:-0} + 1 ))
            [ "$name" = stacked-not-committed ] || sleep "$(rand_ms 20)"
        fi
    elif [ $((RANDOM % 6)) -eq 0 ]; then
        sleep "$(rand_ms 700)"                        # during start-up and reconciliation
    else
        if ! wait_ready "$log" 30; then not_ready=$((not_ready + 1)); fi
        for _ in $(seq $((RANDOM % 3 + 1))); do
            ctl insert $([ $((RANDOM % 2)) -eq 0 ] && echo 50 || echo 100) >/dev/null
            sleep "$(rand_ms 300)"
        done
    fi
    kill -9 "$kiosk" 2>/dev/null
    wait "$kiosk" 2>/dev/null
    last=$(grep -vE '^driver' "$log" | tail -n 1 | cut -d' ' -f1-2 | sed -E 's/ [0-9a-f-]{20,}.*//; s/^(reconciled|credited|begin|sale|committed|sold|issued|printing|escrow-decided|stacking|returned) .*/\1/')
    echo "${last:-nothing}" >>"$work/killed-after.txt"
    [ $((run % 20)) -eq 0 ] && echo "  run $run: $(grep -c ' stacked ' "$work/notes.log" 2>/dev/null || echo 0) notes stacked so far"
done

echo "== final start: reconcile, then check"
start_kiosk "$work/final.log" 1
wait_ready "$work/final.log" 60 || { echo "final start never got ready"; tail -n 20 "$work/final.log"; }
sleep 1
kill -9 "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null
echo "killed after (last line the kiosk printed): $(sort "$work/killed-after.txt" | uniq -c | sort -rn | tr '\n' ' ')"
phases_short=0
for name in "${phases[@]}"; do
    echo "  phase $name: ${hit[$name]:-0} kills at that moment (of ${aimed[$name]:-0} aimed)"
    [ "${hit[$name]:-0}" -lt $(( runs / 10 )) ] && phases_short=$((phases_short + 1))
done
grep -hE '^reconciled' "$work"/runs/*.log "$work/final.log" | sed -E 's/^reconciled:? //; s/\(.*//' | sort | uniq -c | sed 's/^/  /'

python3 - "$work/notes.log" "$db" <<'PY'
import sqlite3, sys, collections
log, db = sys.argv[1], sys.argv[2]
stacked = collections.Counter()
returned = 0
for line in open(log):
    fields = line.split()
    if fields[2] == "stacked": stacked[int(fields[3]) * 100] += 1
    elif fields[2] == "returned": returned += 1
con = sqlite3.connect(db)
credited = collections.Counter(dict(con.execute(
    "SELECT amount_minor, count(*) FROM notes WHERE status = 'stacked' GROUP BY amount_minor").fetchall()))
pending = con.execute("SELECT count(*) FROM notes WHERE status = 'stacking'").fetchone()[0]
disputes = con.execute("SELECT count(*) FROM note_disputes").fetchone()[0]
sales = con.execute("SELECT count(*) FROM notes").fetchone()[0]
print(f"emulator log: {sum(stacked.values())} stacked ({dict(stacked)}), {returned} returned")
print(f"store: {sum(credited.values())} notes credited ({dict(credited)}), {pending} still 'stacking', {disputes} disputes, {sales} note rows")
ok = stacked == credited
if not ok: print("MISMATCH: every stacked note must be credited exactly once")
open(db + ".check", "w").write("ok" if ok else "mismatch")
PY
verify_out=$("$bin/kiosk" store verify --database "$db" 2>&1); verify=$?
echo "$verify_out" | tail -n 5

passed=0; failed=0
if [ "$(cat "$db.check" 2>/dev/null)" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$verify" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "kiosk store verify failed"; fi
stacked_total=$(grep -c ' stacked ' "$work/notes.log" 2>/dev/null || echo 0)
if [ "$stacked_total" -gt 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "no note was ever stacked: the test did not exercise anything"; fi
if [ "$phases_short" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "$phases_short phase(s) got fewer than $(( runs / 10 )) kills"; fi
[ "$not_ready" -gt 0 ] && echo "note: $not_ready run(s) never printed ready within 30 s"
echo "power-cut: $passed passed, $failed failed ($runs runs, $stacked_total notes stacked, seed $seed)"
[ "$failed" -eq 0 ]
