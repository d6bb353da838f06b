#!/usr/bin/env bash
# Mutation testing (Stryker.NET, a local tool) of the code an attacker reaches: the files listed in
# tests/GenGemini.Tests/stryker-config.json. Slow (an hour or more for all of them on 2 cores), so
# not run by CI. Prints the score per file; the JSON report lands in tests/GenGemini.Tests/StrykerOutput.
#   bash scripts/mutation.sh                       every configured file, every test
#   bash scripts/mutation.sh '**/Protocol/HostNames.cs,**/Protocol/MetaValidator.cs' 'FullyQualifiedName~Security'
#                                                  some files (globs, comma-separated), only the tests the filter names
#   STRYKER_COVERAGE=all bash scripts/mutation.sh ...  run every selected test against every mutant: slower, but
#                                                  right for code reached from async continuations, which the
#                                                  default per-test coverage does not always attribute to its tests
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
args=()
if [ -n "${1:-}" ]; then
  IFS=',' read -ra globs <<<"$1"
  for g in "${globs[@]}"; do args+=(--mutate "$g"); done
fi
[ -n "${2:-}" ] && args+=(--test-case-filter "$2")
[ -n "${STRYKER_COVERAGE:-}" ] && args+=(--coverage-analysis "$STRYKER_COVERAGE")
cd tests/GenGemini.Tests
dotnet dotnet-stryker --config-file stryker-config.json --concurrency "${STRYKER_CONCURRENCY:-2}" "${args[@]}"
