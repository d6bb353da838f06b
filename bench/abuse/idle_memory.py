#!/usr/bin/env python3
"""Resident memory per idle connection: N connections that never send a byte (pre-handshake),
then N that finish the TLS handshake and send nothing more (post-handshake). Spread over
ADDRESSES loopback addresses so the per-address cap is not what is measured. Start a fresh
server for each run. Loopback only; not run by CI.
  python3 bench/abuse/idle_memory.py --port 1965 --pid $(pidof Hello) --idle 1000 [--tls]
"""
import argparse, resource, socket, ssl, time

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--pid", type=int, required=True)
p.add_argument("--idle", type=int, default=1000)
p.add_argument("--addresses", type=int, default=25)
p.add_argument("--tls", action="store_true")
a = p.parse_args()
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.idle + 1000), hard))
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
# Warm the server up with a few real requests first, so the baseline includes its working set.
for _ in range(20):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", a.port)), server_hostname="localhost")
    s.sendall(f"gemini://localhost:{a.port}/\r\n".encode()); s.recv(65536); s.close()
time.sleep(1)
before = rss_kib(a.pid)
held = []
for i in range(a.idle):
    s = socket.socket(); s.bind((f"127.0.0.{2 + i % a.addresses}", 0)); s.connect(("127.0.0.1", a.port))
    if a.tls:
        s = ctx.wrap_socket(s, server_hostname="localhost")
    held.append(s)
time.sleep(2)
during = rss_kib(a.pid)
kind = "post-handshake (TLS done, silent)" if a.tls else "pre-handshake (no byte sent)"
print(f"{a.idle} idle {kind}: RSS {before / 1024:.1f} -> {during / 1024:.1f} MiB, {(during - before) / a.idle:.1f} KiB per connection")
