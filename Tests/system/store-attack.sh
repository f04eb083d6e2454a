#!/usr/bin/env bash
# store-attack: the attacks of issue 16 against a real kiosk-store, on SQLite and on PostgreSQL.
#
# Each attack is the request an attacker would send (Tests/system/store-attack/attack.py, standard
# library only): overflowing money, huge minutes, a price-0 sale, a refill of another site's
# ticket, a postpaid batch from a kiosk, a 200 % discount, discount=1e300 at the console, an empty
# account password, a console lockout attempt against the owner from another address. Each must be
# refused with a clear status, and /v1/health must answer after each. Then the console pages load,
# 500 concurrent wrong PC codes get at most 10 answers that are not 429, 500 concurrent wrong
# account passwords are checked at most 10 times (the rest 429, or 503 past the hashing queue),
# the store is restarted and still refuses the guessing address and the locked-out pair; the
# store's peak RSS (VmHWM) is printed. Then, in a network namespace with three ULA addresses on
# loopback (as root), a store on TLS: two addresses of one IPv6 /64 share one guess budget, an
# address of another /64 has its own.
#
# Usage: Tests/system/store-attack.sh [--sqlite-only]   (from any folder; KEEP=1 keeps the work folder)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test store-attack
store_pid=""
pg_stop=""
cleanup() {
    [ -z "$store_pid" ] || kill "$store_pid" 2>/dev/null
    wait 2>/dev/null
    [ -z "$pg_stop" ] || $pg_stop
    [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
on_exit cleanup

need_commands python3:python3 curl:curl pkg-config:pkg-config
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev
sqlite_only=0; [ "${1:-}" = "--sqlite-only" ] && sqlite_only=1

WORK=$(mktemp -d /tmp/store-attack.XXXXXX)
chmod 755 "$WORK"
BIN=$(kiosk_binary kiosk-store "${KIOSK_STORE_BIN:-}") || { bad "build kiosk-store"; finish; }
export KIOSK_STORE_ADMIN_TOKEN=store-attack-admin-token-0123456789
export OWNER_PASSWORD=owner-password-1 CASHIER_PASSWORD=cashier-password-1

start_target_store() {  # start_target_store DATABASE_OPTIONS... : on a fixed port, so a restart is the same store to clients
    : >"$WORK/store.log"   # emptied first: the previous run's "listening on" must not count
    "$BIN" --port "$port" "$@" --log-level error >"$WORK/store.log" 2>&1 &
    store_pid=$!
    for _ in $(seq 200); do grep -q "listening on" "$WORK/store.log" && return 0; sleep 0.1; done
    cat "$WORK/store.log"; bad "kiosk-store did not start"; return 1
}

stop_store() {
    kill -TERM "$store_pid" 2>/dev/null; wait "$store_pid" 2>/dev/null; store_pid=""
}

peak_rss() { awk '/VmHWM/ {print $2, $3}' "/proc/$store_pid/status" 2>/dev/null; }

attack() {  # attack NAME PHASE [RUNNER...]: runs attack.py (under RUNNER), counts its PASS and FAIL lines, and a crash of its own as a failure
    local name=$1 phase=$2 output status
    shift 2
    output=$("$@" python3 "$HERE/store-attack/attack.py" "$phase" "${BASE_URL:-http://127.0.0.1:$port}" "$WORK/state.json" 2>&1)
    status=$?
    echo "$output" | sed "s/^/[$name $phase] /"
    passed=$((passed + $(echo "$output" | grep -c '^PASS'))); failed=$((failed + $(echo "$output" | grep -c '^FAIL')))
    if [ "$status" -ne 0 ] && ! echo "$output" | grep -q '^FAIL'; then bad "$name: attack.py $phase stopped (exit $status)"; fi
}

run_backend() {  # run_backend NAME DATABASE_OPTIONS...
    local name=$1; shift
    echo "--- $name"
    printf '%s\n' "$OWNER_PASSWORD" | "$BIN" users add olga --role owner "$@" >/dev/null || { bad "$name: users add olga"; return; }
    printf '%s\n' "$CASHIER_PASSWORD" | "$BIN" users add carl --role cashier "$@" >/dev/null || { bad "$name: users add carl"; return; }
    port=$(free_port)
    start_target_store "$@" || return
    attack "$name" attack
    echo "[$name] kiosk-store peak RSS (VmHWM) after the attacks: $(peak_rss)"
    kill -0 "$store_pid" 2>/dev/null && ok "$name: kiosk-store is still running after the attacks" \
        || bad "$name: kiosk-store died: $(tail -5 "$WORK/store.log")"
    stop_store
    start_target_store "$@" || return
    attack "$name" restart
    stop_store
}

run_backend sqlite --sqlite "$WORK/store.sqlite"

# --- IPv6: the addresses of one /64 are one source -----------------------------------------------
# In a network namespace of its own (unshare -n: this machine's network is untouched), loopback
# gets three ULA addresses, two in fd00:1::/64 and one in fd00:2::/64, and kiosk-store listens on
# all of them with TLS (plain HTTP is for loopback addresses only) and a certificate made here.
echo "--- ipv6"
need_commands unshare:util-linux ip:iproute2 openssl:openssl
cat >"$WORK/ipv6-namespace.sh" <<'NAMESPACE'
# Runs inside `unshare -n`: the addresses on loopback, kiosk-store on all of them, then the
# command given (attack.py), then kiosk-store stopped; exits with the command's status.
ip link set lo up || exit 1
for address in fd00:1::1 fd00:1::2:3 fd00:2::1; do ip -6 addr add "$address/64" dev lo nodad || exit 1; done
"$BIN" --host :: --port 8443 --sqlite "$WORK/v6.sqlite" --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key" \
    --log-level error >"$WORK/store-v6.log" 2>&1 &
store=$!
for _ in $(seq 200); do grep -q "listening on" "$WORK/store-v6.log" && break; sleep 0.1; done
"$@"
status=$?
kill -TERM "$store"; wait "$store"
exit $status
NAMESPACE
if [ "$(id -u)" -ne 0 ]; then
    bad "ipv6: unshare -n needs root"
elif openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=store-attack \
        -addext subjectAltName=IP:fd00:1::1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >"$WORK/openssl.log" 2>&1; then
    BASE_URL="https://[fd00:1::1]:8443" attack ipv6 ipv6 unshare -n env BIN="$BIN" WORK="$WORK" bash "$WORK/ipv6-namespace.sh"
    grep -v '^$' "$WORK/store-v6.log" | tail -3
else
    cat "$WORK/openssl.log"; bad "openssl could not make the test's certificate"
fi

if [ "$sqlite_only" = 0 ]; then
    # PostgreSQL as store-postgres.sh runs it (lib.sh): its cluster in the work folder, loopback only.
    pg_stop_now() { stop_postgres "$WORK/pg"; }
    pg_stop=pg_stop_now
    start_postgres "$WORK/pg" store_attack || { bad "PostgreSQL did not start"; finish; }
    run_backend postgres --postgres "$PG_URL"
fi
finish
