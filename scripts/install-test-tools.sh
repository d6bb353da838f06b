#!/usr/bin/env bash
# Installs the real clients and backends the tests drive, if missing: openssl s_client (TLS
# client), Perl's SCGI module and uWSGI with its Python 3 plugin (SCGI backends no one here
# wrote), Python 3, HAProxy (PROXY protocol), systemd-socket-activate (socket activation) and
# molly-brown (a Gemini server to relay to), python3-feedparser (reads the gemlog's Atom feed),
# util-linux's setpriv (every process a test starts dies with the test run). Debian or Ubuntu, as
# root (or with sudo).
set -euo pipefail

packages=(openssl libscgi-perl uwsgi uwsgi-plugin-python3 python3 python3-feedparser haproxy systemd molly-brown util-linux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "The tests need: ${missing[*]} (no apt-get here: install them by hand)." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root." >&2; exit 1; }
  sudo=(sudo)
fi

echo "Installing what the tests need: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
