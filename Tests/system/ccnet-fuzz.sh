#!/usr/bin/env bash
# Fuzzes the pure CCNET codec (frame decoder, commands, POLL states, bill table, identification)
# with libFuzzer for at least a million executions, starting from the seed corpus committed in
# Tests/fuzz/ccnet/corpus. Fails on any crash (trap, overflow, broken round trip).
#   Tests/system/ccnet-fuzz.sh [RUNS]        RUNS defaults to 1000000
#   WORK=/some/dir to keep the build and the grown corpus elsewhere (default: <repo>/.work/ccnet-fuzz)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$repo/Tests/system/lib.sh"
start_test ccnet-fuzz
runs="${1:-1000000}"
work="${WORK:-$repo/.work/ccnet-fuzz}"
mkdir -p "$work/corpus" "$work/crashes"

# swiftc and libFuzzer come with the Swift toolchain, not from Debian: nothing to install.
command -v swiftc >/dev/null || { bad "swiftc not found"; finish; }

# The fuzz target is not a package target: it is the codec's own sources plus the entry point.
swiftc -O -sanitize=fuzzer -parse-as-library \
    "$repo"/Sources/KioskCash/CCNET/*.swift "$repo/Tests/fuzz/ccnet/FuzzCCNET.swift" \
    -o "$work/ccnet-fuzz" || { bad "swiftc could not build the fuzz target"; finish; }

# Seeds are copied so the corpus libFuzzer grows stays out of the repository.
cp -n "$repo"/Tests/fuzz/ccnet/corpus/* "$work/corpus/" 2>/dev/null || true

run_libfuzzer "$work/ccnet-fuzz" "$runs" 600 "$work"
finish
