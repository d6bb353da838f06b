#!/usr/bin/env bash
# The README's test command: installs what the tests need if it is missing, then runs every
# test. A test that hangs is stopped and named (with a dump) instead of stalling the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
exec dotnet test GenGemini.sln --blame-hang-timeout 5m "$@"
