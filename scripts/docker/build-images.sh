#!/usr/bin/env bash
# Builds the images the tests and the demo run in, with no image registry: only Debian's packages.
#
#   sbx-agent/busybox:1   busybox-static with one link per applet, users root and agent (1000)
#
# Usage: build-images.sh [busybox]   (default: every image)
# An image that already exists is kept; SBX_REBUILD=1 builds it again.
set -euo pipefail

say()  { echo "build-images: $*" >&2; }
fail() { echo "build-images: ERROR: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "no Docker engine answers; run scripts/docker/start-engine.sh first"

exists() { [ "${SBX_REBUILD:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

need_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } \
    || fail "apt-get install ${missing[*]} failed"
}

build_busybox() {
  local image=sbx-agent/busybox:1
  if exists "$image"; then say "$image is there"; return; fi
  need_packages busybox-static
  local root; root=$(mktemp -d /var/tmp/sbx-busybox.XXXXXX)
  mkdir -p "$root"/{bin,etc,tmp,root,home/agent,workspace,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nagent:x:1000:1000:agent:/home/agent:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nagent:x:1000:\nnogroup:x:65534:\n' > "$root/etc/group"
  chown 1000:1000 "$root/home/agent"
  tar --numeric-owner -C "$root" -c . | docker import \
    -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' \
    -m "busybox-static $(dpkg-query -W -f='${Version}' busybox-static)" - "$image" >/dev/null
  rm -rf "$root"
  say "built $image"
}

case "${1:-all}" in
  busybox|all) build_busybox ;;
  *) fail "unknown image '$1'; known: busybox" ;;
esac
