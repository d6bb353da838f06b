#!/usr/bin/env bash
# Publishes the samples as Native AOT single binaries (warnings are errors), starts the Hello
# binary on a free port, fetches two pages with openssl s_client, and prints the binary's size
# and its time from start to the first served response.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT

for sample in Hello ScgiProxy; do
  echo "== AOT publish samples/$sample"
  dotnet publish "samples/$sample" -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true \
    -o "$out/$sample" -nologo -clp:NoSummary | grep -E "warning|error|->" || true
  test -x "$out/$sample/$sample" || { echo "no binary for $sample"; exit 1; }
done

binary="$out/Hello/Hello"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fetch() { printf 'gemini://localhost:%s%s\r\n' "$port" "$1" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet 2>/dev/null; }

start=$(date +%s%N)
"$binary" --host 127.0.0.1 --port "$port" --cert-dir "$out/certs" --quiet &
pid=$!
first=""
for _ in $(seq 1 500); do
  if first=$(fetch /) && [ -n "$first" ]; then break; fi
  sleep 0.01
done
ready=$(date +%s%N)

home=$(fetch /)
planet=$(fetch /planets/4)
kill "$pid"; wait "$pid" 2>/dev/null || true

ok=1
[[ "$home" == "20 text/gemini"*"# Hello from GenGemini"* ]] || { echo "unexpected home page: $home"; ok=0; }
[[ "$planet" == "20 text/gemini"*"# Mars"* ]] || { echo "unexpected typed-parameter page: $planet"; ok=0; }

size=$(stat -c %s "$binary")
printf 'AOT binary: %s bytes (%.1f MiB); start to first served response: %d ms\n' \
  "$size" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$(( (ready - start) / 1000000 ))"
[ "$ok" = 1 ] && echo "AOT smoke check passed"
[ "$ok" = 1 ]
