#!/usr/bin/env bash
# Cold-start benchmark (docs/benchmarks.md, "Cold start"): publishes the Ingest bootstrap and the hello-world
# runtime the same way (scripts/publish-ingest.sh), then starts each as Lambda would, interleaved, against the
# loopback fakes, and prints medians. Fails when the model was not called in the published artifact.
#   scripts/bench-coldstart.sh [runs]      (SKIP_PUBLISH=1 reuses artifacts/ingest and artifacts/hello)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
runs="${1:-9}"
if [ -z "${SKIP_PUBLISH:-}" ]; then
  scripts/publish-ingest.sh
  PROJECT=benchmarks/HelloRuntime/HelloRuntime.csproj OUT=artifacts/hello scripts/publish-ingest.sh
fi
dotnet run -c Release --project benchmarks/SecHubBot.Benchmarks -- coldstart artifacts/ingest/publish/bootstrap "$runs" artifacts/hello/publish/bootstrap
