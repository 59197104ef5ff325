#!/usr/bin/env bash
# Slack contract check: runs the Ingest CLI with --json --all on every sample (bundled ASFF and OCSF, ../shared/samples
# when present, and the hostile fixtures) and the Bot's answer journey (ContractSampleTests: streamed and
# fallback answers with feedback and suggestions), then type-checks every call against Slack's own
# TypeScript types and checks Block Kit limits (check-payloads.mjs). Needs a built Ingest and
# tests/SecHubBot.Bot.Tests (CONFIGURATION, default Release).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
configuration="${CONFIGURATION:-Release}"
cli="$root/src/Ingest/bin/$configuration/net10.0/bootstrap.dll"
[ -f "$cli" ] || { echo "contract: build src/Ingest ($configuration) first: $cli is missing" >&2; exit 2; }

if [ ! -d "$here/node_modules/@slack/web-api" ] || [ ! -d "$here/node_modules/typescript" ]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

out="$here/generated/calls"
rm -rf "$here/generated"
mkdir -p "$out"
inputs=("$root"/samples/*.json "$root"/samples/ocsf/*.json "$here"/fixtures/*.json)
if [ -d "$root/../shared/samples" ]; then
  for f in "$root"/../shared/samples/*.json; do
    [ -e "$root/samples/$(basename "$f")" ] || inputs+=("$f")
  done
fi
if [ -d "$root/../shared/samples/ocsf" ]; then
  for f in "$root"/../shared/samples/ocsf/*.json; do
    [ -e "$root/samples/ocsf/$(basename "$f")" ] || inputs+=("$f")
  done
fi

for input in "${inputs[@]}"; do
  name="$(basename "$input" .json)"
  set +e
  dotnet "$cli" "$input" --json --all >"$out/$name.json" 2>"$out/$name.err"
  code=$?
  set -e
  case $code in
    0) rm -f "$out/$name.err" ;;
    2) if grep -q "not a finding event" "$out/$name.err"; then rm -f "$out/$name.json" "$out/$name.err"; else echo "contract: $name exited 2: $(cat "$out/$name.err")" >&2; exit 1; fi ;;
    *) echo "contract: $name exited $code: $(cat "$out/$name.err")" >&2; exit 1 ;;
  esac
done

bot_tests="$root/tests/SecHubBot.Bot.Tests/bin/$configuration/net10.0/SecHubBot.Bot.Tests.dll"
[ -f "$bot_tests" ] || { echo "contract: build tests/SecHubBot.Bot.Tests ($configuration) first: $bot_tests is missing" >&2; exit 2; }
SECHUBBOT_CONTRACT_OUT="$out" dotnet test "$root/tests/SecHubBot.Bot.Tests" -c "$configuration" --no-build --nologo \
  --filter "FullyQualifiedName~ContractSampleTests" >"$here/generated/bot-tests.log" 2>&1 \
  || { echo "contract: the Bot's answer journey failed:" >&2; tail -20 "$here/generated/bot-tests.log" >&2; exit 1; }
[ -s "$out/bot-answers.json" ] || { echo "contract: the Bot's answer journey wrote no calls" >&2; exit 1; }

node "$here/check-payloads.mjs" "$out"
