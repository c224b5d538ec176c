#!/usr/bin/env bash
# Installs the real Claude Code CLI (its native Linux binary, from the npm registry) for the tests
# that run it in a sandbox. Pinned: the tests' recorded event formats are this version's.
#
# Usage: install-claude-code.sh [folder]   (default /var/cache/sbx-agent/claude-code)
# Prints the binary's path. Safe to run again.
set -euo pipefail
version=2.1.328
folder="${1:-/var/cache/sbx-agent/claude-code}"
binary="$folder/node_modules/@anthropic-ai/claude-code-linux-x64/claude"

say()  { echo "install-claude-code: $*" >&2; }
fail() { echo "install-claude-code: ERROR: $*" >&2; exit 1; }

if [ -x "$binary" ] && grep -q "\"version\": \"$version\"" "$folder/node_modules/@anthropic-ai/claude-code-linux-x64/package.json" 2>/dev/null; then
  echo "$binary"
  exit 0
fi
if ! command -v npm > /dev/null 2>&1; then
  command -v apt-get > /dev/null 2>&1 || fail "npm is missing; install Node.js and npm"
  say "installing npm (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm > /dev/null 2>&1 \
    || { apt-get update -q > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm > /dev/null; } \
    || fail "could not install npm; install Node.js and npm"
fi
mkdir -p "$folder"
say "installing @anthropic-ai/claude-code-linux-x64@$version"
npm install --no-audit --no-fund --prefix "$folder" "@anthropic-ai/claude-code-linux-x64@$version" > "$folder/npm.log" 2>&1 \
  || { tail -n 20 "$folder/npm.log" >&2; fail "npm install failed (log $folder/npm.log)"; }
[ -x "$binary" ] || fail "the package did not bring $binary"
echo "$binary"
