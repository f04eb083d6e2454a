#!/usr/bin/env bash
# Runs kiosk-store's repository and end-to-end tests against a real PostgreSQL: initdb into a temp
# folder, a server on loopback only, as an ordinary user (created when this runs as root), then
# `swift test` with KIOSK_STORE_TEST_POSTGRES set so the Swift suites add their PostgreSQL variant.
# Usage: Tests/system/store-postgres.sh   (from any directory; WORK=dir keeps the server's files there)
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
. "$repo/Tests/system/lib.sh"
name=store-postgres
start_test "$name"

# initdb lives in a versioned folder (/usr/lib/postgresql/VERSION/bin), which need_files cannot name.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages postgresql
need_commands python3:python3 runuser:util-linux useradd:passwd pkg-config:pkg-config
# The test build links every C library of the package.
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev
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
on_exit cleanup

"${run_as[@]}" "$bindir/initdb" -D "$work/data" -U kiosk -A trust --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; bad "initdb"; finish; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$work/server.log"; bad "the server did not start"; finish; }
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
tests_failed=$(grep -Eo '✘ Test "[^"]*"' "$log" | sort -u | wc -l)
if [ "$status" -ne 0 ] && [ "$tests_failed" -eq 0 ]; then tests_failed=1; fi
# Each Swift test counts as one check in lib.sh's counters.
tests_passed=$((total - tests_failed)); [ "$tests_passed" -lt 0 ] && tests_passed=0
passed=$((passed + tests_passed))
failed=$((failed + tests_failed))
if [ "$postgres_cases" -lt 5 ]; then
    bad "only $postgres_cases PostgreSQL cases ran (expected 5 or more)"
fi
echo "$name: $postgres_cases cases ran on PostgreSQL"
finish
