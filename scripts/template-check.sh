#!/usr/bin/env bash
# The `dotnet new gemini` template, as a new user meets it: pack GenGemini and the template pack
# into a local folder feed, install the pack, create a capsule, build it, run its tests, serve it
# over TLS and fetch its home page with openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A version of its own, so no package cached by an earlier run is used.
version="0.1.0-check.$(date +%s%N)"

echo "== dotnet pack (GenGemini and GenGemini.Templates $version)"
dotnet pack src/GenGemini.Package -o "$work/feed" -p:Version="$version" -nologo -clp:NoSummary | grep -E "warning|error" || true
dotnet pack templates -o "$work/feed" -p:Version="$version" -nologo -clp:NoSummary | grep -E "warning|error" || true
test -f "$work/feed/GenGemini.$version.nupkg"
test -f "$work/feed/GenGemini.Templates.$version.nupkg"

hive="$work/hive"
echo "== dotnet new install"
dotnet new install "$work/feed/GenGemini.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null

app="$work/MyCapsule"
echo "== dotnet new gemini"
dotnet new gemini -n MyCapsule -o "$app" --GenGeminiVersion "$version" --debug:custom-hive "$hive"
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML

echo "== its tests"
dotnet test "$app/MyCapsule.Tests" -nologo

echo "== serve it over TLS and fetch its home page"
cd "$app/MyCapsule"
dotnet run --no-build -- --port 0 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 300); do
  port=$(grep -oE 'Serving gemini://localhost:[0-9]+/' "$work/server.log" | grep -oE '[0-9]+/$' | tr -d / || true)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL: the capsule did not start:"; cat "$work/server.log"; exit 1
fi
page=$(printf 'gemini://localhost:%s/hello/operator\r\n' "$port" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet 2>/dev/null || true)
expected=$'20 text/gemini\r\n# Hello, operator!\n\nSay hello to someone else:\n=> /hello/Ada Ada\n'
if [[ "$page" != "$expected"* ]]; then
  echo "FAIL: fetched [$page]"; cat "$work/server.log"; exit 1
fi
# The console writes a batch at a time (within 50 ms of a line): give the access line a moment.
for _ in $(seq 1 50); do
  grep -q '"gemini://localhost:'"$port"'/hello/operator" 20 ' "$work/server.log" && break
  sleep 0.1
done
grep -q '"gemini://localhost:'"$port"'/hello/operator" 20 ' "$work/server.log" || { echo "FAIL: no access log line"; cat "$work/server.log"; exit 1; }
echo "template check passed"
