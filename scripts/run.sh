#!/usr/bin/env bash
# Starts Azurite (local Azure Storage) and the Streamer host on http://127.0.0.1:7071.
# Ctrl+C stops both. Data persists in .azurite/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
[ -f Streamer.Functions/local.settings.json ] || cp Streamer.Functions/local.settings.json.example Streamer.Functions/local.settings.json

mkdir -p .azurite
./node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT

echo "Azurite running (pid $azurite_pid); starting the host on http://127.0.0.1:7071 ..."
dotnet run --project Streamer.Functions
