#!/usr/bin/env python3
"""Slowloris against a Gemini server, with a well-behaved client beside it.

Opens IDLE connections spread over SOURCES loopback addresses (127.0.0.2, 127.0.0.3, ...),
sends nothing (or, with --tls, completes the TLS handshake and then sends nothing), and reopens
every connection the server closes. Meanwhile a well-behaved client on 127.0.0.1 fetches the
home page every INTERVAL seconds. Prints how many of its requests were answered, its worst
latency, and the server's resident memory (with --pid), before and during the flood.

Loopback only. Not run by CI.
  python3 bench/abuse/slowloris.py --port 1965 --pid $(pidof Hello) --idle 5000 --sources 1
"""
import argparse, os, resource, selectors, socket, ssl, sys, threading, time

def rss_mib(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, default=0)
    p.add_argument("--idle", type=int, default=1100)
    p.add_argument("--sources", type=int, default=1)
    p.add_argument("--tls", action="store_true", help="finish the handshake, then stay silent")
    p.add_argument("--duration", type=float, default=10)
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--host", default="localhost")
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.idle * 2 + 1000), hard))

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    stop = threading.Event()
    opened = [0]
    live = []

    def open_one(i):
        src = f"127.0.0.{2 + i % a.sources}"
        s = socket.socket()
        s.settimeout(1)  # a full backlog leaves connects hanging: give up and retry later
        s.bind((src, 0))
        try:
            s.connect(("127.0.0.1", a.port))
            if a.tls:
                s = ctx.wrap_socket(s, server_hostname=a.host)
            s.setblocking(False)
            opened[0] += 1
            return s
        except OSError:
            s.close()
            return None

    def flood():
        sel = selectors.DefaultSelector()
        missing = []
        for i in range(a.idle):
            if stop.is_set():
                break
            s = open_one(i)
            if s:
                sel.register(s, selectors.EVENT_READ, i)
            else:
                missing.append(i)
        while not stop.is_set():
            # Keep trying the ones that could not connect, a few at a time.
            for _ in range(min(50, len(missing))):
                i = missing.pop(0)
                s = open_one(i)
                if s:
                    sel.register(s, selectors.EVENT_READ, i)
                else:
                    missing.append(i)
            for key, _ in sel.select(timeout=0.2):
                # The server closed it (or sent an alert): reopen, as an attacker would.
                sel.unregister(key.fileobj)
                key.fileobj.close()
                s = open_one(key.data)
                if s:
                    sel.register(s, selectors.EVENT_READ, key.data)
                else:
                    missing.append(key.data)
            live[:] = [len(sel.get_map())]
        for key in list(sel.get_map().values()):
            key.fileobj.close()

    before = rss_mib(a.pid)
    t = threading.Thread(target=flood, daemon=True)
    t.start()
    time.sleep(5)  # let the flood build up
    during = rss_mib(a.pid)
    served = total = 0
    worst = 0.0
    end = time.time() + a.duration
    while time.time() < end:
        total += 1
        start = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", a.port), timeout=5)
            t2 = ctx.wrap_socket(s, server_hostname=a.host)
            t2.settimeout(5)
            t2.sendall(f"gemini://{a.host}:{a.port}/\r\n".encode())
            data = b""
            while True:
                chunk = t2.recv(65536)
                if not chunk:
                    break
                data += chunk
            t2.close()
            if data.startswith(b"20 "):
                served += 1
        except (OSError, ssl.SSLError):
            pass
        worst = max(worst, time.time() - start)
        time.sleep(a.interval)
    stop.set()
    t.join(5)
    kind = "TLS-idle" if a.tls else "TCP-idle"
    print(f"{kind} flood: {a.idle} connections from {a.sources} address(es), {opened[0]} opened in all, {live[0] if live else 0} open at the end")
    print(f"well-behaved client: {served}/{total} served, worst latency {worst * 1000:.0f} ms")
    if before is not None:
        print(f"server RSS: {before:.1f} MiB before, {during:.1f} MiB during ({(during - before) * 1024 / max(1, a.idle):.1f} KiB per flood connection)")

main()
