#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to PublicAPI.Unshipped.txt of
# its project, sorted. Review the diff: it is the public API change you are making.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/GenGemini src/GenGemini.Testing; do
  file="$project/PublicAPI.Unshipped.txt"
  new=$(dotnet build "$project" --no-dependencies -p:TreatWarningsAsErrors=false 2>&1 \
    | grep "RS0016" | grep "$project/" | sed "s/.*Symbol '\(.*\)' is not part of the declared public API.*/\1/" | sort -u || true)
  if [ -n "$new" ]; then
    { grep -v '^#nullable' "$file" || true; printf '%s\n' "$new"; } | sort -u > "$file.tmp"
    { echo '#nullable enable'; cat "$file.tmp"; } > "$file" && rm "$file.tmp"
    echo "$file: $(printf '%s\n' "$new" | wc -l) symbol(s) added"
  fi
done
