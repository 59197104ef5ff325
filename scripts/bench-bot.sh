#!/usr/bin/env bash
# Bot scenario benchmark (docs/benchmarks.md, "## Bot"): builds the Bot in Release, then runs the harness,
# which starts the fakes, runs the Bot as a child process and prints latency and memory figures.
# Extra arguments go to the harness: --threads 20 --model-delay 2 --sequential 5
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Bot -c Release --nologo -v quiet
dotnet run -c Release --project benchmarks/SecHubBot.Bot.Benchmarks -- "$@"
