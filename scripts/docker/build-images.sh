#!/usr/bin/env bash
# Builds the images the tests and the demo run in, with no image registry: only Debian's packages.
#
#   sbx-agent/busybox:1        busybox-static with one link per applet, users root and agent (1000)
#   sbx-agent/egress-proxy:2   Debian bookworm minbase with squid (its OpenSSL build, which verifies certificates) and the
#                              CA certificates: the allow-list egress proxy, and the key gateway that calls the model
#                              providers over TLS
#   sbx-agent/debian-agent:1   Debian bookworm minbase with python3, user agent (1000): glibc for agent
#                              CLIs such as Claude Code's native binary, and the tests' stand-in model API
#   sbx-agent/git-agent:1      Debian bookworm minbase with git, user agent (1000): the sbx contract
#                              double's clone-mode sandboxes, in which the agent's work is committed
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

# debootstrap of bookworm minbase with extra packages into a new folder; prints the folder
debootstrap_root() {
  need_packages debootstrap
  local root; root=$(mktemp -d /var/tmp/sbx-debian.XXXXXX)
  local mirror="${SBX_DEBIAN_MIRROR:-$(sed -n 's/^URIs: //p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}"
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || fail "no Debian mirror found in the apt sources; set SBX_DEBIAN_MIRROR"
  say "debootstrap bookworm with $1 from $mirror (about a minute)"
  debootstrap --variant=minbase --include="$1" bookworm "$root" "$mirror" > "$root.log" 2>&1 \
    || { tail -n 20 "$root.log" >&2; rm -rf "$root"; fail "debootstrap failed (log $root.log)"; }
  chroot "$root" apt-get clean > /dev/null 2>&1 || true
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/cache/apt/*.bin "$root.log"
  : > "$root/etc/resolv.conf"
  echo "$root"
}

build_debian_agent() {
  local image=sbx-agent/debian-agent:1
  if exists "$image"; then say "$image is there"; return; fi
  local root; root=$(debootstrap_root python3,ca-certificates)
  chroot "$root" useradd --uid 1000 --user-group --create-home --shell /bin/sh agent
  mkdir -p "$root/workspace"
  tar --numeric-owner -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/sh"]' \
    -m "debootstrap bookworm minbase + python3" - "$image" > /dev/null
  rm -rf "$root"
  say "built $image"
}

# the image the sbx contract double's clone-mode sandboxes run: the agent's work is committed inside them
build_git_agent() {
  local image=sbx-agent/git-agent:1
  if exists "$image"; then say "$image is there"; return; fi
  local root; root=$(debootstrap_root git,ca-certificates)
  chroot "$root" useradd --uid 1000 --user-group --create-home --shell /bin/sh agent
  tar --numeric-owner -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/sh"]' \
    -m "debootstrap bookworm minbase + git" - "$image" > /dev/null
  rm -rf "$root"
  say "built $image"
}

build_egress_proxy() {
  local image=sbx-agent/egress-proxy:2
  if exists "$image"; then say "$image is there"; return; fi
  local root; root=$(debootstrap_root squid-openssl,ca-certificates)
  tar --numeric-owner -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -c . | docker import \
    -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/usr/sbin/squid", "-N", "-f", "/etc/squid/sbx-agent.conf"]' \
    -m "debootstrap bookworm minbase + squid-openssl $(chroot "$root" dpkg-query -W -f='${Version}' squid-openssl) + ca-certificates" - "$image" > /dev/null
  rm -rf "$root"
  say "built $image"
}

case "${1:-all}" in
  busybox) build_busybox ;;
  egress-proxy) build_egress_proxy ;;
  debian-agent) build_debian_agent ;;
  git-agent) build_git_agent ;;
  all) build_busybox; build_egress_proxy; build_debian_agent; build_git_agent ;;
  *) fail "unknown image '$1'; known: busybox, egress-proxy, debian-agent, git-agent" ;;
esac
