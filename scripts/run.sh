#!/usr/bin/env bash
# Starts Azurite (local Azure Storage) and the Streamer ASP.NET Core host (Streamer.Host) on http://127.0.0.1:7071.
# Ctrl+C stops both. Data persists in .azurite/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Azurite, and the SignalR browser client the dashboard serves (copied into wwwroot/lib at build).
if [ ! -x node_modules/.bin/azurite ] || [ ! -d node_modules/@microsoft/signalr ]; then
  npm ci --no-audit --no-fund
fi
[ -f Streamer.Functions/local.settings.json ] || cp Streamer.Functions/local.settings.json.example Streamer.Functions/local.settings.json

mkdir -p .azurite
./node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT

# Development, as Core Tools runs a local app: the dashboard's dev sign-in (POST /api/dev/token) exists only there.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "Azurite running (pid $azurite_pid); starting the host on http://127.0.0.1:7071 (dashboard at /) ..."
dotnet run --project Streamer.Host
