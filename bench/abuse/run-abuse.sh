#!/usr/bin/env bash
# The hardening scenarios, each printing its figures (loopback only; not run by CI):
#   slowloris (silent TCP and TLS connections, 1 and 10 addresses), a TLS-handshake flood,
#   10^5 requests at c=256 with memory sampled, SIGTERM during load, and an SCGI backend killed
#   and restarted during load.
# From the project root: bash bench/abuse/run-abuse.sh   (needs python3, openssl, libssl-dev)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
w=$(mktemp -d); pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$w"' EXIT
ulimit -n 20000 2>/dev/null || true
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
rss() { awk '/^VmRSS/ {print $2/1024}' /proc/$1/status; }

bash ../shared/tools/gemload/build.sh "$w/gemload" >/dev/null 2>&1 || { echo "gemload does not build (libssl-dev?)"; exit 1; }
L="$w/gemload"
for sample in Hello ScgiProxy; do
  dotnet publish "samples/$sample" -r linux-x64 -c Release -p:PublishAot=true -o "$w/$sample" -nologo >"$w/$sample.publish.log" 2>&1 || { echo "AOT publish of $sample failed"; exit 1; }
done

start_hello() { # $@: extra arguments
  local port; port=$(free_port)
  (cd "$w" && exec "$w/Hello/Hello" --host 127.0.0.1 --port "$port" --quiet "$@") >"$w/hello.log" 2>&1 &
  pids+=($!); HPID=$!; HPORT=$port; wait_port "$port"
}

echo "== slowloris"
for args in "--idle 1100 --sources 1" "--idle 5000 --sources 1" "--idle 5000 --sources 10" "--idle 1000 --sources 10 --tls"; do
  start_hello
  python3 bench/abuse/slowloris.py --port "$HPORT" --pid "$HPID" --duration 15 $args
  kill "$HPID"
done

echo "== TLS-handshake flood (4 openssl s_time loops from the same machine) with a well-behaved client"
start_hello
for i in 1 2 3 4; do openssl s_time -connect "127.0.0.1:$HPORT" -new -time 20 >/dev/null 2>&1 & pids+=($!); done
sleep 3
"$L" -c 1 -d 10 -t 5 "gemini://localhost:$HPORT/" --connect "127.0.0.1:$HPORT" | grep -E "^(requests|latency_ms|RESULT)"
kill "$HPID"

echo "== 10^5 requests at c=256, resident memory sampled every second"
start_hello --Gemini:Limits:MaxConnectionsPerAddress=1024
(while kill -0 "$HPID" 2>/dev/null; do rss "$HPID" >> "$w/rss.txt"; sleep 1; done) & pids+=($!)
"$L" -c 256 -n 100000 -d 300 -p "$HPID" "gemini://localhost:$HPORT/" --connect "127.0.0.1:$HPORT" | grep -E "^(requests|errors|no_close_notify|latency_ms|server_cpu|RESULT)"
sort -n "$w/rss.txt" | awk 'NR==1 {min=$1} {max=$1} END {printf "server RSS during the run: min %.1f MiB, max %.1f MiB\n", min, max}'
tail -3 "$w/rss.txt" | awk '{printf "last samples: %.1f MiB\n", $1}'
kill "$HPID"

echo "== SIGTERM during load: in-flight requests finish, none cut without close_notify"
start_hello
"$L" -c 64 -d 6 -t 5 "gemini://localhost:$HPORT/" --connect "127.0.0.1:$HPORT" >"$w/sigterm.txt" 2>&1 & lp=$!
sleep 3; kill -TERM "$HPID"; wait "$HPID"; echo "server exit code: $?"
wait "$lp"; grep -E "^(requests|errors|no_close_notify)" "$w/sigterm.txt"

echo "== SCGI backend killed and restarted during load"
sport=$(free_port)
python3 samples/ScgiProxy/backend/scgi_server.py >"$w/backend.log" 2>&1 & bpid=$!; pids+=($bpid)
(cd "$w" && exec "$w/ScgiProxy/ScgiProxy" --host 127.0.0.1 --port "$sport" --quiet) >"$w/scgi.log" 2>&1 & spid=$!; pids+=($spid)
wait_port "$sport"; wait_port 4000
"$L" -c 16 -d 12 -t 5 "gemini://localhost:$sport/api/" --connect "127.0.0.1:$sport" >"$w/scgi-load.txt" 2>&1 & lp=$!
sleep 4; kill "$bpid"; sleep 1
down=$(printf 'gemini://localhost:%s/api/\r\n' "$sport" | timeout 5 openssl s_client -connect "127.0.0.1:$sport" -quiet 2>/dev/null | head -1)
echo "while the backend is down: $down"
sleep 3; python3 samples/ScgiProxy/backend/scgi_server.py >"$w/backend2.log" 2>&1 & pids+=($!)
wait "$lp"; grep -E "^(requests|errors|status)" "$w/scgi-load.txt"
grep -q "127.0.0.1\|4000" <<<"$down" && echo "!! an address leaked into a META" || echo "no address in the META"
