#!/usr/bin/env python3
"""A minimal SCGI backend with no dependencies, for the ScgiProxy sample.

Rewritten from the SCGI document this project started from: it reads the whole netstring
(the original read once and hoped), accepts headers in any order, serves each connection
on its own thread, and writes the raw Gemini header.

    python3 backend/scgi_server.py [--port 4000 | --socket /path/to.sock]
"""
import argparse
import os
import socket
import threading


def read_request(conn):
    data = b""
    while b":" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise ValueError("connection closed before the netstring length")
        data += chunk
    length_text, _, rest = data.partition(b":")
    length = int(length_text)
    while len(rest) < length + 1:
        chunk = conn.recv(65536)
        if not chunk:
            raise ValueError("connection closed inside the netstring")
        rest += chunk
    if rest[length:length + 1] != b",":
        raise ValueError("netstring without its comma")
    parts = rest[:length].split(b"\0")
    return {parts[i].decode(): parts[i + 1].decode() for i in range(0, len(parts) - 1, 2)}


def respond(env):
    path = env.get("PATH_INFO", "") or "/"
    query = env.get("QUERY_STRING", "")
    greeting = env.get("GENGEMINI_GREETING", "")
    body = (
        "# SCGI Response\n\n"
        f"Path: {path}\nQuery: {query}\n"
        f"Greeting passed by the capsule: {greeting}\n"
        f"Your certificate: {env.get('TLS_CLIENT_HASH') or 'none'}\n"
    )
    return b"20 text/gemini\r\n" + body.encode("utf-8")


def serve(conn):
    with conn:
        try:
            conn.sendall(respond(read_request(conn)))
        except (ValueError, OSError) as error:
            print(f"bad request: {error}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument("--socket")
    args = parser.parse_args()
    if args.socket:
        if os.path.exists(args.socket):
            os.unlink(args.socket)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(args.socket)
        where = args.socket
    else:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", args.port))
        where = f"127.0.0.1:{args.port}"
    server.listen(128)
    print(f"SCGI server listening on {where}", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
