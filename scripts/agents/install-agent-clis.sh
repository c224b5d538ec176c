#!/usr/bin/env bash
# Installs the real agent CLIs the tests run in a sandbox, from the npm registry: Claude Code's and
# Codex's native Linux binaries. Pinned: the tests' recorded event formats are these versions'.
#
# Usage: install-agent-clis.sh [folder]   (default /var/cache/sbx-agent)
# Prints each binary's path. Safe to run again: an installed version is kept.
set -euo pipefail
root="${1:-/var/cache/sbx-agent}"

say()  { echo "install-agent-clis: $*" >&2; }
fail() { echo "install-agent-clis: ERROR: $*" >&2; exit 1; }

ensure_npm() {
  command -v npm > /dev/null 2>&1 && return
  command -v apt-get > /dev/null 2>&1 || fail "npm is missing; install Node.js and npm"
  say "installing npm (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm > /dev/null 2>&1 \
    || { apt-get update -q > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm > /dev/null; } \
    || fail "could not install npm; install Node.js and npm"
}

# install FOLDER PACKAGE@VERSION INSTALLED-NAME VERSION BINARY (relative to FOLDER)
install() {
  local folder="$root/$1" spec="$2" name="$3" version="$4" binary="$root/$1/$5"
  if [ -x "$binary" ] && grep -q "\"version\": \"$version\"" "$folder/node_modules/$name/package.json" 2>/dev/null; then
    echo "$binary"
    return
  fi
  ensure_npm
  mkdir -p "$folder"
  say "installing $spec"
  npm install --no-audit --no-fund --prefix "$folder" "$spec" > "$folder/npm.log" 2>&1 \
    || { tail -n 20 "$folder/npm.log" >&2; fail "npm install $spec failed (log $folder/npm.log)"; }
  [ -x "$binary" ] || fail "$spec did not bring $binary"
  echo "$binary"
}

install claude-code "@anthropic-ai/claude-code-linux-x64@2.1.328" "@anthropic-ai/claude-code-linux-x64" 2.1.328 \
  node_modules/@anthropic-ai/claude-code-linux-x64/claude
# the platform build of @openai/codex is published as a version of the package itself; its binary is static (musl)
install codex "@openai/codex@0.171.0-linux-x64" "@openai/codex" 0.171.0-linux-x64 \
  node_modules/@openai/codex/vendor/x86_64-unknown-linux-musl/bin/codex
# OpenCode's platform package: one binary, glibc-linked
install opencode "opencode-linux-x64@1.18.33" "opencode-linux-x64" 1.18.33 node_modules/opencode-linux-x64/bin/opencode
# Gemini CLI is a Node.js program: it needs Node.js 20 or later in its image, built here offline from
# sbx-agent/debian-agent:1 (scripts/docker/build-images.sh) with this machine's node
gemini_js=$(install gemini-cli "@google/gemini-cli@0.61.0" "@google/gemini-cli" 0.61.0 node_modules/@google/gemini-cli/bundle/gemini.js)
echo "$gemini_js"
gemini_image=sbx-agent/gemini-cli:0.61.0
if ! docker image inspect "$gemini_image" > /dev/null 2>&1; then
  node=$(command -v node) || fail "Gemini CLI's image needs Node.js 20 or later on this machine"
  [ "$("$node" -p 'process.versions.node.split(".")[0]')" -ge 20 ] || fail "Gemini CLI needs Node.js 20 or later; $node is $("$node" --version)"
  docker image inspect sbx-agent/debian-agent:1 > /dev/null 2>&1 || fail "build sbx-agent/debian-agent:1 first (scripts/docker/build-images.sh)"
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp "$node" "$context/node"
  cp -r "$root/gemini-cli/node_modules" "$context/node_modules"
  printf '#!/bin/sh\nexec /usr/local/bin/node /opt/gemini-cli/node_modules/@google/gemini-cli/bundle/gemini.js "$@"\n' > "$context/gemini"
  chmod 755 "$context/gemini"
  printf 'FROM sbx-agent/debian-agent:1\nCOPY node gemini /usr/local/bin/\nCOPY node_modules /opt/gemini-cli/node_modules\n' > "$context/Dockerfile"
  say "building $gemini_image"
  docker build -q -t "$gemini_image" "$context" > /dev/null || fail "could not build $gemini_image"
fi
echo "$gemini_image"
