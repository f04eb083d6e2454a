#!/usr/bin/env bash
# Fuzzes the store's event decoding and the event checks that need no database (StoreAPI's JSON
# wire types; StoreServer's InputRules, InputLimits, KioskEventChecks, CatalogsInForce) with
# libFuzzer for at least a million executions, starting from the seed corpus of valid events in
# Tests/fuzz/store-events/corpus. Fails on any crash (trap, overflow, unstable encoding, a believed
# event outside the documented bounds).
#   Tests/system/store-events-fuzz.sh [RUNS]    RUNS defaults to 1000000
#   PLANTED_CRASH=1 compiles in a trap on a sale of 61 minutes, to see the script fail.
#   WORK=/some/dir keeps the build and the grown corpus elsewhere (default: <repo>/.work/store-events-fuzz)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$repo/Tests/system/lib.sh"
start_test store-events-fuzz
runs="${1:-1000000}"
work="${WORK:-$repo/.work/store-events-fuzz}"
rm -rf "$work/crashes" "$work/modules"
mkdir -p "$work/corpus" "$work/crashes" "$work/modules"

# swiftc and libFuzzer come with the Swift toolchain, not from Debian: nothing to install.
command -v swiftc >/dev/null || { bad "swiftc not found"; finish; }

# The fuzz target is not a package target: the domain and the wire types are built as the modules
# they are (StoreServer's files import them), then the store's pure checks and the entry point.
# StoreServer itself (Hummingbird, the databases) is never compiled here.
flags=(-O -sanitize=fuzzer -parse-as-library -swift-version 6 -I "$work/modules" -L "$work/modules")
defines=()
[ "${PLANTED_CRASH:-0}" = 1 ] && defines=(-D PLANTED_CRASH)
build() {  # build MODULE SOURCES...: a static library and its module, instrumented for the fuzzer
    local module=$1; shift
    swiftc "${flags[@]}" -module-name "$module" -emit-library -static -emit-module \
        -emit-module-path "$work/modules/$module.swiftmodule" -o "$work/modules/lib$module.a" "$@"
}
started=$(date +%s)
{ build KioskDomain "$repo"/Sources/KioskDomain/*.swift \
  && build StoreAPI "$repo"/Sources/StoreAPI/*.swift \
  && swiftc "${flags[@]}" "${defines[@]}" -module-name StoreEventsFuzz -lStoreAPI -lKioskDomain \
       "$repo"/Sources/StoreServer/{InputRules,InputLimits,KioskEventChecks,CatalogsInForce}.swift \
       "$repo/Tests/fuzz/store-events/FuzzStoreEvents.swift" -o "$work/store-events-fuzz"; } \
    || { bad "swiftc could not build the fuzz target"; finish; }
echo "built the fuzz target in $(( $(date +%s) - started )) s"

# Seeds are copied so the corpus libFuzzer grows stays out of the repository.
cp -n "$repo"/Tests/fuzz/store-events/corpus/* "$work/corpus/" 2>/dev/null || true

run_libfuzzer "$work/store-events-fuzz" "$runs" 4096 "$work"
finish
