#!/usr/bin/env bash
# A/B in one run: samples/Hello (Native AOT, as shipped: access log on) built from two commits,
# server CPU per request with gemload -p, alternating rounds, median of per-round ratios B/A.
# Unlike ../shared/tools/compare-molly.sh, each is started with --public-port 1965 so the URL
# gemini://localhost/ is its own and it serves the page itself (not a 53).
# Run from the project root: bash bench/ab-hello.sh REV_A REV_B [ROUNDS]   (needs libssl-dev)
# The per-address cap is raised with its flat 0.1 key, which every revision understands (newer
# ones warn that it moved to Gemini:Limits).
# A_ARGS / B_ARGS add switches to one side (the same commit twice compares settings):
#   B_ARGS=--Gemini:HandlerScheduling=ThreadPool bash bench/ab-hello.sh HEAD HEAD
set -euo pipefail
a=$1; b=$2; rounds=${3:-7}
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
wait_port() { for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.5; done; return 1; }
root=$(pwd); w=$(mktemp -d); pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; git -C "$root" worktree remove --force "$w/a" 2>/dev/null || true; git -C "$root" worktree remove --force "$w/b" 2>/dev/null || true; rm -rf "$w"' EXIT
tools="$(cd "$root/.." && pwd)/shared/tools"
"$tools/gemload/build.sh" "$w/gemload" >/dev/null
for side in a b; do
  rev=${!side}
  git -C "$root" worktree add -f "$w/$side" "$rev" >/dev/null 2>&1
  (cd "$w/$side" && timeout 600 dotnet publish samples/Hello -r linux-x64 -c Release -p:PublishAot=true -o "$w/$side-aot" -nologo >"$w/$side-publish.log" 2>&1) \
    || { echo "AOT publish of $rev failed"; tail -5 "$w/$side-publish.log"; exit 1; }
  mkdir -p "$w/$side-run"
  port=$(free_port)
  (cd "$w/$side-run" && exec "$w/$side-aot/Hello" --host 127.0.0.1 --port "$port" --public-port 1965 --Gemini:MaxConnectionsPerAddress=1024 $(eval echo "\${${side^^}_ARGS:-}")) >"$w/$side.log" 2>&1 &
  pids+=($!); eval "${side}_pid=$!; ${side}_port=$port"
  wait_port "$port"
done
run() { "$w/gemload" -c 16 -d 3 -p "$1" 127.0.0.1 "$2" gemini://localhost/ | sed -n 's/.*server_us_per_req=\([0-9]*\).*/\1/p'; }
"$w/gemload" -c 16 -d 2 127.0.0.1 "$a_port" gemini://localhost/ >/dev/null
"$w/gemload" -c 16 -d 2 127.0.0.1 "$b_port" gemini://localhost/ >/dev/null
status=$("$w/gemload" -c 1 -n 1 127.0.0.1 "$a_port" gemini://localhost/ | grep -Eo 'status [0-9]+' | head -1)
ratios=()
for i in $(seq 1 "$rounds"); do
  if (( i % 2 )); then A=$(run "$a_pid" "$a_port"); B=$(run "$b_pid" "$b_port"); else B=$(run "$b_pid" "$b_port"); A=$(run "$a_pid" "$a_port"); fi
  echo "round $i: A=$A us B=$B us"
  ratios+=("$(python3 -c "print($B/$A)")")
done
python3 - "${ratios[@]}" <<PY
import sys, statistics
r = [float(x) for x in sys.argv[1:]]
print(f"A={sys.argv[0] if False else '$a'} B='$b' ({'$status'}): median B/A = {statistics.median(r):.3f} over {len(r)} rounds")
PY
