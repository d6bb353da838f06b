#!/usr/bin/env bash
# Packs the GenGemini package, then builds and runs a fresh consumer project that references
# only that package (from a local folder feed): routing, typed links, the test client and an
# [Scgi] binding must work, and a bad route must fail the build with its GG diagnostic.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A version of its own, so no package cached by an earlier run is used.
version="0.1.0-check.$(date +%s%N)"

echo "== dotnet pack (GenGemini $version)"
dotnet pack src/GenGemini.Package -o "$work/feed" -p:Version="$version" -nologo -clp:NoSummary | grep -E "warning|error|Successfully" || true
test -f "$work/feed/GenGemini.$version.nupkg"
echo "== package contents"
contents=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$work/feed/GenGemini.$version.nupkg")
for entry in lib/net10.0/GenGemini.dll lib/net10.0/GenGemini.xml lib/net10.0/GenGemini.Testing.dll lib/net10.0/GenGemini.Testing.xml analyzers/dotnet/cs/GenGemini.Generators.dll \
  analyzers/dotnet/cs/GenGemini.Analyzers.dll analyzers/dotnet/cs/GenGemini.Analyzers.CodeFixes.dll; do
  grep -qx "$entry" <<<"$contents" || { echo "FAIL: $entry is not in the package"; exit 1; }
  echo "ok   $entry"
done

consumer="$work/consumer"
mkdir -p "$consumer"
cat > "$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML
echo '<Project />' > "$consumer/Directory.Build.props"
echo '<Project />' > "$consumer/Directory.Packages.props"
cat > "$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="GenGemini" Version="$version" />
  </ItemGroup>
</Project>
XML
socket="$work/backend.sock"
cat > "$consumer/Program.cs" <<CS
using System.Net.Sockets;
using System.Text;
using GenGemini;
using GenGemini.Testing;

// An SCGI backend on a Unix socket, answering every request.
var path = Api.ScgiBinding.Socket;
using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
listener.Bind(new UnixDomainSocketEndPoint(path));
listener.Listen();
_ = Task.Run(async () =>
{
    while (true)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[65536];
        await connection.ReceiveAsync(buffer);
        await connection.SendAsync(Encoding.UTF8.GetBytes("20 text/gemini\r\nfrom scgi"));
        connection.Shutdown(SocketShutdown.Both);
    }
});

var app = GeminiApp.Create(["--quiet"]);
app.MapGenerated();
var client = new TestClient(app);
var failures = 0;
void Check(string what, string expected, string actual)
{
    if (expected != actual) { Console.WriteLine(\$"FAIL {what}: expected [{expected}] got [{actual}]"); failures++; }
    else { Console.WriteLine(\$"ok   {what}"); }
}

Check("home", "20 # Home", \$"{(int)(await client.GetAsync("/")).Status} {(await client.GetAsync("/")).Text}");
Check("typed route", "user 5", (await client.GetAsync(Capsule.Links.User(5))).Text);
Check("constraint miss", "51", ((int)(await client.GetAsync("/users/five")).Status).ToString());
Check("scgi", "from scgi", (await client.GetAsync("/api/x")).Text);
File.Delete(path);
Console.WriteLine(failures == 0 ? "package check passed" : "package check FAILED");
return failures == 0 ? 0 : 1;

[Gemini("/")]
public partial class Capsule
{
    [Gemini("")] public string Home() => "# Home";
    [Gemini("users/{id:int}")] public string User(int id) => \$"user {id}";
}

[Scgi("/api", Socket = "$socket")]
public partial class Api;
CS

echo "== consumer: build and run against the package only"
dotnet run --project "$consumer" -nologo

echo "== consumer: the package's runtime settings reach it (buildTransitive)"
config=$(find "$consumer/bin" -name Consumer.runtimeconfig.json | head -1)
grep -q '"System.Threading.ThreadPool.UnfairSemaphoreSpinLimit": 0' "$config" || { echo "FAIL: $config lacks the package's runtime settings"; cat "$config"; exit 1; }
echo "ok   UnfairSemaphoreSpinLimit=0 in $(basename "$config")"

echo "== consumer: a bad route must not build"
cat > "$consumer/Bad.cs" <<'CS'
using GenGemini;
public partial class Bad
{
    [Gemini("/bad/{id:integer}")] public string M(int id) => "";
}
CS
if output=$(dotnet build "$consumer" -nologo 2>&1); then
  echo "FAIL: the consumer with a bad route built"; exit 1
fi
echo "$output" | grep -E "Bad\.cs\([0-9]+,[0-9]+\): error GG0003" | head -1
echo "$output" | grep -qE "error GG0003" || { echo "FAIL: no GG0003 in the build output"; exit 1; }
echo "package consumer check passed"
