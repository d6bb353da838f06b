#!/usr/bin/env bash
# Mutation testing (Stryker.NET, a local tool) of the code an attacker reaches: the files listed in
# tests/GenGemini.Tests/stryker-config.json. Slow (an hour or more for all of them on 2 cores), so
# not run by CI. Prints the score per file; the JSON report lands in tests/GenGemini.Tests/StrykerOutput.
#   bash scripts/mutation.sh                       every configured file, every test
#   bash scripts/mutation.sh '**/Protocol/HostNames.cs,**/Protocol/MetaValidator.cs' 'FullyQualifiedName~Security'
#                                                  some files (globs, comma-separated), only the tests the filter names
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
args=()
if [ -n "${1:-}" ]; then
  IFS=',' read -ra globs <<<"$1"
  for g in "${globs[@]}"; do args+=(--mutate "$g"); done
fi
[ -n "${2:-}" ] && args+=(--test-case-filter "$2")
cd tests/GenGemini.Tests
dotnet dotnet-stryker --config-file stryker-config.json --concurrency "${STRYKER_CONCURRENCY:-2}" "${args[@]}"
