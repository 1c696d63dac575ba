#!/usr/bin/env bash
# Validates the Bicep templates, builds everything (warnings are errors) and runs every test
# project. Prints a closing "N passed, N failed" line summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")/.."

# Azurite for storage, playwright-core and the SignalR browser client for the dashboard tests.
# npm ci again when package-lock.json changed since node_modules was installed (npm writes node_modules/.package-lock.json).
if [ ! -x node_modules/.bin/azurite ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@microsoft/signalr ] \
   || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi
# The dashboard tests drive Debian's Chromium: install it when it is missing (root or sudo), or stop at once saying how.
if [ ! -x /usr/lib/chromium/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo); else
    echo "Chromium is missing; install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
  echo "Installing Debian's chromium for the dashboard tests ..."
  "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
    echo "Installing chromium failed; install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  }
fi
# Infrastructure templates first: a broken Bicep file fails fast, before the ~4 min build and test run.
./scripts/validate-infra.sh || exit 1
dotnet build Streamer.sln -c Release -nologo -v quiet || exit 1

log=$(mktemp)
dotnet test Streamer.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project ends with "Passed: P", "Failed: F" and "Skipped: S" summary lines (normal verbosity).
count() { grep -E "^ +$1: +[0-9]+$" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
echo
# The names again at the end, where a CI log's tail shows them, each with the first line of its error.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  # A test's name has dots ("Failed Streamer.X.Y [1 s]"); log lines such as "Failed to invoke ..." do not. Each failure is printed twice.
  grep -E -A2 "^ +Failed [A-Za-z_]+\.[^ ]" "$log" | grep -v -E "^--$|^ +Error Message:$" | sed 's/^ */  /' | awk '!seen[$0]++'
  echo
fi
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No tests ran." >&2
  exit 1
fi
exit "$status"
