#!/usr/bin/env bash
# Installs Debian's docker.io when it is missing and starts dockerd by hand (machines here have no
# systemd). Safe to run again: an engine that already answers is left alone.
#
# Settings (environment):
#   SBX_DOCKERD_LOG      where dockerd writes its log        (default /var/log/sbx-agent-dockerd.log)
#   SBX_DOCKER_STORAGE   storage driver                       (default overlay2; vfs is tried when it fails)
#   SBX_START_TIMEOUT    seconds to wait for the API          (default 60)
#   SBX_WITH_RUNSC=1     also install gVisor's runsc and register it as runtime "runsc"
# Exit status 0 when the engine answers; 1 with "start-engine: ERROR: ..." and the daemon's own
# log lines when it does not.
set -euo pipefail

socket=/var/run/docker.sock
pidfile=/var/run/docker.pid
config=/etc/docker/sbx-agent-daemon.json
log_file="${SBX_DOCKERD_LOG:-/var/log/sbx-agent-dockerd.log}"
storage="${SBX_DOCKER_STORAGE:-overlay2}"
wait_seconds="${SBX_START_TIMEOUT:-60}"

say()  { echo "start-engine: $*" >&2; }
fail() { echo "start-engine: ERROR: $*" >&2; exit 1; }

engine_answers() {
  [ -S "$socket" ] && timeout 10 docker -H "unix://$socket" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

runsc_registered() {
  docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'
}

[ "$(id -u)" -eq 0 ] || fail "run me as root: dockerd and apt-get need it"

if engine_answers && { [ "${SBX_WITH_RUNSC:-0}" != 1 ] || runsc_registered; }; then
  say "engine already answers (server $(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

packages=()
command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
command -v iptables >/dev/null 2>&1 || packages+=(iptables)
if [ "${SBX_WITH_RUNSC:-0}" = 1 ] && ! command -v runsc >/dev/null 2>&1; then packages+=(runsc); fi
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]}"
  # Without systemd a package's postinst must not try to start services.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt_log=$(mktemp /tmp/start-engine-apt.XXXXXX)
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" >>"$apt_log" 2>&1; }
  if ! install; then
    apt-get update -q >>"$apt_log" 2>&1 || true
    install || { tail -n 20 "$apt_log" >&2; [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d; fail "apt-get install ${packages[*]} failed; log in $apt_log"; }
  fi
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
fi
command -v docker >/dev/null 2>&1 || fail "the docker client is missing after the install"

# An engine that answers but lacks runsc is restarted with it.
if engine_answers && [ -f "$pidfile" ]; then
  say "restarting the engine to register runsc"
  kill "$(cat "$pidfile")" 2>/dev/null || true
  for _ in $(seq 1 100); do [ -S "$socket" ] && engine_answers || break; sleep 0.2; done
fi

# A dockerd that is up but not answering yet: wait for it rather than start a second one.
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  for _ in $(seq 1 $((wait_seconds * 5))); do engine_answers && { say "engine came up"; exit 0; }; sleep 0.2; done
  fail "dockerd $(cat "$pidfile") runs but does not answer on $socket; see $log_file"
fi

iptables_enabled=true
if ! iptables -t filter -L -n >/dev/null 2>&1; then
  if [ -x /usr/sbin/iptables-legacy ] && /usr/sbin/iptables-legacy -t filter -L -n >/dev/null 2>&1; then
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
  else
    say "WARNING: no working iptables; bridge networks get no isolation rules"
    iptables_enabled=false
  fi
fi

runtimes=''
if [ "${SBX_WITH_RUNSC:-0}" = 1 ]; then
  # gVisor here runs only on the ptrace platform with its own networking switched off.
  runtimes=', "runtimes": {"runsc": {"path": "'"$(command -v runsc)"'", "runtimeArgs": ["--network=none"]}}'
fi

launch() {
  local driver="$1"
  mkdir -p /etc/docker "$(dirname "$log_file")"
  # Our own config file, so that a daemon.json left by someone else cannot clash with our flags.
  cat > "$config" <<JSON
{"storage-driver": "$driver", "iptables": $iptables_enabled, "ip-masq": $iptables_enabled,
 "log-driver": "json-file", "log-opts": {"max-size": "10m", "max-file": "2"},
 "exec-opts": ["native.cgroupdriver=cgroupfs"]$runtimes}
JSON
  echo "--- $(date -u +%FT%TZ) start-engine: storage $driver" >> "$log_file"
  log_offset=$(( $(stat -c %s "$log_file") + 1 ))
  setsid nohup dockerd --config-file "$config" --host "unix://$socket" --pidfile "$pidfile" \
    >> "$log_file" 2>&1 < /dev/null &
  local pid=$!
  for _ in $(seq 1 $((wait_seconds * 5))); do
    engine_answers && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  say "dockerd with storage $driver did not come up; its log says:"
  tail -c +"$log_offset" "$log_file" | grep -iE 'error|fatal|fail' | tail -n 8 | sed 's/^/    | /' >&2 || true
  return 1
}

say "starting dockerd (storage $storage)"
if ! launch "$storage"; then
  if [ "$storage" != vfs ] && tail -c +"$log_offset" "$log_file" | grep -qiE 'overlay|graphdriver|storage|d_type'; then
    say "retrying with the vfs storage driver"
    launch vfs || fail "dockerd did not start with $storage nor vfs; full log in $log_file"
  else
    fail "dockerd did not start; full log in $log_file"
  fi
fi
say "engine up: server $(docker version --format '{{.Server.Version}}'), storage $(docker info --format '{{.Driver}}')"
