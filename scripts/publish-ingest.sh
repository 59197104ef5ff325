#!/usr/bin/env bash
# Builds the Ingest Lambda's deployable zip: a self-contained linux-x64 `bootstrap` for the
# provided.al2023 custom runtime, ReadyToRun-compiled (the faster cold start we measured; see
# docs/benchmarks.md). Native AOT is not an option: the Anthropic SDK serialises with reflection.
#   scripts/publish-ingest.sh            → artifacts/ingest/bootstrap.zip (what deploy/ingest-stack.yaml's CodeUri points at)
#   READY_TO_RUN=false scripts/publish-ingest.sh   → the same without ReadyToRun (for comparison)
# Not part of scripts/test.sh: a self-contained ReadyToRun publish takes minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
r2r="${READY_TO_RUN:-true}"
out="${OUT:-artifacts/ingest}"
publish="$out/publish"
rm -rf "$publish" "$out/bootstrap.zip"
mkdir -p "$out"

# InvariantGlobalization is set for the whole repo (Directory.Build.props): AL2023 has no libicu.
dotnet publish src/Ingest/SecHubBot.Ingest.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun="$r2r" -p:TieredPGO=true -p:GenerateDocumentationFile=false \
  -o "$publish" --nologo -v quiet

chmod +x "$publish/bootstrap"
(cd "$publish" && rm -f ./*.pdb && zip -q -r -X "../bootstrap.zip" .)
echo "$out/bootstrap.zip ($(du -h "$out/bootstrap.zip" | cut -f1), ReadyToRun=$r2r)"
