# Sourced by the system tests (Tests/system/*.sh), never run as a test itself: the counters and
# the closing line, the seconds a script took, the Debian packages it needs, the binaries it tests.
#
#   . "$(dirname "$0")/lib.sh"
#   start_test NAME                      # names the closing line; the clock starts here
#   need_commands cupsd:cups-daemon ...  # COMMAND:PACKAGE pairs; installs what is missing
#   need_files /usr/include/cups/cups.h:libcups2-dev ...   # PATH:PACKAGE pairs
#   need_packages qemu-system-x86 ...    # packages by name
#   on_exit cleanup                      # runs once before the closing line (and on EXIT)
#   ok "what held"; bad "what did not"
#   finish                               # "NAME: S seconds", then "NAME: P passed, F failed"
#
# And the parts several scripts set up the same way (each described where it is defined):
#   wait_log FILE PATTERN SECONDS [AFTER_LINE]   free_port   json EXPR < JSON
#   start_store WORK [PORT]   register_kiosk WORK NAME   start_emulator WORK
#   start_postgres FOLDER DATABASE   run_libfuzzer BINARY RUNS MAX_LEN WORK   build_products PRODUCT...
#
# The closing line is always the last line a script prints, also when it stops early; its status is
# non-zero when anything failed or nothing passed, so a script that checked nothing cannot look green.

passed=0
failed=0
_lib_name=$(basename "$0" .sh)
_lib_started=$(date +%s)
_lib_cleanup=""
_lib_finished=0
_lib_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

start_test() {
  _lib_name=$1
  _lib_started=$(date +%s)
}

ok() { passed=$((passed + 1)); echo "PASS $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

on_exit() {
  _lib_cleanup=$1
}

_lib_run_cleanup() {
  local hook=$_lib_cleanup
  _lib_cleanup=""
  # `|| true` also runs the hook with `set -e` off: a hook is best effort (its last kill may find
  # the process gone), and a failing one must not end the script inside finish, before the closing line.
  [ -z "$hook" ] || "$hook" || true
}

# On EXIT: the hook, and when the script stopped before finish (an error under `set -e`, an exit of
# its own), the closing line all the same, with the stop counted as a failure.
_lib_exit() {
  local status=$?
  _lib_run_cleanup
  [ "$_lib_finished" = 1 ] && return
  bad "stopped before finish (exit status $status)"
  finish
}
trap '_lib_exit' EXIT

finish() {
  _lib_run_cleanup
  _lib_finished=1
  echo "$_lib_name: $(( $(date +%s) - _lib_started )) seconds"
  echo "$_lib_name: $passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

# Installs Debian packages that are not installed yet, in one apt-get run (the way
# scripts/install-deps does it): the package index is refreshed only when something is missing.
need_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { bad "missing packages (run as root or install them): ${missing[*]}"; finish; }
    sudo_cmd=(sudo)
  fi
  echo "installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { bad "apt-get install ${missing[*]}"; finish; }
}

# need_commands COMMAND:PACKAGE...: installs PACKAGE when COMMAND is on neither PATH nor /usr/sbin.
need_commands() {
  local pair wanted=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || wanted+=("${pair#*:}")
  done
  [ ${#wanted[@]} -eq 0 ] || need_packages "${wanted[@]}"
}

# need_files PATH:PACKAGE...: installs PACKAGE when PATH does not exist.
need_files() {
  local pair wanted=()
  for pair in "$@"; do
    [ -e "${pair%%:*}" ] || wanted+=("${pair#*:}")
  done
  [ ${#wanted[@]} -eq 0 ] || need_packages "${wanted[@]}"
}

# build_products PRODUCT...: builds each of the package's PRODUCTs (debug; the log in
# $BUILD_LOG, default /dev/null) and sets BIN to the folder they are in. Fails the test when one
# does not build.
build_products() {
  local product
  echo "building $*…"
  for product in "$@"; do
    swift build --package-path "$_lib_repo" --product "$product" >>"${BUILD_LOG:-/dev/null}" 2>&1 \
      || { [ -n "${BUILD_LOG:-}" ] && tail -20 "$BUILD_LOG"; bad "build $product"; finish; }
  done
  BIN=$(swift build --package-path "$_lib_repo" --show-bin-path)
}

# kiosk_binary PRODUCT [GIVEN]: prints the path of the project's PRODUCT, building it (debug) unless
# GIVEN names a binary to use instead. Fails when it cannot be built.
kiosk_binary() {
  local product=$1 given=${2:-}
  if [ -n "$given" ]; then [ -x "$given" ] && echo "$given"; return; fi
  swift build --package-path "$_lib_repo" --product "$product" 2>&1 | grep -E 'error:|Compiling|Build' | tail -3 >&2
  local bin
  bin=$(swift build --package-path "$_lib_repo" --show-bin-path)/$product
  [ -x "$bin" ] && echo "$bin"
}

# wait_log FILE PATTERN SECONDS [AFTER_LINE]: waits until PATTERN (grep's basic regex) appears in
# FILE, below line AFTER_LINE when given; fails after SECONDS. Polls every $WAIT_LOG_POLL seconds
# (0.05; power-cut.sh aims at moments of a sale and polls faster).
wait_log() {
  local poll=${WAIT_LOG_POLL:-0.05} tries
  tries=$(awk -v s="$3" -v p="$poll" 'BEGIN { print int(s / p) }')
  for _ in $(seq "$tries"); do
    if [ -n "${4:-}" ]; then tail -n +"$(( $4 + 1 ))" "$1" 2>/dev/null | grep -q -- "$2" && return 0
    else grep -q -- "$2" "$1" 2>/dev/null && return 0; fi
    sleep "$poll"
  done
  return 1
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# json EXPR: prints EXPR of the JSON document on stdin, EXPR written as Python's subscripts,
# e.g. `curl … | json "['tickets'][0]['code']"`.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

# start_store WORK [PORT [OPTION...]]: kiosk-store ($STORE) with its SQLite database
# WORK/store.sqlite and its log WORK/store.log (started anew), on PORT (empty or none: a free one),
# with any further kiosk-store OPTIONs. Needs KIOSK_STORE_ADMIN_TOKEN in the environment. Sets
# STORE_PID and URL; fails when the store does not listen within 30 s.
start_store() {
  local work=$1 port=${2:-}
  [ -n "$port" ] || port=$(free_port)
  shift; [ $# -gt 0 ] && shift
  "$STORE" --port "$port" --sqlite "$work/store.sqlite" --log-level warning "$@" >"$work/store.log" 2>&1 &
  STORE_PID=$!
  URL=http://127.0.0.1:$port
  wait_log "$work/store.log" "listening on" 30
}

# register_kiosk WORK NAME: gives the store at $URL a catalog of one plan (internet-1h, "Internet 1
# hour", 100.00 RUB) and registers a kiosk NAME with it (`kiosk store register`, its token in
# WORK/token). Sets NS (the kiosk's code namespace) and KID (its id); fails on any error.
register_kiosk() {
  curl -sS -H "Authorization: Bearer $KIOSK_STORE_ADMIN_TOKEN" -X PUT "$URL/v1/admin/catalog" -d '{"version":0,"currency":"RUB",
    "siteTimeZone":"Europe/Moscow","zones":[],"staff":[],"plans":[{"id":"internet-1h","name":"Internet 1 hour",
    "price":{"minor":10000,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":60},"zones":[],"salesWindows":[],
    "validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}]}' >"$1/catalog.json"
  grep -q '"version"' "$1/catalog.json" || { echo "catalog upload: $(cat "$1/catalog.json")"; return 1; }
  KIOSK_DATA_DIR="$1" "$KIOSK" store register --url "$URL" --token-file "$1/token" --name "$2" --site lab \
    >"$1/register.log" 2>&1 || { cat "$1/register.log"; return 1; }
  NS=$(sed -n 's/^namespace = \([0-9]*\).*/\1/p' "$1/register.log")
  KID=$(sed -n 's/^registered kiosk \([^;]*\);.*/\1/p' "$1/register.log")
}

# start_emulator WORK: ccnet-emulator ($EMULATOR) on a pty linked at WORK/tty, its control socket
# WORK/ctl, its fsynced note log WORK/notes.log, with short device timings (a note stacks in 80 ms)
# so a test's sales take moments. Appends its pid to the script's `pids`.
start_emulator() {
  "$EMULATOR" run --link "$1/tty" --control "$1/ctl" --note-log "$1/notes.log" \
    --accept-ms 30 --stack-ms 80 --return-ms 30 --reject-ms 30 --init-ms 50 --escrow-timeout-ms 3000 >"$1/emulator.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do [ -S "$1/ctl" ] && [ -e "$1/tty" ] && return 0; sleep 0.05; done
  return 1
}

# start_postgres FOLDER DATABASE: a PostgreSQL server of Debian's package (installed when missing)
# with its cluster in FOLDER/data, on loopback only at a free port, as an ordinary account
# (`kioskpg`, made when this runs as root: PostgreSQL refuses root), fsync off (a test's data),
# and an empty DATABASE owned by user kiosk. Sets PG_URL; `stop_postgres FOLDER` stops it.
start_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages postgresql
  need_commands runuser:util-linux useradd:passwd python3:python3
  _lib_pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  _lib_pg_as=()
  mkdir -p "$1"
  if [ "$(id -u)" -eq 0 ]; then
    id kioskpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin kioskpg
    chown kioskpg "$1"
    _lib_pg_as=(runuser -u kioskpg --)
  fi
  local port; port=$(free_port)
  "${_lib_pg_as[@]}" "$_lib_pg_bin/initdb" -D "$1/data" -U kiosk -A trust --no-sync >"$1/initdb.log" 2>&1 \
    || { cat "$1/initdb.log"; return 1; }
  "${_lib_pg_as[@]}" "$_lib_pg_bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$1/server.log"; return 1; }
  "$_lib_pg_bin/psql" -h 127.0.0.1 -p "$port" -U kiosk -d postgres -qc "CREATE DATABASE $2" >/dev/null || return 1
  PG_URL="postgres://kiosk@127.0.0.1:$port/$2"
  echo "PostgreSQL $("$_lib_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}
stop_postgres() { [ -n "${_lib_pg_bin:-}" ] && "${_lib_pg_as[@]}" "$_lib_pg_bin/pg_ctl" -D "$1/data" -m fast stop >/dev/null 2>&1 || true; }

# run_libfuzzer BINARY RUNS MAX_LEN WORK: runs a libFuzzer binary RUNS times over the corpus in
# WORK/corpus (crash inputs saved in WORK/crashes/), prints the end of its log, and counts one
# check: passed when it ran RUNS inputs without a crash.
run_libfuzzer() {
  local log="$4/fuzz.log" status executed
  mkdir -p "$4/crashes"
  # Swift's own crash backtracer would end the process before libFuzzer's handler saves the input.
  SWIFT_BACKTRACE=enable=no "$1" -runs="$2" -max_len="$3" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$4/crashes/" "$4/corpus" >"$log" 2>&1 && status=0 || status=$?
  tail -n 15 "$log"
  executed=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  if [ "$status" -ne 0 ] || [ "${executed:-0}" -lt "$2" ]; then
    echo "crash inputs (if any) in $4/crashes/:"; ls "$4/crashes/" || true
    bad "crash or too few executions ($executed counted), exit $status: $(grep -m1 -E 'Fatal error|ERROR: libFuzzer' "$log" || true)"
  else
    ok "$executed executions, no crash"
  fi
}
