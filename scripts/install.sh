#!/usr/bin/env bash
# Installs a locked environment with uv:  scripts/install.sh <lock file> <venv dir> <tools dir>
# The tools dir gets its own small venv holding uv; the venv gets exactly what the lock pins (hashes checked).
# Used by scripts/run, scripts/test and the Dockerfile, so all three install the same way.
set -euo pipefail

UV_VERSION=0.13.9
lock=$1
venv=$2
tools=$3
python=${PYTHON:-python3}

if ! "$tools/bin/uv" --version 2>/dev/null | grep -qx "uv $UV_VERSION.*"; then
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir "uv==$UV_VERSION"
fi
if [ ! -x "$venv/bin/python" ]; then
  "$tools/bin/uv" venv --quiet --python "$("$python" -c 'import sys; print(sys.executable)')" "$venv"
fi
"$tools/bin/uv" pip sync --quiet --python "$venv/bin/python" --require-hashes "$lock"
