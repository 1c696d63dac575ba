#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test project. Prints a closing
# "N passed, N failed" line summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund || exit 1
dotnet build Streamer.sln -c Release -nologo -v quiet || exit 1

log=$(mktemp)
dotnet test Streamer.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per project.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No tests ran." >&2
  exit 1
fi
exit "$status"
