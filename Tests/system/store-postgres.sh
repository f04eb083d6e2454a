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

need_commands python3:python3 pkg-config:pkg-config
# The test build links every C library of the package.
need_packages libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev libqrencode-dev libdrm-dev \
    libvncserver-dev libcups2-dev

work="${WORK:-$(mktemp -d /tmp/store-postgres.XXXXXX)}"
cleanup() {
    stop_postgres "$work"
    [ -z "${WORK:-}" ] && rm -rf "$work"
}
on_exit cleanup
start_postgres "$work" store_admin || { bad "PostgreSQL did not start"; finish; }

export KIOSK_STORE_TEST_POSTGRES="$PG_URL"
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
