#!/usr/bin/env bash
# Sync under faults: 5 kiosks (kiosk-bench sync --fault-kiosk: real cash sales and refills in the
# kiosk's SQLite store, drained by the real sync client) talk to kiosk-store through a loopback
# proxy that drops, delays, duplicates and cuts connections, while the store is restarted and
# kiosks are killed at random. After healing, the store must hold every event exactly once and
# its balances must match the kiosks' ledgers. Prints the tally; exits non-zero otherwise.
# Usage: Tests/system/sync-faults.sh   (any directory; WORK=dir keeps the files; OPS=per-kiosk operations)
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
. "$repo/Tests/system/lib.sh"
name=sync-faults
start_test "$name"
kiosks=5
ops=${OPS:-200}
chaos_seconds=${CHAOS_SECONDS:-60}
work="${WORK:-$(mktemp -d /tmp/sync-faults.XXXXXX)}"
mkdir -p "$work"
export KIOSK_STORE_ADMIN_TOKEN="sync-faults-admin-token-$RANDOM$RANDOM"

need_commands curl:curl python3:python3 pkg-config:pkg-config
# kiosk-bench links every C library of the package.
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev

echo "$name: building kiosk-store and kiosk-bench"
cd "$repo"
build_products kiosk-store kiosk-bench
bin=$BIN

store_port=$(free_port)
proxy_port=$(free_port)
pids=()
cleanup() {
    touch "$work/stop"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    [ -f "$work/store.pid" ] && kill -9 "$(cat "$work/store.pid")" 2>/dev/null
    for i in $(seq 1 $kiosks); do [ -f "$work/kiosk$i.pid" ] && kill -9 "$(cat "$work/kiosk$i.pid")" 2>/dev/null; done
    wait 2>/dev/null
    [ -z "${WORK:-}" ] && rm -rf "$work"
}
on_exit cleanup

start_upstream_store() {
    : >"$work/store.out"
    "$bin/kiosk-store" --port "$store_port" --sqlite "$work/store.sqlite" --log-level error >>"$work/store.out" 2>>"$work/store.err" &
    echo $! >"$work/store.pid"
    for _ in $(seq 1 100); do grep -q "listening" "$work/store.out" && return 0; sleep 0.1; done
    echo "$name: the store did not start"; cat "$work/store.err"; return 1
}
start_upstream_store || { bad "kiosk-store did not start"; finish; }

# The fault proxy: one full HTTP request at a time, so a duplicate is a whole request again.
cat >"$work/proxy.py" <<'PY'
import asyncio, random, signal, sys, json
listen, upstream, stats_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
counts = {"drops": 0, "delays": 0, "duplicates": 0, "cuts": 0, "requests": 0}
faults = {"on": True}
rng = random.Random(7)

def save():
    with open(stats_path, "w") as f: json.dump(counts, f)

async def read_message(reader, request):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            body += size_line + chunk
            if size == 0: break
    return head + body

async def roundtrip(request):
    r, w = await asyncio.open_connection("127.0.0.1", upstream)
    w.write(request); await w.drain()
    response = await read_message(r, False)
    w.close()
    return response

async def duplicate(request):
    try: await roundtrip(request)
    except Exception: pass

async def handle(client_r, client_w):
    up_r = up_w = None
    try:
        while True:
            try: request = await read_message(client_r, True)
            except (asyncio.IncompleteReadError, ConnectionError): return
            counts["requests"] += 1
            roll = rng.random() if faults["on"] else 1.0
            if roll < 0.08:
                counts["drops"] += 1; save(); return
            if roll < 0.18:
                counts["delays"] += 1; save()
                await asyncio.sleep(rng.uniform(0.05, 0.5))
            elif roll < 0.26:
                counts["duplicates"] += 1; save()
                asyncio.ensure_future(duplicate(request))
            if up_w is None:
                up_r, up_w = await asyncio.open_connection("127.0.0.1", upstream)
            up_w.write(request); await up_w.drain()
            response = await read_message(up_r, False)
            if 0.26 <= roll < 0.34:
                counts["cuts"] += 1; save()
                client_w.write(response[: rng.randint(0, max(0, len(response) - 1))]); await client_w.drain()
                return
            client_w.write(response); await client_w.drain()
    except Exception:
        return
    finally:
        for w in (client_w, up_w):
            if w is not None:
                try: w.close()
                except Exception: pass

async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, lambda: faults.update(on=False))
    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    save()
    async with server: await server.serve_forever()

asyncio.run(main())
PY
python3 "$work/proxy.py" "$proxy_port" "$store_port" "$work/proxy.json" 2>"$work/proxy.err" &
proxy_pid=$!
pids+=("$proxy_pid")

admin() { curl -sS -H "Authorization: Bearer $KIOSK_STORE_ADMIN_TOKEN" "$@"; }
for i in $(seq 1 $kiosks); do
    admin -X POST -d "{\"name\":\"kiosk$i\",\"site\":\"faults\"}" "http://127.0.0.1:$store_port/v1/kiosks" >"$work/kiosk$i.json"
done
admin -X PUT "http://127.0.0.1:$store_port/v1/admin/catalog" -d '{"version":0,"currency":"RUB","siteTimeZone":"Europe/Moscow","zones":[],"staff":[],
  "plans":[{"id":"internet-1h","name":"Internet 1 hour","price":{"minor":10000,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":60},"zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0},
  {"id":"refill-30","name":"Refill 30 min","price":{"minor":5000,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":30},"zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}]}' >/dev/null

# Each kiosk runs under a loop that restarts it after a kill, until it exits 0 (all sold and acknowledged).
run_kiosk() {
    local i=$1 token namespace
    token=$(json "['kioskID']" <"$work/kiosk$i.json").$(json "['secret']" <"$work/kiosk$i.json")
    namespace=$(json "['namespace']" <"$work/kiosk$i.json")
    while [ ! -f "$work/stop" ]; do
        "$bin/kiosk-bench" sync --fault-kiosk "$work/kiosk$i.sqlite" --store-url "http://127.0.0.1:$proxy_port" \
            --token "$token" --namespace "$namespace" --operations "$ops" >>"$work/kiosk$i.out" 2>>"$work/kiosk$i.err" &
        echo $! >"$work/kiosk$i.pid"
        wait $! && { touch "$work/kiosk$i.done"; return 0; }
        sleep 0.2
    done
}
for i in $(seq 1 $kiosks); do run_kiosk "$i" 2>/dev/null & pids+=($!); done

restarts=0
kills=0
faults=0
echo "$name: chaos for ${chaos_seconds}s (store on $store_port, proxy on $proxy_port, $kiosks kiosks × $ops operations)"
end=$((SECONDS + chaos_seconds))
while [ $SECONDS -lt $end ] && [ "$(ls "$work"/kiosk*.done 2>/dev/null | wc -l)" -lt $kiosks ]; do
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.5, 1.5), 2))')"
    faults=$((faults + 1))
    # Every third fault restarts the store, the others kill a kiosk: a fixed share rather than a
    # chance of 3 in 10, so the store is restarted at least 3 times whenever the chaos lasts 9
    # faults (a run on a heavily loaded machine once counted a single restart).
    if [ $((faults % 3)) -ne 0 ]; then
        i=$((RANDOM % kiosks + 1))
        [ -f "$work/kiosk$i.done" ] || [ ! -f "$work/kiosk$i.pid" ] && continue
        kill -9 "$(cat "$work/kiosk$i.pid")" 2>/dev/null && kills=$((kills + 1))
    else
        signal=$([ $((RANDOM % 2)) -eq 0 ] && echo KILL || echo TERM)
        pid=$(cat "$work/store.pid")
        kill -s "$signal" "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 1.5), 2))')"
        start_upstream_store && restarts=$((restarts + 1))
    fi
done

echo "$name: healing (proxy faults off), waiting for the kiosks to drain"
kill -USR1 "$proxy_pid"
kill -0 "$(cat "$work/store.pid")" 2>/dev/null || start_upstream_store
heal_end=$((SECONDS + 150))
while [ $SECONDS -lt $heal_end ]; do
    done_count=$(ls "$work"/kiosk*.done 2>/dev/null | wc -l)
    [ "$done_count" -eq $kiosks ] && break
    sleep 1
done

# Reconcile: every kiosk's outbox and ledger against the store.
for i in $(seq 1 $kiosks); do
    token=$(json "['kioskID']" <"$work/kiosk$i.json").$(json "['secret']" <"$work/kiosk$i.json")
    "$bin/kiosk-bench" sync --fault-kiosk "$work/kiosk$i.sqlite" --store-url "http://127.0.0.1:$store_port" \
        --token "$token" --report >"$work/kiosk$i.report" 2>>"$work/kiosk$i.err"
done
admin "http://127.0.0.1:$store_port/v1/admin/balances" >"$work/store-balances.json"

# The reconciliation prints one PASS or FAIL line per check, then the tally.
python3 - "$work" "$kiosks" "$restarts" "$kills" "$ops" <<'PY' >"$work/checks.txt"
import json, sys
work, kiosks, restarts, kills, ops = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
proxy = json.load(open(f"{work}/proxy.json"))
store = json.load(open(f"{work}/store-balances.json"))
def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)

events = pending = 0
kiosk_tickets = {}
for i in range(1, kiosks + 1):
    report = json.load(open(f"{work}/kiosk{i}.report"))
    reg = json.load(open(f"{work}/kiosk{i}.json"))
    events += report["events"]; pending += report["pending"]
    check(report["events"] >= ops, f"kiosk{i} made its {ops} operations ({report['events']})")
    revenue = report["balances"].get("revenue", {}).get("money", 0)
    cash = store["holders"].get(f"cash:{reg['kioskID']}", {}).get("money", 0)
    check(revenue == cash, f"kiosk{i} revenue {revenue} == store cash {cash}")
    for holder, units in report["balances"].items():
        if holder.startswith("ticket:"):
            kiosk_tickets[holder] = units
check(pending == 0, f"every outbox drained (pending {pending})")
check(store["eventCount"] == events, f"store holds every event exactly once ({store['eventCount']} of {events})")
store_tickets = {h: u for h, u in store["holders"].items() if h.startswith("ticket:")}
mismatched = [h for h in set(kiosk_tickets) | set(store_tickets)
              if {k: v for k, v in kiosk_tickets.get(h, {}).items() if v} != {k: v for k, v in store_tickets.get(h, {}).items() if v}]
check(not mismatched, f"balances of {len(kiosk_tickets)} tickets match the kiosks' ledgers ({len(mismatched)} differ)")
for fault in ("drops", "delays", "duplicates", "cuts"):
    check(proxy[fault] >= 50, f"proxy {fault} >= 50 ({proxy[fault]})")
check(restarts >= 3, f"store restarted at least 3 times ({restarts})")
check(kills >= 5, f"kiosks killed at least 5 times ({kills})")
print(f"sync-faults: tally: {events} events ({store['eventCount']} in the store), {len(kiosk_tickets)} tickets; proxy "
      f"{proxy['requests']} requests, drops {proxy['drops']}, delays {proxy['delays']}, duplicates {proxy['duplicates']}, "
      f"cuts {proxy['cuts']}; store restarts {restarts}, kiosk kills {kills}")
PY
# Each check counts in lib.sh's counters; the tally passes through.
while IFS= read -r line; do
    case $line in
        "PASS "*) ok "${line#PASS }" ;;
        "FAIL "*) bad "${line#FAIL }" ;;
        *) echo "$line" ;;
    esac
done <"$work/checks.txt"
grep -q "^$name: tally:" "$work/checks.txt" || bad "the reconciliation did not finish"
finish
