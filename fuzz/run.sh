#!/usr/bin/env bash
# Fuzzes one target (or all) with AFL++ and SharpFuzz for N minutes each:
#   bash fuzz/run.sh [target|all] [minutes]      targets: request-line request-path backend-response route-template scgi-header
# Needs Debian's afl++ (apt-get install afl++). New inputs AFL++ keeps are copied to
# fuzz/findings/<target>/; crashes and hangs are printed. Not run by CI: CI replays fuzz/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-all}
minutes=${2:-5}
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }

out=$(mktemp -d)
echo "== publish the harness and instrument GenGemini.dll"
dotnet publish fuzz/GenGemini.Fuzz -c Release -o "$out/bin" -nologo -clp:NoSummary >"$out/publish.log" 2>&1 || { cat "$out/publish.log"; exit 1; }
dotnet tool restore >/dev/null
dotnet sharpfuzz "$out/bin/GenGemini.dll" >/dev/null
# The route-template parser is compiled into the harness (linked from the generator): instrument
# only its namespace there, not the harness's own code.
dotnet sharpfuzz "$out/bin/GenGemini.Fuzz.dll" GenGemini.Generators >/dev/null

targets=(request-line request-path backend-response route-template scgi-header)
[ "$target" = all ] || targets=("$target")
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
for t in "${targets[@]}"; do
  echo "== $t for $minutes minute(s)"
  findings="$out/findings/$t"
  mkdir -p "$out/findings"
  timeout --signal=INT $((minutes * 60 + 30)) afl-fuzz -i "fuzz/corpus/$t" -o "$findings" -t 5000 -m none -V $((minutes * 60)) \
    -- dotnet "$out/bin/GenGemini.Fuzz.dll" "$t" >"$out/$t.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    grep -E "^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|run_time) " "$stats" | tr -s ' ' | paste -sd ' '
  else
    tail -20 "$out/$t.log"
  fi
  mkdir -p "fuzz/findings/$t"
  for kind in crashes hangs queue; do
    [ -d "$findings/default/$kind" ] || continue
    for f in "$findings/default/$kind"/id:*; do
      [ -e "$f" ] || continue
      cp "$f" "fuzz/findings/$t/$kind-$(basename "$f" | tr ':,' '__' | cut -c1-60)"
    done
  done
  crashes=$(ls "$findings/default/crashes" 2>/dev/null | grep -c '^id' || true)
  [ "$crashes" = 0 ] || echo "!! $crashes crash(es) in $t: see fuzz/findings/$t/crashes-*"
done
echo "Findings are in fuzz/findings/; move the inputs worth keeping to fuzz/corpus/<target>/ (the tests replay them)."
