#!/usr/bin/env bash
# Mutation testing (Stryker.NET, a local tool) of the code an attacker reaches: the files listed in
# tests/GenGemini.Tests/stryker-config.json. Slow (an hour or more for all of them on 2 cores), so
# not run by CI. Prints the score per file; the JSON report lands in tests/GenGemini.Tests/StrykerOutput.
#   bash scripts/mutation.sh                       every configured file, every test
#   bash scripts/mutation.sh '**/Protocol/HostNames.cs,**/Protocol/MetaValidator.cs' 'FullyQualifiedName~Security'
#                                                  some files (globs, comma-separated), only the tests the filter names
#   bash scripts/mutation.sh '' unit               every file, the unit-level test classes only (about 30 minutes;
#                                                  a floor: end-to-end tests kill more)
#   bash scripts/mutation.sh '' suite              every file, the suite without the classes that start servers or
#                                                  processes of their own (about 1 h 45 min)
#   STRYKER_COVERAGE=off bash scripts/mutation.sh ...  no coverage analysis: every selected test against every
#                                                  mutant. Slower, but right for code reached from async
#                                                  continuations, which Stryker's coverage capture (perTest, and
#                                                  "all" too) does not always see, and then skips as "no coverage"
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
args=()
if [ -n "${1:-}" ]; then
  IFS=',' read -ra globs <<<"$1"
  for g in "${globs[@]}"; do args+=(--mutate "$g"); done
fi
filter="${2:-}"
case "$filter" in
  unit) filter='FullyQualifiedName~GenGemini.Tests.Protocol.|FullyQualifiedName~HostAndMetaTests|FullyQualifiedName~GuardedPathTests|FullyQualifiedName~NetworkAccessListTests|FullyQualifiedName~RateLimitBypassTests|FullyQualifiedName~ProxyHeaderTests|FullyQualifiedName~ConnectionAdmissionUnitTests|FullyQualifiedName~RateLimitUnitTests|FullyQualifiedName~ScgiEncodingTests|FullyQualifiedName~GatewayVariablesTests|FullyQualifiedName~RealPathsTests|FullyQualifiedName~CertificateRequirementTests|FullyQualifiedName~TitanParametersTests|FullyQualifiedName~GenGemini.Tests.Gemtext.|FullyQualifiedName~CorpusReplayTests|FullyQualifiedName~PercentEncodingTests|FullyQualifiedName~NetstringTests|FullyQualifiedName~ServedPathsTests' ;;
  suite) filter='FullyQualifiedName!~TlsServerTests&FullyQualifiedName!~ScgiFaultTests&FullyQualifiedName!~HaproxyTests&FullyQualifiedName!~ServerLimitsTests&FullyQualifiedName!~SchedulingTests&FullyQualifiedName!~ConfigurationTests&FullyQualifiedName!~HostCertificateTests&FullyQualifiedName!~GuestbookTests&FullyQualifiedName!~SampleSecurityTests&FullyQualifiedName!~MemoryMeasuredTests&FullyQualifiedName!~SocketActivationTests&FullyQualifiedName!~BatchedConsoleTests' ;;
esac
[ -n "$filter" ] && args+=(--test-case-filter "$filter")
cd tests/GenGemini.Tests
config=stryker-config.json
if [ -n "${STRYKER_COVERAGE:-}" ]; then
  # The coverage analysis is a configuration key, not a switch: a copy of the file with it changed.
  config=$(mktemp --suffix=.json -p .)
  trap 'rm -f "$config"' EXIT
  sed "s/\"coverage-analysis\": \"[a-zA-Z]*\"/\"coverage-analysis\": \"$STRYKER_COVERAGE\"/" stryker-config.json >"$config"
fi
dotnet dotnet-stryker --config-file "$config" --concurrency "${STRYKER_CONCURRENCY:-2}" "${args[@]}"
