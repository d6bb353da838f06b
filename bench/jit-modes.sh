#!/usr/bin/env bash
# How JIT users fare (dotnet run / dotnet Hello.dll): samples/Hello as shipped, JIT with the
# defaults, JIT without TieredPGO, and ReadyToRun, beside the AOT binary; server CPU per request
# with gemload -p after a warm-up, alternating rounds, medians. Not run by CI.
# Run from the project root: bash bench/jit-modes.sh [ROUNDS]   (needs libssl-dev)
set -euo pipefail
rounds=${1:-5}
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
wait_port() { for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.5; done; return 1; }
w=$(mktemp -d); pids=(); trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$w"' EXIT
tools="$(cd "$(pwd)/.." && pwd)/shared/tools"
"$tools/gemload/build.sh" "$w/gemload" >/dev/null
dotnet publish samples/Hello -c Release -o "$w/jit" -nologo -v q >/dev/null
dotnet publish samples/Hello -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$w/r2r" -nologo -v q >/dev/null
dotnet publish samples/Hello -c Release -r linux-x64 -p:PublishAot=true -o "$w/aot" -nologo -v q >/dev/null
declare -A pid port
start() { # name, environment, command...
  local name=$1 env=$2; shift 2
  mkdir -p "$w/$name-run"; port[$name]=$(free_port)
  (cd "$w/$name-run" && exec env $env "$@" --host 127.0.0.1 --port "${port[$name]}" --Gemini:Limits:MaxConnectionsPerAddress=1024) >"$w/$name.log" 2>&1 &
  pid[$name]=$!; pids+=("$!"); wait_port "${port[$name]}"
}
start jit "DOTNET_TieredPGO=1" dotnet "$w/jit/Hello.dll"
start jit-nopgo "DOTNET_TieredPGO=0" dotnet "$w/jit/Hello.dll"
start r2r "DOTNET_TieredPGO=1" dotnet "$w/r2r/Hello.dll"
start aot "X=1" "$w/aot/Hello"
names=(jit jit-nopgo r2r aot)
for n in "${names[@]}"; do "$w/gemload" -c 16 -d 10 127.0.0.1 "${port[$n]}" gemini://localhost/ >/dev/null; done # warm-up: tier-1 code
declare -A results
for i in $(seq 1 "$rounds"); do
  for n in "${names[@]}"; do
    us=$("$w/gemload" -c 16 -d 3 -p "${pid[$n]}" 127.0.0.1 "${port[$n]}" gemini://localhost/ | sed -n 's/.*server_us_per_req=\([0-9]*\).*/\1/p')
    results[$n]="${results[$n]:-} $us"
  done
  names=("${names[@]:1}" "${names[0]}") # rotate the order each round
done
for n in jit jit-nopgo r2r aot; do
  python3 -c "import statistics,sys; v=[int(x) for x in sys.argv[2:]]; print(f'{sys.argv[1]:10} median {statistics.median(v)} us/request  rounds {v}')" "$n" ${results[$n]}
done
