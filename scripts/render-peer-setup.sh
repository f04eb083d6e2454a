#!/bin/bash
# Prepares the cairo peer of `kiosk-bench render`: Debian build deps for pycairo (it builds from
# source against libcairo2-dev), a venv with pycairo, and a fontconfig file whose only font folder
# is the project's Assets/fonts, so cairo's "DejaVu Sans" is the very file the kiosk loads.
# Usage: scripts/render-peer-setup.sh WORK_DIR
# Prints, last line: PYTHON=<venv python> FONTCONFIG_FILE=<conf>
set -euo pipefail
WORK=${1:?usage: render-peer-setup.sh WORK_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ASSETS=$(cd "$HERE/../Assets/fonts" && pwd)
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
PYCAIRO_VERSION=${PYCAIRO_VERSION:-1.29.2}

missing=()
for p in libcairo2-dev pkg-config python3-dev fontconfig; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "render-peer-setup: need ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "render-peer-setup: apt-get install ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

VENV=$WORK/venv
if ! "$VENV/bin/python" -c "import cairo" 2>/dev/null; then
  echo "render-peer-setup: creating $VENV with pycairo==$PYCAIRO_VERSION" >&2
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q "pycairo==$PYCAIRO_VERSION" >&2
fi

CONF=$WORK/fonts.conf
mkdir -p "$WORK/fc-cache"
cat > "$CONF" <<XML
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$ASSETS</dir>
  <cachedir>$WORK/fc-cache</cachedir>
</fontconfig>
XML
if command -v fc-match >/dev/null; then
  got=$(FONTCONFIG_FILE=$CONF fc-match -f '%{file}' 'DejaVu Sans')
  if [ "$got" != "$ASSETS/DejaVuSans.ttf" ]; then
    echo "render-peer-setup: fontconfig resolves 'DejaVu Sans' to '$got', not $ASSETS/DejaVuSans.ttf" >&2
    exit 1
  fi
fi
echo "PYTHON=$VENV/bin/python FONTCONFIG_FILE=$CONF"
