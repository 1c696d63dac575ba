#!/usr/bin/env bash
# Validates infra/bicep offline: `bicep build` and `bicep lint` on every template and `build-params` on
# every .bicepparam file. Fails on any error AND on any warning (type errors such as BCP037 are only
# warnings in Bicep and cannot be raised to errors in bicepconfig.json).
# The Bicep CLI comes from NuGet (infra/bicep/tools/BicepCli.csproj) into the global packages folder.
set -euo pipefail
cd "$(dirname "$0")/.."

bicep_version=0.49.2
infra=infra/bicep

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "validate-infra: the pinned Bicep CLI package is linux-x64; this machine is $(uname -s)-$(uname -m)." >&2
  exit 1
fi

dotnet restore "$infra/tools/BicepCli.csproj" -nologo -v quiet

# The global packages folder as NuGet resolves it (honours NUGET_PACKAGES and nuget.config).
packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
packages=${packages:-${NUGET_PACKAGES:-$HOME/.nuget/packages}}
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "validate-infra: Bicep CLI not found at $bicep after restore." >&2
  exit 1
fi
chmod +x "$bicep"

# build-params evaluates readEnvironmentVariable(); give the per-deployment values placeholders.
# The parameters/*.bicepparam glob covers dev and prod (hosting = functions) and container.bicepparam
# (hosting = container); STREAMER_IMAGE and STREAMER_MANAGEMENT_SYSTEM_KEY are read by the latter only.
export STREAMER_IMAGE="${STREAMER_IMAGE:-example.invalid/streamer-functions:validate}"
export STREAMER_AUTH_AUTHORITY="${STREAMER_AUTH_AUTHORITY:-https://issuer.example.invalid/}"
export STREAMER_MANAGEMENT_SYSTEM_KEY="${STREAMER_MANAGEMENT_SYSTEM_KEY:-validate-placeholder}"

failed=0
run() {
  local label=$1; shift
  local out status=0
  out=$("$bicep" "$@" 2>&1 >/dev/null) || status=$?
  if [ "$status" -ne 0 ] || grep -qE ' : (Error|Warning) ' <<<"$out"; then
    echo "FAIL  $label" >&2
    [ -n "$out" ] && awk '!seen[$0]++' <<<"$out" >&2
    failed=1
  else
    echo "ok    $label"
  fi
}

echo "Bicep CLI: $("$bicep" --version)"
outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
# Each call costs ~2.5 s of CLI start-up, so files are checked in batches (--pattern); build and lint
# of main.bicep also cover its modules.
run "build main.bicep" build "$infra/main.bicep" --outdir "$outdir"
run "lint $(cd "$infra" && echo *.bicep modules/*.bicep parameters/*.bicepparam)" lint --pattern "$infra/**/*.bicep*"
run "build-params $(cd "$infra" && echo parameters/*.bicepparam)" build-params --pattern "$infra/parameters/*.bicepparam" --outdir "$outdir"

if [ "$failed" -ne 0 ]; then
  echo "validate-infra: failed." >&2
  exit 1
fi
echo "validate-infra: all templates build and lint without errors or warnings."
