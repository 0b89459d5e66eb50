#!/usr/bin/env bash
# Prints the python of .build/socketio-venv, a virtualenv with the pinned packages of
# Tests/SocketIOFixture/requirements.txt, creating it the first time (idempotent, and
# safe to run from several test processes at once). Usage: "$(scripts/socketio-fixture-venv.sh)"
# Tests/SocketIOFixture/server.py ...   On failure: exit 1 and one sentence on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/socketio-venv
req=Tests/SocketIOFixture/requirements.txt
py="$PWD/$venv/bin/python"
check='import socketio, engineio, aiohttp'

ready() { [ -x "$py" ] && cmp -s "$req" "$venv/requirements.installed" && "$py" -c "$check" 2>/dev/null; }
fail() { echo "socketio-fixture-venv: $*" >&2; exit 1; }

if ready; then echo "$py"; exit 0; fi

mkdir -p .build
if command -v flock >/dev/null; then
  exec 9>".build/socketio-venv.lock"
  flock -w 600 9 || fail "timed out waiting for another process that is creating $venv."
  if ready; then echo "$py"; exit 0; fi
fi

command -v python3 >/dev/null || fail "python3 is not installed: apt-get install python3 python3-venv"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
  fail "python3 is older than 3.9 ($(python3 --version 2>&1)); install a newer python3."
rm -rf "$venv"
python3 -m venv "$venv" >/dev/null 2>&1 ||
  { rm -rf "$venv"; fail "python3 cannot create a virtualenv (venv/ensurepip missing): apt-get install python3-venv"; }
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >"$venv/pip.log" 2>&1 ||
  fail "pip could not install $req (is PyPI reachable? details in $venv/pip.log)."
"$py" -c "$check" 2>>"$venv/pip.log" || fail "the packages installed but do not import (details in $venv/pip.log)."
cp "$req" "$venv/requirements.installed"
echo "$py"
