#!/usr/bin/env bash
# Runs kiosk-store's repository and end-to-end tests against a real PostgreSQL: initdb into a temp
# folder, a server on loopback only, as an ordinary user (created when this runs as root), then
# `swift test` with KIOSK_STORE_TEST_POSTGRES set so the Swift suites add their PostgreSQL variant.
# Usage: Tests/system/store-postgres.sh   (from any directory; WORK=dir keeps the server's files there)
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
name=store-postgres

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "$name: installing postgresql"
    sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

work="${WORK:-$(mktemp -d /tmp/store-postgres.XXXXXX)}"
mkdir -p "$work"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: use an ordinary account made for it.
    id kioskpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin kioskpg
    chown kioskpg "$work"
    run_as=(runuser -u kioskpg --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
    "${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
    [ -z "${WORK:-}" ] && rm -rf "$work"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$work/data" -U kiosk -A trust --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; echo "$name: 0 passed, 1 failed (initdb)"; exit 1; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$work/server.log"; echo "$name: 0 passed, 1 failed (server did not start)"; exit 1; }
"$bindir/psql" -h 127.0.0.1 -p "$port" -U kiosk -d postgres -qc "CREATE DATABASE store_admin" >/dev/null

export KIOSK_STORE_TEST_POSTGRES="postgres://kiosk@127.0.0.1:$port/store_admin"
echo "$name: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
cd "$repo"
log="$work/swift-test.log"
swift build --build-tests 2>&1 | grep -E "error|warning: unre" || true
swift test --skip-build --filter 'StoreServerTests' 2>&1 | tee "$log" | grep -E "^(✘|✔ Test run|✘ Test run)|postgres" | grep -v "^✔ Test \"" | cut -c1-300
status=${PIPESTATUS[0]}

postgres_cases=$(grep -c 'backend → postgres to' "$log" || true)
total=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo '✘ Test "[^"]*"' "$log" | sort -u | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$postgres_cases" -lt 5 ]; then
    echo "$name: only $postgres_cases PostgreSQL cases ran (expected 5 or more)"
    failed=$((failed + 1))
fi
echo "$name: $postgres_cases cases ran on PostgreSQL"
echo "$name: $((total - failed)) passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
