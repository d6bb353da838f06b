#!/usr/bin/env python3
"""A Titan client for the tests: sends the request line, then BODY (all of it, or only SEND bytes
of it and a close), and prints what the server answered (nothing when it closed without a word).
  titan_client.py PORT URL BODY [SEND]"""
import socket, ssl, sys

port, url, body = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
send = int(sys.argv[4]) if len(sys.argv) > 4 else len(body)
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
raw = socket.create_connection(("127.0.0.1", port), timeout=20)
tls = ctx.wrap_socket(raw, server_hostname="localhost")
tls.sendall(url.encode() + b"\r\n")
if send < 0:
    pass  # the line only: wait for the answer before sending any body
elif send < len(body):
    tls.sendall(body[:send])
    tls.close()  # a short body, then gone
    sys.exit(0)
else:
    tls.sendall(body)
answer = b""
try:
    while True:
        chunk = tls.recv(65536)
        if not chunk:
            break
        answer += chunk
except (ssl.SSLError, OSError):
    pass
sys.stdout.buffer.write(answer)
