#!/usr/bin/env bash
# End-to-end comparison on one machine, in one run, same content, alternating servers:
# GenGemini vs molly-brown. The GenGemini row is samples/Hello as a user ships it (Native AOT,
# access log on, to a file) serving its home page, against molly-brown serving the same bytes
# from a file (its access log to a file too). The benchmark capsule (bench/GenGemini.E2e, also
# logging to a file) adds a small static page, a dynamic route and an SCGI route to the same
# backend over a Unix socket, in the "capsule-*" rows. The figure that separates servers on
# 2 cores is the SERVER CPU per request (the load client saturates first), read from /proc.
#
#   bash bench/run-e2e.sh [requests-per-burst (1000)] [rounds (6)] [connections (16)]
#
# Servers: molly-brown; "gengemini", samples/Hello AOT as shipped (path "sample" only); the
# capsule JIT and AOT with the framework's defaults ("capsule-jit", "capsule-aot");
# "capsule-netdefaults", the same AOT binary with .NET's defaults for socket completions and
# thread-pool spinning (what the two settings of DESIGN.md section 6 buy); "capsule-threadpool",
# with HandlerScheduling.ThreadPool (a thread hand-off before every handler, the old default);
# "floor", a minimal single-threaded C server on OpenSSL; and "sslstream", the least a .NET
# server can do with SslStream (the AOT binary's --bare mode: no routing, no timeouts, no
# logging). The two floors serve the static page only. SERVERS="molly gengemini" picks some.
#
# Needs: molly-brown (apt-get install molly-brown), libssl-dev and cc for the floor, openssl,
# python3. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000}
rounds=${2:-6}
connections=${3:-16}

command -v molly-brown >/dev/null || { echo "molly-brown is not installed (apt-get install molly-brown)"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "== building (Release; AOT publish takes a minute)"
dotnet build bench/GenGemini.Load -c Release -nologo -v q -clp:NoSummary >/dev/null
dotnet publish bench/GenGemini.E2e -c Release -nologo -v q -clp:NoSummary -o "$work/jit" >/dev/null
dotnet publish bench/GenGemini.E2e -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -clp:NoSummary -o "$work/aot" >/dev/null
dotnet publish samples/Hello -c Release -r linux-x64 -p:PublishAot=true -nologo -v q -clp:NoSummary -o "$work/hello" >/dev/null
mkdir -p "$work/hello-run"
load=(dotnet bench/GenGemini.Load/bin/Release/net10.0/gemini-load.dll)
cc -O2 -o "$work/floor" bench/openssl-floor/floor.c -lssl -lcrypto

# Same content for everyone.
mkdir -p "$work/docroot/hello"
printf '# Static\n\nA small static page, the same bytes from every server.\n' > "$work/docroot/index.gmi"
printf '# Hello, bench!\n\nThis page was made for you.\n' > "$work/docroot/hello/bench"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null

# The SCGI backend both servers share: accepts any header order (molly-brown sends them in
# random order) and writes the raw Gemini header (molly-brown cannot parse Status:).
python3 samples/ScgiProxy/backend/scgi_server.py --socket "$work/backend.sock" >/dev/null &
pids+=($!)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 300); do printf 'gemini://localhost:%s/\r\n' "$1" | timeout 2 openssl s_client -connect "127.0.0.1:$1" -quiet 2>/dev/null | grep -qE '^[0-9]{2}' && return 0; sleep 0.05; done; echo "server on $1 did not start"; return 1; }

start_server() { # name -> sets server_pid, server_port
  server_port=$(free_port)
  case "$1" in
    molly)
      cat > "$work/molly.conf" <<CONF
Port = $server_port
Hostname = "localhost"
CertPath = "$work/cert.pem"
KeyPath = "$work/key.pem"
DocBase = "$work/docroot"
AccessLog = "$work/molly-access.log"
ErrorLog = "$work/molly-error.log"
[SCGIPaths]
"/scgi/" = "$work/backend.sock"
CONF
      molly-brown -c "$work/molly.conf" & ;;
    gengemini) ( cd "$work/hello-run" && exec "$work/hello/Hello" --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" ) \
           >"$work/gengemini.log" 2>&1 & ;;
    capsule-jit) dotnet "$work/jit/gengemini-e2e.dll" --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" \
           --docroot "$work/docroot" --scgi-socket "$work/backend.sock" >"$work/$1.log" 2>&1 & ;;
    floor) "$work/floor" "$server_port" "$work/cert.pem" "$work/key.pem" & ;;
    capsule-netdefaults) DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70 \
           "$work/aot/gengemini-e2e" --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" \
           --docroot "$work/docroot" --scgi-socket "$work/backend.sock" >"$work/$1.log" 2>&1 & ;;
    capsule-threadpool) "$work/aot/gengemini-e2e" --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" \
           --docroot "$work/docroot" --scgi-socket "$work/backend.sock" --thread-pool-handlers >"$work/$1.log" 2>&1 & ;;
    sslstream) "$work/aot/gengemini-e2e" --bare --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" & ;;
    capsule-aot) "$work/aot/gengemini-e2e" --host 127.0.0.1 --port "$server_port" --cert "$work/cert.pem" --key "$work/key.pem" \
           --docroot "$work/docroot" --scgi-socket "$work/backend.sock" >"$work/$1.log" 2>&1 & ;;
  esac
  server_pid=$!
  pids+=("$server_pid")
  wait_ready "$server_port"
}

declare -A cpu rps p99 rss resume alloc
# "resumed" is the static page again, with TLS session resumption (one full handshake per
# connection of the load tool, then resumed ones).
paths=(sample static dynamic scgi resumed)
read -r -a servers <<< "${SERVERS:-molly gengemini floor sslstream capsule-jit capsule-aot capsule-threadpool capsule-netdefaults}"
url_for() { # server path port
  case "$2" in
    # samples/Hello's home page; molly-brown serves the same bytes from a file (sample.gmi).
    sample) if [ "$1" = gengemini ]; then echo "gemini://localhost:$3/"; else echo "gemini://localhost:$3/sample.gmi"; fi ;;
    # The same file from disk: molly-brown's DocBase, GenGemini's StaticFileHandler at /static.
    static) if [ "$1" = molly ] || [ "$1" = floor ] || [ "$1" = sslstream ]; then echo "gemini://localhost:$3/index.gmi"; else echo "gemini://localhost:$3/static/index.gmi"; fi ;;
    # molly-brown has no in-process dynamic routes: it serves the same bytes from a file.
    dynamic) echo "gemini://localhost:$3/hello/bench" ;;
    scgi) echo "gemini://localhost:$3/scgi/x?q=1" ;;
    resumed) url_for "$1" static "$3" ;;
  esac
}

# All servers run side by side for the whole measurement (an idle server costs nothing), so
# the servers can be alternated burst by burst: each round gives every server one burst per
# path, in a rotated order, and the machine's drift (it varies by +-15% here) hits them alike.
declare -A port_of pid_of
for server in "${servers[@]}"; do
  start_server "$server"
  port_of[$server]=$server_port; pid_of[$server]=$server_pid
done
# The same bytes as Hello's home page, for molly-brown to serve from its DocBase.
if [ -n "${port_of[gengemini]:-}" ]; then
  printf 'gemini://localhost:%s/\r\n' "${port_of[gengemini]}" | openssl s_client -connect "127.0.0.1:${port_of[gengemini]}" -quiet 2>/dev/null | tail -n +2 > "$work/docroot/sample.gmi"
fi
serves() { # server path
  case "$1,$2" in
    gengemini,sample|molly,sample) return 0 ;;
    gengemini,*|*,sample) return 1 ;;
    floor,static|sslstream,static) return 0 ;;
    floor,*|sslstream,*) return 1 ;;
  esac
}
resume_flag() { [ "$1" = resumed ] && echo --resume; true; }
burst() { # server path requests warmup -> prints the load tool's report
  "${load[@]}" --url "$(url_for "$1" "$2" "${port_of[$1]}")" --connections "$connections" --requests "$3" --warmup "$4" $(resume_flag "$2") --pid "${pid_of[$1]}" || true
}

echo "== warming up every server on every path"
for server in "${servers[@]}"; do for path in "${paths[@]}"; do serves "$server" "$path" && burst "$server" "$path" 1000 0 >/dev/null; done; done

for round in $(seq 1 "$rounds"); do
  # Rotate the order each round so that no server always runs first or last.
  order=("${servers[@]:$(( (round - 1) % ${#servers[@]} ))}" "${servers[@]:0:$(( (round - 1) % ${#servers[@]} ))}")
  for path in "${paths[@]}"; do
    for server in "${order[@]}"; do
      serves "$server" "$path" || continue
      out=$(burst "$server" "$path" "$requests" 100) # a short warm-up: the load tool's own start
      c=$(echo "$out" | awk '/server CPU\/request/ {print $3}')
      r=$(echo "$out" | awk '/^requests\/s/ {print $2}')
      q=$(echo "$out" | awk '/p50\/p90\/p99/ {print $9}')
      errors=$(echo "$out" | awk -F'errors +' '/^errors/ {print $2}')
      printf 'round %s %-15s %-8s server CPU %5s us/req  %6s req/s  p99 %s ms  errors: %s\n' "$round" "$server" "$path" "$c" "$r" "$q" "$errors"
      cpu[$server,$path]="${cpu[$server,$path]:-} $c"; rps[$server,$path]="${rps[$server,$path]:-} $r"; p99[$server,$path]="${p99[$server,$path]:-} $q"
    done
  done
done

get() { printf 'gemini://localhost:%s/%s\r\n' "$1" "$2" | openssl s_client -connect "127.0.0.1:$1" -quiet 2>/dev/null | tail -1; }
for server in "${servers[@]}"; do
  port=${port_of[$server]}
  if [[ "$server" == capsule-jit || "$server" == capsule-aot || "$server" == sslstream ]]; then
    # Managed allocations per request, from the server's own counter (GC.GetTotalAllocatedBytes).
    for path in static dynamic scgi; do
      serves "$server" "$path" || continue
      before=$(get "$port" _allocated)
      "${load[@]}" --url "$(url_for "$server" "$path" "$port")" --connections "$connections" --requests 2000 --warmup 0 >/dev/null || true
      after=$(get "$port" _allocated)
      alloc[$server,$path]=$(( (after - before) / 2001 ))
    done
  fi
done
# Idle connections last, one server at a time, each stopped afterwards.
for server in "${servers[@]}"; do
  if [ "$server" != floor ] && [ "$server" != sslstream ]; then
    rss[$server]=$("${load[@]}" --url "gemini://localhost:${port_of[$server]}/" --idle 1000 --pid "${pid_of[$server]}" | awk '/server RSS/ {print $3 " -> " $6}')
  fi
  kill "${pid_of[$server]}"; wait "${pid_of[$server]}" 2>/dev/null || true
done

mean() { echo "$1" | awk '{s=0; for (i=1;i<=NF;i++) s+=$i; printf "%.0f", s/NF}'; }
# The median over rounds of the per-round ratio a/b: each round's pair ran back to back, so the
# machine's drift between rounds cancels, and one noisy round does not move the figure.
median_ratio() { paste <(echo "$1" | tr -s ' ' '\n' | grep .) <(echo "$2" | tr -s ' ' '\n' | grep .) \
  | awk '$2 > 0 {print $1/$2}' | sort -g | awk '{v[NR]=$1} END { if (NR == 0) printf "?"; else if (NR % 2) printf "%.2f", v[(NR+1)/2]; else printf "%.2f", (v[NR/2]+v[NR/2+1])/2 }'; }
echo
echo "== summary ($rounds rounds of $requests requests: mean CPU, req/s and last p99; ratios to molly-brown are medians of the per-round ratios; lower CPU is better)"
printf '%-8s %-15s %10s %10s %10s %12s %12s\n' path server "CPU us/req" "req/s" "p99 ms" "CPU ratio" "req/s ratio"
for path in "${paths[@]}"; do
  for server in "${servers[@]}"; do
    [ -n "${cpu[$server,$path]:-}" ] || continue
    c=$(mean "${cpu[$server,$path]}"); r=$(mean "${rps[$server,$path]}"); q=$(echo "${p99[$server,$path]}" | awk '{print $NF}')
    printf '%-8s %-15s %10s %10s %10s %12s %12s\n' "$path" "$server" "$c" "$r" "$q" \
      "$(median_ratio "${cpu[$server,$path]}" "${cpu[molly,$path]:-}")" "$(median_ratio "${rps[$server,$path]}" "${rps[molly,$path]:-}")"
  done
done
ratio() { median_ratio "$1" "$2"; }
echo
if [ -n "${cpu[capsule-aot,static]:-}" ]; then
  echo "the shipped sample, server CPU: gengemini (samples/Hello AOT, access log on) / molly-brown $(ratio "${cpu[gengemini,sample]:-0}" "${cpu[molly,sample]:-0}"), / C floor (static page) $(ratio "${cpu[gengemini,sample]:-0}" "${cpu[floor,static]:-0}")"
  [ -n "${cpu[capsule-threadpool,static]:-}" ] && echo "a thread hand-off before every handler (HandlerScheduling.ThreadPool) / the default, server CPU: static $(ratio "${cpu[capsule-threadpool,static]}" "${cpu[capsule-aot,static]}"), dynamic $(ratio "${cpu[capsule-threadpool,dynamic]}" "${cpu[capsule-aot,dynamic]}"), SCGI $(ratio "${cpu[capsule-threadpool,scgi]}" "${cpu[capsule-aot,scgi]}")"
  echo "static page, server CPU ratios: AOT / C floor $(ratio "${cpu[capsule-aot,static]}" "${cpu[floor,static]:-0}"), AOT / SslStream alone $(ratio "${cpu[capsule-aot,static]}" "${cpu[sslstream,static]:-0}"), SslStream alone / C floor $(ratio "${cpu[sslstream,static]:-0}" "${cpu[floor,static]:-0}")"
  echo "SCGI route / dynamic route, server CPU: AOT $(ratio "${cpu[capsule-aot,scgi]}" "${cpu[capsule-aot,dynamic]}"), molly-brown $(ratio "${cpu[molly,scgi]:-0}" "${cpu[molly,dynamic]:-0}")"
fi
echo "managed bytes allocated per request (static/dynamic/scgi): SslStream alone ${alloc[sslstream,static]:-?}, capsule JIT ${alloc[capsule-jit,static]:-?}/${alloc[capsule-jit,dynamic]:-?}/${alloc[capsule-jit,scgi]:-?}, capsule AOT ${alloc[capsule-aot,static]:-?}/${alloc[capsule-aot,dynamic]:-?}/${alloc[capsule-aot,scgi]:-?}"
printf 'TLS session resumption, resumed / full handshake (static page), server CPU:'
for server in "${servers[@]}"; do [ -n "${cpu[$server,resumed]:-}" ] && printf ' %s %s' "$server" "$(median_ratio "${cpu[$server,resumed]}" "${cpu[$server,static]}")"; done
echo
echo "resident memory with 1000 idle TLS connections (KiB, before -> with them): molly-brown ${rss[molly]:-?}, samples/Hello AOT ${rss[gengemini]:-?}, capsule JIT ${rss[capsule-jit]:-?}, capsule AOT ${rss[capsule-aot]:-?}, capsule AOT with .NET defaults ${rss[capsule-netdefaults]:-?}"
