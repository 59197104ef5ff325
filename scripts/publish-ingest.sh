#!/usr/bin/env bash
# Builds the Ingest Lambda's deployable zip: a Native AOT, self-contained linux-x64 `bootstrap` for the
# provided.al2023 custom runtime (src/Ingest/Publish.props; the fastest cold start we measured, see
# docs/benchmarks.md). Native AOT needs clang and the zlib headers: installed here with apt-get when missing.
#   scripts/publish-ingest.sh            → artifacts/ingest/bootstrap.zip (what deploy/ingest-stack.yaml's CodeUri points at)
#   PROJECT=benchmarks/HelloRuntime/HelloRuntime.csproj OUT=artifacts/hello scripts/publish-ingest.sh
#                                        → the hello-world baseline of the cold-start benchmark, published the same way
# Not part of scripts/test.sh: an AOT publish takes minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project="${PROJECT:-src/Ingest/SecHubBot.Ingest.csproj}"
out="${OUT:-artifacts/ingest}"
publish="$out/publish"

# The AOT linker step runs clang (any version; Debian names it clang-NN) against zlib.
compiler="$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | grep -E 'clang-[0-9]+$' | sort -V | tail -n 1 || true)"
if [ -z "$compiler" ] || [ ! -e /usr/include/zlib.h ]; then
  echo "installing clang and zlib1g-dev for Native AOT" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  compiler="$(command -v clang)"
fi

rm -rf "$publish" "$out/bootstrap.zip"
mkdir -p "$out"

# InvariantGlobalization is set for the whole repo (Directory.Build.props): AL2023 has no libicu.
dotnet publish "$project" -c Release -r linux-x64 --self-contained true \
  -p:CppCompilerAndLinker="$compiler" -p:GenerateDocumentationFile=false \
  -o "$publish" --nologo -v quiet

chmod +x "$publish/bootstrap"
# provided.al2023 has glibc 2.34: a binary linked here must not need newer symbol versions.
if command -v objdump >/dev/null; then
  newest="$(objdump -T "$publish/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)"
  if [ "$(printf '%s\nGLIBC_2.34\n' "$newest" | sort -V | tail -n 1)" != "GLIBC_2.34" ]; then
    echo "bootstrap needs $newest, newer than Amazon Linux 2023's glibc 2.34: publish on an older distribution or in an AL2023 container" >&2
    exit 1
  fi
fi
(cd "$publish" && zip -q -r -X "../bootstrap.zip" . -x '*.dbg' '*.pdb')
echo "$out/bootstrap.zip ($(du -h "$out/bootstrap.zip" | cut -f1), Native AOT)"
