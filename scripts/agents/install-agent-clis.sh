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
