#!/usr/bin/env bash
# Admission under floods, side by side in one run: samples/Hello before the admission work (a git
# revision, default 8609e28), Hello now, and molly-brown; each flood against a fresh server, with
# a well-behaved client on another address (127.0.0.1) fetching every 0.5 s:
#   - 5,000 silent sockets from one address;
#   - 5,000 silent sockets from 100 addresses (50 each, under the per-address cap);
#   - 300 requests at 100 concurrent connections from ONE address (gemload): how many fail;
# then the memory a silent socket holds: admitted (spread over addresses) and queued (one address).
# From the project root: bash bench/abuse/admission.sh [before-revision]   (needs molly-brown, libssl-dev)
set -uo pipefail
cd "$(dirname "$0")/../.."
before=${1:-8609e28}
w=$(mktemp -d); pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; git worktree remove --force "$w/before-src" >/dev/null 2>&1; rm -rf "$w"' EXIT
ulimit -n 20000 2>/dev/null || true
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 400); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }

bash ../shared/tools/gemload/build.sh "$w/gemload" >/dev/null 2>&1 || { echo "gemload does not build (libssl-dev?)"; exit 1; }
git worktree add -q "$w/before-src" "$before"
dotnet publish "$w/before-src/samples/Hello" -c Release -o "$w/before" -nologo >"$w/before.log" 2>&1 || { echo "publish of $before failed"; exit 1; }
dotnet publish samples/Hello -c Release -o "$w/after" -nologo >"$w/after.log" 2>&1 || { echo "publish failed"; exit 1; }
mkdir -p "$w/run" "$w/docs"; printf '# Home\n' > "$w/docs/index.gmi"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$w/key.pem" -out "$w/cert.pem" -days 2 -subj /CN=localhost >/dev/null 2>&1

start() { # $1: before|after|molly; sets SPID SPORT
  SPORT=$(free_port)
  if [ "$1" = molly ]; then
    printf 'Port = %s\nHostname = "localhost"\nCertPath = "%s"\nKeyPath = "%s"\nDocBase = "%s/docs/"\nAccessLog = "%s/molly-access.log"\nErrorLog = "%s/molly-err.log"\n' \
      "$SPORT" "$w/cert.pem" "$w/key.pem" "$w" "$w" "$w" > "$w/molly.conf"
    molly-brown -c "$w/molly.conf" >/dev/null 2>&1 &
  else
    (cd "$w/run" && exec dotnet "$w/$1/Hello.dll" --host 127.0.0.1 --port "$SPORT" --quiet) >"$w/$1.out" 2>&1 &
  fi
  SPID=$!; pids+=($SPID)
  if ! wait_port "$SPORT"; then
    kill "$SPID" 2>/dev/null
    if [ -z "${RETRIED:-}" ]; then RETRIED=1; echo "(restarting $1)"; start "$1"; unset RETRIED; else echo "!! $1 not listening"; fi
  fi
}

for server in before after molly; do
  echo "== $server"
  for args in "--idle 5000 --sources 1" "--idle 5000 --sources 100"; do
    start "$server"
    python3 bench/abuse/slowloris.py --port "$SPORT" --pid "$SPID" --duration 15 $args | grep -E "flood:|well-behaved|RSS"
    kill "$SPID"; wait "$SPID" 2>/dev/null
  done
  start "$server"
  "$w/gemload" -c 100 -n 300 -t 10 127.0.0.1 "$SPORT" gemini://localhost/ 2>&1 | grep -E "^(requests|errors|status|RESULT)" | sed 's/^/burst of 300 at c=100 from one address: /'
  kill "$SPID"; wait "$SPID" 2>/dev/null
done

echo "== memory of a silent socket (Hello now)"
start after
python3 bench/abuse/idle_memory.py --port "$SPORT" --pid "$SPID" --idle 1000 --addresses 25 | sed 's/^/admitted, 25 addresses: /'
kill "$SPID"; wait "$SPID" 2>/dev/null
start after
python3 bench/abuse/idle_memory.py --port "$SPORT" --pid "$SPID" --idle 320 --addresses 1 | sed 's/^/one address (64 admitted, 256 queued): /'
kill "$SPID"; wait "$SPID" 2>/dev/null
