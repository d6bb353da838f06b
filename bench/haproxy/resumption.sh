#!/usr/bin/env bash
# TLS 1.3 resumption across two instances behind HAProxy (TCP mode, send-proxy-v2): how many
# resumed handshakes gemload -r gets with `balance roundrobin` and with `balance source`.
# Run from the project root: bash bench/haproxy/resumption.sh   (needs haproxy, openssl, libssl-dev)
set -euo pipefail
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
wait_port() { for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.5; done; return 1; }
w=$(mktemp -d); pids=(); trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$w"' EXIT
tools="$(cd "$(dirname "$0")/../../.." && pwd)/shared/tools"
"$tools/gemload/build.sh" "$w/gemload" >/dev/null
dotnet build samples/Hello -c Release -o "$w/hello" -nologo -v q >/dev/null
# One certificate for every instance: a client that pins it (TOFU) sees one capsule, whichever serves.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=localhost \
  -keyout "$w/key.pem" -out "$w/cert.pem" 2>/dev/null
ports=()
for i in 1 2; do
  p=$(free_port); ports+=("$p")
  (cd "$w" && exec dotnet hello/Hello.dll --host 127.0.0.1 --port "$p" --cert cert.pem --key key.pem --quiet \
    --Gemini:ProxyProtocol:Enabled=true --Gemini:ProxyProtocol:TrustedProxies:0=127.0.0.1) >"$w/hello$i.log" 2>&1 &
  pids+=($!)
  wait_port "$p"
done
for balance in roundrobin source; do
  front=$(free_port)
  cat >"$w/haproxy.cfg" <<CFG
global
  maxconn 256
defaults
  mode tcp
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend gemini
  bind 127.0.0.1:$front
  default_backend capsules
backend capsules
  balance $balance
  server a 127.0.0.1:${ports[0]} send-proxy-v2 check inter 1s
  server b 127.0.0.1:${ports[1]} send-proxy-v2 check inter 1s
CFG
  haproxy -f "$w/haproxy.cfg" -db >"$w/haproxy.log" 2>&1 &
  hp=$!; pids+=("$hp")
  wait_port "$front"
  out=$("$w/gemload" -r -c 4 -d 5 127.0.0.1 "$front" "gemini://localhost:$front/")
  echo "balance $balance: $(grep -E '^tls_resumed' <<<"$out") ($(grep -Eo 'ok=[0-9]+|status 20: [0-9]+' <<<"$out" | head -1))"
  kill "$hp"; wait "$hp" 2>/dev/null || true
done
