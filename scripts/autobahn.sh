#!/usr/bin/env bash
# WebSocket conformance: runs ChatClientKit's WebSocket layer against the Autobahn test
# cases served by kosoku's fuzzing server (sections 1-7 and 10) and fails if any case fails.
# Usage: scripts/autobahn.sh [--skip-build]   (report: .build/autobahn/index.html)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/autobahn-venv
if [ ! -x "$venv/bin/kosoku" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet kosoku
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=.build/autobahn
rm -rf "$out"
cases=()
for section in 1 2 3 4 5 6 7 10; do cases+=(-i "$section.*"); done
"$venv/bin/kosoku" -m fuzzingserver "${cases[@]}" -o "$out" "127.0.0.1:$port" > "$out.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "listening" "$out.log" 2>/dev/null && break
  sleep 0.2
done

AUTOBAHN_SERVER="127.0.0.1:$port" swift test "$@" --filter AutobahnConformanceTests
status=0
wait $server || status=$?
trap - EXIT
cat "$out.log"
if [ "$status" -ne 0 ]; then
  echo "autobahn: some cases failed; see $out/index.html" >&2
  exit 1
fi
echo "autobahn: all cases passed (report: $out/index.html)"
