#!/usr/bin/env bash
# Publishes the samples as Native AOT single binaries (warnings are errors), starts the Hello
# binary on a free port, fetches two pages with openssl s_client, signs the Guestbook sample's
# SQLite guestbook with a client certificate, and prints Hello's size and its time from start
# to the first served response.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'kill "${pid:-0}" "${spid:-0}" "${gpid:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT

for sample in Hello ScgiProxy Guestbook; do
  echo "== AOT publish samples/$sample"
  if ! dotnet publish "samples/$sample" -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true \
    -o "$out/$sample" -nologo -clp:NoSummary >"$out/$sample.log" 2>&1; then
    grep -E "warning|error" "$out/$sample.log" || tail -20 "$out/$sample.log"
    echo "FAIL: AOT publish of samples/$sample"; exit 1
  fi
  grep -E "warning" "$out/$sample.log" && { echo "FAIL: warnings in the AOT publish of samples/$sample"; exit 1; }
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

# The SCGI sample's binary too: its own routes, and its proxy mount answering (no backend runs
# here, so the sample's middleware turns the 43 into its 41 with advice).
sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sfetch() { printf 'gemini://localhost:%s%s\r\n' "$sport" "$1" | timeout 10 openssl s_client -connect "127.0.0.1:$sport" -quiet 2>/dev/null; }
"$out/ScgiProxy/ScgiProxy" --host 127.0.0.1 --port "$sport" --cert-dir "$out/certs-scgi" --quiet &
spid=$!
for _ in $(seq 1 500); do
  if about=$(sfetch /about) && [ -n "$about" ]; then break; fi
  sleep 0.01
done
api=$(sfetch /api/)
kill "$spid"; wait "$spid" 2>/dev/null || true
[[ "$about" == "20 text/gemini"*"# About"* ]] || { echo "unexpected ScgiProxy page: $about"; ok=0; }
[[ "$api" == "41 The API backend is not running"* ]] || { echo "unexpected ScgiProxy mount answer: $api"; ok=0; }

# The database sample: SQLite's file is made on first run; a name and an entry need a client
# certificate, so the smoke check reads the page and signs with a fresh one.
gport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=smoke \
  -keyout "$out/client.key" -out "$out/client.crt" 2>/dev/null
gfetch() { printf 'gemini://localhost:%s%s\r\n' "$gport" "$1" | timeout 10 openssl s_client -connect "127.0.0.1:$gport" -quiet -cert "$out/client.crt" -key "$out/client.key" 2>/dev/null; }
mkdir -p "$out/guestbook-run"
(cd "$out/guestbook-run" && exec "$out/Guestbook/Guestbook" --host 127.0.0.1 --port "$gport" --cert-dir "$out/certs-guestbook" --quiet) &
gpid=$!
for _ in $(seq 1 500); do
  if book=$(gfetch /) && [ -n "$book" ]; then break; fi
  sleep 0.01
done
registered=$(gfetch "/register?Smoke")
signed=$(gfetch "/sign?Hello%20from%20the%20AOT%20binary")
book=$(gfetch /)
kill "$gpid"; wait "$gpid" 2>/dev/null || true
[[ "$registered" == "30 /"* && "$signed" == "30 /"* ]] || { echo "unexpected guestbook answers: $registered / $signed"; ok=0; }
[[ "$book" == "20 text/gemini"*"You sign as Smoke."*"Hello from the AOT binary"* ]] || { echo "unexpected guestbook page: $book"; ok=0; }
test -f "$out/guestbook-run/guestbook.db" || { echo "the guestbook made no database file"; ok=0; }

size=$(stat -c %s "$binary")
printf 'AOT binary: %s bytes (%.1f MiB); start to first served response: %d ms\n' \
  "$size" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$(( (ready - start) / 1000000 ))"
[ "$ok" = 1 ] && echo "AOT smoke check passed"
[ "$ok" = 1 ]
