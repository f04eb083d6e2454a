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
